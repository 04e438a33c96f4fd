using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using MlAlm.Core.Storage;
using MlAlm.Core.WebServices;
using MlAlm.Learning.Data;
using MlAlm.Learning.Scoring;

namespace MlAlm.Host.Endpoints
{
    /// <summary>A column a request must carry: its name (also as UTF-8, for matching JSON without decoding) and type.</summary>
    internal sealed class InputColumn
    {
        public InputColumn(int index, string name, ColumnType type)
        {
            Index = index;
            Name = name;
            Type = type;
            Utf8Name = Encoding.UTF8.GetBytes(name);
            IsAscii = System.Text.Ascii.IsValid(Utf8Name);
        }

        public int Index { get; }
        public string Name { get; }
        public ColumnType Type { get; }
        public byte[] Utf8Name { get; }
        public bool IsAscii { get; }
    }

    /// <summary>A column a response carries, with its JSON name and type text encoded once.</summary>
    internal sealed class OutputColumn
    {
        public OutputColumn(string name, ColumnType type)
        {
            Name = name;
            Type = type;
            JsonName = JsonEncodedText.Encode(name);
            JsonType = JsonEncodedText.Encode(type.ToString());
        }

        public string Name { get; }
        public ColumnType Type { get; }
        public JsonEncodedText JsonName { get; }
        public JsonEncodedText JsonType { get; }
    }

    /// <summary>Caps the calls an endpoint scores at once (its MaxConcurrentCalls).</summary>
    internal sealed class ConcurrencyLimit
    {
        public ConcurrencyLimit(int max)
        {
            Max = Math.Max(1, max);
            Semaphore = new SemaphoreSlim(Max, Max);
        }

        public int Max { get; }
        public SemaphoreSlim Semaphore { get; }
    }

    /// <summary>
    /// One version of one endpoint, ready to serve: the compiled pipeline, the input schema to check
    /// requests against, the output schema, the hashes of its keys and its concurrency limit.
    /// Immutable: a reload builds a new one, so a request keeps the version it started with.
    /// </summary>
    internal sealed class CompiledEndpoint
    {
        private readonly Dictionary<string, int> _inputIndex;
        private readonly byte[] _primaryKey;
        private readonly byte[] _secondaryKey;
        private readonly int _primaryLength;
        private readonly int _secondaryLength;
        private readonly bool _hasKeys;
        private byte[]? _openApi;

        public CompiledEndpoint(string storeKey, ETag eTag, ETag serviceETag, WebServiceDocument service, EndpointDocument endpoint,
            ScoringPipeline pipeline, string pipelineIdentity, ConcurrencyLimit limit)
        {
            StoreKey = storeKey;
            ETag = eTag;
            ServiceETag = serviceETag;
            Service = service.Name;
            ServiceDescription = service.Description;
            Name = endpoint.Name;
            Environment = endpoint.Environment;
            Revision = endpoint.Revision;
            Pipeline = pipeline;
            PipelineIdentity = pipelineIdentity;
            Limit = limit;
            Steps = endpoint.Pipeline.Select(s => $"{s.Type} {s.Name}:{s.Version}").ToList();

            // The service's input schema is the contract; a column the pipeline reads beyond it (which
            // a patch cannot introduce) is required as well rather than failing inside scoring.
            var columns = new List<InputColumn>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var c in service.InputSchema)
                if (seen.Add(c.Name)) columns.Add(new InputColumn(columns.Count, c.Name, ParseType(c.Type)));
            foreach (var c in pipeline.InputColumns)
                if (seen.Add(c.Name)) columns.Add(new InputColumn(columns.Count, c.Name, c.Type));
            Inputs = columns.ToArray();
            _inputIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var c in Inputs) _inputIndex[c.Name] = c.Index;
            AllInputsAscii = Inputs.All(c => c.IsAscii);
            Outputs = pipeline.OutputSchema().Select(c => new OutputColumn(c.Name, c.Type)).ToArray();

            string primaryKey = endpoint.PrimaryKey ?? string.Empty, secondaryKey = endpoint.SecondaryKey ?? string.Empty;
            _hasKeys = primaryKey.Length > 0 && secondaryKey.Length > 0;
            _primaryLength = Encoding.UTF8.GetByteCount(primaryKey);
            _secondaryLength = Encoding.UTF8.GetByteCount(secondaryKey);
            // One buffer size for both keys (a multiple of 64 bytes), so neither key's length shows in the timing.
            int size = (Math.Max(_primaryLength, _secondaryLength) / 64 + 1) * 64;
            _primaryKey = Padded(primaryKey, size);
            _secondaryKey = Padded(secondaryKey, size);
        }

        public string StoreKey { get; }
        public ETag ETag { get; }
        public ETag ServiceETag { get; }
        public string Service { get; }
        public string? ServiceDescription { get; }
        public string Name { get; }
        public string? Environment { get; }
        public int Revision { get; }
        public ScoringPipeline Pipeline { get; }

        /// <summary>What the pipeline was compiled from (content hashes and output columns): equal identities share one compiled pipeline.</summary>
        public string PipelineIdentity { get; }

        public ConcurrencyLimit Limit { get; }
        public IReadOnlyList<string> Steps { get; }
        public InputColumn[] Inputs { get; }

        /// <summary>Whether every input name is ASCII, so names can be matched on UTF-8 bytes.</summary>
        public bool AllInputsAscii { get; }
        public OutputColumn[] Outputs { get; }

        /// <summary>The OpenAPI document of this endpoint version, built on first use.</summary>
        public byte[] OpenApi(bool batchRoutes) => _openApi ??= OpenApiDocument.Build(this, batchRoutes);

        /// <summary>Index of an input column by name (ignoring case), or -1.</summary>
        public int FindInput(string name) => _inputIndex.TryGetValue(name, out int index) ? index : -1;

        /// <summary>
        /// Whether <paramref name="token"/> is the primary or the secondary key, in constant time: the
        /// token's UTF-8 bytes are copied into a zeroed buffer of a fixed size (longer tokens are cut,
        /// and then cannot match), and that whole buffer is compared with both keys, padded the same
        /// way, every time, together with the lengths. No step ends early on the first difference,
        /// on a length mismatch or on the first key that matches.
        /// </summary>
        public bool Authorizes(ReadOnlySpan<char> token)
        {
            int size = _primaryKey.Length;
            Span<byte> presented = size <= 256 ? stackalloc byte[size] : new byte[size];
            presented.Clear();
            int length = -1;
            if (token.Length <= size / 3 || Encoding.UTF8.GetByteCount(token) <= size)
                length = Encoding.UTF8.GetBytes(token, presented);
            bool primary = CryptographicOperations.FixedTimeEquals(presented, _primaryKey);
            bool secondary = CryptographicOperations.FixedTimeEquals(presented, _secondaryKey);
            primary &= length == _primaryLength;
            secondary &= length == _secondaryLength;
            return _hasKeys & (primary | secondary);
        }

        /// <summary>A key as UTF-8 in a zero-padded buffer of <paramref name="size"/> bytes.</summary>
        private static byte[] Padded(string key, int size)
        {
            var buffer = new byte[size];
            Encoding.UTF8.GetBytes(key, buffer);
            return buffer;
        }

        internal static ColumnType ParseType(string type) =>
            Enum.TryParse<ColumnType>(type, ignoreCase: true, out var parsed) ? parsed : ColumnType.String;

        public override string ToString() => $"{Service}/{Name} (revision {Revision})";
    }
}
