using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using MlAlm.Core.Graphs;
using MlAlm.Core.Json;
using MlAlm.Core.Runs;
using MlAlm.Core.Storage;

namespace MlAlm.Core.Engine
{
    /// <summary>
    /// Remembers node outputs by what produced them: the module, its effective parameters, and
    /// the content hashes of its inputs (and of the asset versions it reads). A node whose key
    /// matches an earlier run reuses that run's outputs (key cache/sha256), provided their content
    /// is still stored.
    /// </summary>
    internal sealed class OutputCache
    {
        // Bump when a module's behaviour changes, so old outputs are not reused for new semantics.
        private const string EngineVersion = "1";

        private readonly IWorkspaceStore _store;

        public OutputCache(IWorkspaceStore store) => _store = store;

        public static string KeyOf(string module, IReadOnlyDictionary<string, object> parameters, IEnumerable<KeyValuePair<string, string>> inputHashes)
        {
            var text = new StringBuilder();
            text.Append("engine=").Append(EngineVersion).Append('\n');
            text.Append("module=").Append(module).Append('\n');
            text.Append("parameters=").Append(CanonicalJson.Write(w =>
            {
                w.WriteStartObject();
                foreach (var p in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(p.Key);
                    switch (p.Value)
                    {
                        case AssetReference a: w.WriteValue(AssetReference.TypeToken(a.Type) + ":" + a); break;
                        case string[] list: w.WriteStartArray(); foreach (var s in list) w.WriteValue(s); w.WriteEndArray(); break;
                        case double d: w.WriteRawValue(CanonicalJson.FormatDouble(d)); break;
                        default: w.WriteValue(p.Value); break;
                    }
                }
                w.WriteEndObject();
            }));
            foreach (var input in inputHashes.OrderBy(i => i.Key, StringComparer.Ordinal))
                text.Append("input.").Append(input.Key).Append('=').Append(input.Value).Append('\n');
            using var sha = SHA256.Create();
            return ContentHash.FromDigest(sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()))).Hex;
        }

        public CachedNode? TryGet(string key, CancellationToken ct)
        {
            var stored = _store.GetDocument(StoreKey.Of("cache", key), ct);
            if (stored == null) return null;
            var cached = DocumentJson.Deserialize<CachedNode>(stored.Content, stored.Key);
            return cached.Outputs.Values.All(o => ContentHash.TryParse(o.Sha256, out var h) && _store.ContentExists(h, ct)) ? cached : null;
        }

        public void Put(string key, CachedNode node, CancellationToken ct)
        {
            var documentKey = StoreKey.Of("cache", key);
            var bytes = DocumentJson.Serialize(node);
            try
            {
                _store.CreateDocument(documentKey, bytes, ct);
            }
            catch (DocumentExistsException)
            {
                // Identical inputs give identical outputs; an entry already there is as good (or was
                // left pointing at content since removed, which TryGet then ignores: replace it).
                var existing = _store.GetDocument(documentKey, ct);
                if (existing != null) try { _store.ReplaceDocument(documentKey, bytes, existing.ETag, ct); } catch (DocumentChangedException) { }
            }
        }
    }

    /// <summary>A cache entry: the outputs, metrics and log of a node that ran.</summary>
    internal sealed class CachedNode
    {
        public string Module { get; set; } = string.Empty;
        public Dictionary<string, RunOutputDocument> Outputs { get; set; } = new Dictionary<string, RunOutputDocument>();
        public Dictionary<string, double> Metrics { get; set; } = new Dictionary<string, double>();
        public List<string> Log { get; set; } = new List<string>();
        public string? FirstRun { get; set; }
    }
}
