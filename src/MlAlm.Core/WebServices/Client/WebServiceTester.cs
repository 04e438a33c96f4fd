using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using MlAlm.Core.Errors;
using MlAlm.Learning.Data;
using Newtonsoft.Json.Linq;

namespace MlAlm
{
    /// <summary>One check of Test-MlWebService.</summary>
    public sealed class MlWebServiceCheck
    {
        public MlWebServiceCheck(string check, bool passed, string message, TimeSpan duration)
        {
            Check = check;
            Passed = passed;
            Message = message;
            Duration = duration;
        }

        public string Check { get; }
        public bool Passed { get; }
        public string Message { get; }
        public TimeSpan Duration { get; }

        public override string ToString() => $"{(Passed ? "PASS" : "FAIL")} {Check}: {Message}";
    }
}

namespace MlAlm.Core.WebServices.Client
{
    /// <summary>
    /// A smoke test of a deployed endpoint over HTTP: the host answers, documents the endpoint,
    /// scores sample rows with the promised columns and types, and refuses a request missing a
    /// column and a wrong key. Every check runs and is reported, passed or not.
    /// </summary>
    public sealed class WebServiceTester
    {
        private readonly MlWebServiceEndpoint _endpoint;
        private readonly MlWebService _service;

        public WebServiceTester(MlWebServiceEndpoint endpoint)
        {
            _endpoint = endpoint;
            _service = new WebServiceService(endpoint.Workspace).Get(endpoint.WebService);
        }

        public IEnumerable<MlWebServiceCheck> Run(DataTable sample, CancellationToken ct = default)
        {
            var url = _endpoint.Url ?? throw new MlAlmException("HostNotRunning", ErrorKind.Unavailable,
                $"No scoring host serving '{_endpoint}' runs on this machine; start one with Start-MlWebServiceHost.", _endpoint.ToString());
            var execute = new Uri(url);
            var root = new Uri(execute, "/");
            using var client = new ScoringClient(TimeSpan.FromSeconds(30));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

            yield return Check("Health", () =>
            {
                var response = http.GetAsync(new Uri(root, "health"), ct).GetAwaiter().GetResult();
                return ((int)response.StatusCode == 200, $"GET /health answered {(int)response.StatusCode}");
            });

            yield return Check("OpenApi", () =>
            {
                var text = http.GetStringAsync(new Uri(execute, "openapi.json")).GetAwaiter().GetResult();
                var document = JObject.Parse(text);
                var missing = _service.InputSchema.Where(c => !text.Contains("\"" + c.Name + "\"")).Select(c => c.Name).ToList();
                return ((string?)document["openapi"] != null && missing.Count == 0,
                    missing.Count == 0 ? "the OpenAPI document describes every input column" : "the OpenAPI document does not name " + string.Join(", ", missing));
            });

            var rows = Rows(sample, Math.Min(sample.RowCount, 100));
            IReadOnlyList<IDictionary<string, object?>>? scored = null;
            yield return Check("Score", () =>
            {
                scored = client.Score(execute, _endpoint.PrimaryKey, rows, ct);
                return (true, $"scored {rows.Count} row(s)");
            });

            yield return Check("RowCount", () =>
                (scored != null && scored.Count == rows.Count, scored == null ? "no answer to check" : $"{scored.Count} answer(s) for {rows.Count} row(s)"));

            yield return Check("OutputSchema", () =>
            {
                if (scored == null || scored.Count == 0) return (false, "no answer to check");
                var expected = _service.OutputSchema.Select(c => c.Name).ToList();
                var actual = scored[0].Keys.ToList();
                bool same = expected.SequenceEqual(actual, StringComparer.OrdinalIgnoreCase);
                var wrongTypes = _service.OutputSchema.Where(c => scored.Any(r => r.TryGetValue(c.Name, out var v) && v != null && !HasType(v, c.Type))).Select(c => c.Name).ToList();
                return (same && wrongTypes.Count == 0, !same
                    ? $"expected columns {string.Join(", ", expected)} but got {string.Join(", ", actual)}"
                    : wrongTypes.Count == 0 ? "columns and types match the service's output schema" : "wrong value types in " + string.Join(", ", wrongTypes));
            });

            if (_service.OutputSchema.Any(c => c.Name == "Scored Probabilities"))
                yield return Check("Probabilities", () =>
                {
                    var bad = scored?.Count(r => !(r["Scored Probabilities"] is double p) || p < 0 || p > 1) ?? -1;
                    return (bad == 0, bad < 0 ? "no answer to check" : bad == 0 ? "every probability lies in [0, 1]" : $"{bad} probabilit(ies) outside [0, 1]");
                });

            if (_service.InputSchema.Count > 0)
                yield return Check("SchemaEnforced", () =>
                {
                    var column = _service.InputSchema[0].Name;
                    var incomplete = rows.Take(1).Select(r => (IDictionary<string, object?>)r.Where(p => !string.Equals(p.Key, column, StringComparison.OrdinalIgnoreCase)).ToDictionary(p => p.Key, p => p.Value)).ToList();
                    try
                    {
                        client.Score(execute, _endpoint.PrimaryKey, incomplete, ct);
                        return (false, $"a request without column '{column}' was accepted");
                    }
                    catch (MlAlmException e) when (e.Message.Contains("400"))
                    {
                        return (e.Message.IndexOf(column, StringComparison.OrdinalIgnoreCase) >= 0, "a request without column '" + column + "' got 400: " + e.Message);
                    }
                });

            yield return Check("KeyEnforced", () =>
            {
                try
                {
                    client.Score(execute, "not-the-key", rows.Take(1).ToList(), ct);
                    return (false, "a request with a wrong key was accepted");
                }
                catch (MlAlmException e) when (e.Message.Contains("401"))
                {
                    return (true, "a request with a wrong key got 401");
                }
            });
        }

        private static MlWebServiceCheck Check(string name, Func<(bool Passed, string Message)> check)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var (passed, message) = check();
                return new MlWebServiceCheck(name, passed, message, clock.Elapsed);
            }
            catch (Exception e) when (e is MlAlmException || e is HttpRequestException || e is Newtonsoft.Json.JsonException || e is FormatException || e is OperationCanceledException)
            {
                return new MlWebServiceCheck(name, false, e.Message, clock.Elapsed);
            }
        }

        private static bool HasType(object value, string type) => type switch
        {
            "Number" => value is double || value is long,
            "Boolean" => value is bool,
            "String" => value is string,
            "DateTime" => value is DateTime || value is string,
            _ => true,
        };

        private static IReadOnlyList<IDictionary<string, object?>> Rows(DataTable table, int count)
        {
            var rows = new List<IDictionary<string, object?>>();
            for (int r = 0; r < count; r++)
            {
                var row = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var column in table.Columns)
                {
                    var value = column.GetValue(r);
                    row[column.Name] = value is DateTime d ? d.ToString("o", System.Globalization.CultureInfo.InvariantCulture) : value;
                }
                rows.Add(row);
            }
            return rows;
        }
    }
}
