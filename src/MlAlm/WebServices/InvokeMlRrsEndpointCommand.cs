using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.WebServices;
using MlAlm.Core.WebServices.Client;

namespace MlAlm.Commands.WebServices
{
    /// <summary>
    /// Calls an endpoint's request/response API. Rows come from the pipeline (e.g. Import-Csv),
    /// from a CSV file or as a JSON body; each input row comes back as one object: its own
    /// properties followed by the scores. Rows are sent in batches.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "MlRrsEndpoint", DefaultParameterSetName = EndpointObjects)]
    [Alias("Invoke-MlWebServiceRrsEndpoint")]
    [OutputType(typeof(PSObject))]
    public sealed class InvokeMlRrsEndpointCommand : MlCmdlet
    {
        private const string EndpointObjects = "EndpointObjects";
        private const string EndpointJson = "EndpointJson";
        private const string EndpointPath = "EndpointPath";
        private const string UriObjects = "UriObjects";
        private const string UriJson = "UriJson";
        private const string UriPath = "UriPath";

        private readonly List<PSObject> _pending = new List<PSObject>();
        private ScoringClient? _client;
        private Uri? _uri;
        private string? _key;
        private IReadOnlyDictionary<string, string>? _schema;

        /// <summary>The endpoint (from Get-MlWebServiceEndpoint); a local host serving the workspace must be running.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = EndpointObjects)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = EndpointJson)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = EndpointPath)]
        [ValidateNotNull]
        public MlWebServiceEndpoint? Endpoint { get; set; }

        /// <summary>The endpoint's execute URL, for a host elsewhere.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UriObjects)]
        [Parameter(Mandatory = true, ParameterSetName = UriJson)]
        [Parameter(Mandatory = true, ParameterSetName = UriPath)]
        [ValidateNotNull]
        public Uri? Uri { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = UriObjects)]
        [Parameter(Mandatory = true, ParameterSetName = UriJson)]
        [Parameter(Mandatory = true, ParameterSetName = UriPath)]
        [ValidateNotNullOrEmpty]
        public string ApiKey { get; set; } = string.Empty;

        /// <summary>Rows to score, e.g. from Import-Csv; their properties name the columns.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EndpointObjects, ValueFromPipeline = true)]
        [Parameter(Mandatory = true, ParameterSetName = UriObjects, ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>A request body in either form the host takes; the answer's rows are written.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EndpointJson)]
        [Parameter(Mandatory = true, ParameterSetName = UriJson)]
        [ValidateNotNullOrEmpty]
        public string InputJson { get; set; } = string.Empty;

        /// <summary>A CSV file of rows to score.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EndpointPath)]
        [Parameter(Mandatory = true, ParameterSetName = UriPath)]
        [ValidateNotNullOrEmpty]
        public string InputPath { get; set; } = string.Empty;

        /// <summary>Rows per request (default 100).</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int BatchSize { get; set; } = 100;

        protected override void BeginProcessing()
        {
            try
            {
                Connect();
            }
            catch (Exception e) when (ErrorRecords.IsExpected(e))
            {
                Fail(e, (object?)Endpoint ?? Uri);
            }
        }

        private void Connect()
        {
            _client = new ScoringClient();
            if (Endpoint != null)
            {
                _uri = new Uri(Endpoint.Url ?? throw new Core.Errors.MlAlmException("HostNotRunning", Core.Errors.ErrorKind.Unavailable,
                    $"No scoring host serving endpoint '{Endpoint}' is running on this machine; start one with Start-MlWebServiceHost, or pass -Uri and -ApiKey.", Endpoint));
                _key = Endpoint.PrimaryKey;
                var service = new WebServiceService(Endpoint.Workspace).Get(Endpoint.WebService, CancellationToken);
                _schema = service.InputSchema.ToDictionary(c => c.Name, c => c.Type, StringComparer.OrdinalIgnoreCase);
            }
            else
            {
                _uri = Uri;
                _key = ApiKey;
            }
        }

        protected override void ProcessRecord()
        {
            if (InputObject != null)
            {
                _pending.Add(InputObject);
                if (_pending.Count >= BatchSize) Flush();
                return;
            }
            TryRun(() =>
            {
                if (ParameterSetName == EndpointJson || ParameterSetName == UriJson)
                {
                    foreach (var row in _client!.ScoreJson(_uri!, _key!, InputJson, CancellationToken)) WriteObject(ToObject(null, row));
                    return;
                }
                var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(InputPath);
                var table = Learning.Data.DataTableReader.ReadFile(file, null, null, CancellationToken);
                for (int start = 0; start < table.RowCount; start += BatchSize)
                {
                    var rows = Enumerable.Range(start, Math.Min(BatchSize, table.RowCount - start))
                        .Select(r => (IDictionary<string, object?>)table.Columns.ToDictionary(c => c.Name, c => Convert(c.Name, c.GetValue(r)))).ToList();
                    var scored = _client!.Score(_uri!, _key!, rows, CancellationToken);
                    for (int i = 0; i < rows.Count; i++) WriteObject(ToObject(rows[i], scored[i]));
                }
            }, InputPath);
        }

        protected override void EndProcessing()
        {
            Flush();
            _client?.Dispose();
        }

        protected override void StopProcessing()
        {
            base.StopProcessing();
            _pending.Clear();
        }

        private void Flush()
        {
            if (_pending.Count == 0) return;
            var batch = _pending.ToList();
            _pending.Clear();
            TryRun(() =>
            {
                var rows = batch.Select(o => (IDictionary<string, object?>)o.Properties
                    .Where(p => p.IsGettable && (p.MemberType & PSMemberTypes.Properties) != 0)
                    .ToDictionary(p => p.Name, p => Convert(p.Name, p.Value is PSObject ps ? ps.BaseObject : p.Value))).ToList();
                var scored = _client!.Score(_uri!, _key!, rows, CancellationToken);
                for (int i = 0; i < batch.Count; i++) WriteObject(ToObject(rows[i], scored[i]));
            }, null);
        }

        /// <summary>Text from Import-Csv becomes the type the service's schema names, so rows can be piped straight in.</summary>
        private object? Convert(string column, object? value)
        {
            if (_schema == null || !(value is string text) || !_schema.TryGetValue(column, out var type)) return value;
            if (text.Length == 0) return null;
            switch (type)
            {
                case "Number":
                    return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (object)d : text;
                case "Boolean":
                    return bool.TryParse(text, out var b) ? (object)b : text;
                default:
                    return text;
            }
        }

        private static PSObject ToObject(IDictionary<string, object?>? input, IDictionary<string, object?> scores)
        {
            var result = new PSObject();
            if (input != null)
                foreach (var pair in input.Where(p => !scores.ContainsKey(p.Key))) result.Properties.Add(new PSNoteProperty(pair.Key, pair.Value));
            foreach (var pair in scores) result.Properties.Add(new PSNoteProperty(pair.Key, pair.Value));
            return result;
        }
    }
}
