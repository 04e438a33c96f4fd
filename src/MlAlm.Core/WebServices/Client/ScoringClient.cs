using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using MlAlm.Core.Errors;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MlAlm.Core.WebServices.Client
{
    /// <summary>
    /// Calls a scoring host's request/response endpoint with rows as records and returns one record
    /// per row. The host's JSON errors (400 naming the column, 401, 404, 413) become errors with the
    /// host's message, so a script sees what the service said.
    /// </summary>
    public sealed class ScoringClient : IDisposable
    {
        private readonly HttpClient _http;

        public ScoringClient(TimeSpan? timeout = null)
        {
            _http = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        }

        public IReadOnlyList<IDictionary<string, object?>> Score(Uri executeUri, string apiKey, IReadOnlyList<IDictionary<string, object?>> rows, CancellationToken ct = default)
        {
            var body = new JArray(rows.Select(r => new JObject(r.Select(p => new JProperty(p.Key, p.Value == null ? JValue.CreateNull() : JToken.FromObject(p.Value))))));
            return ScoreJson(executeUri, apiKey, body.ToString(Formatting.None), ct);
        }

        /// <summary>Sends a JSON body as is (either request form) and reads the answer back as records.</summary>
        public IReadOnlyList<IDictionary<string, object?>> ScoreJson(Uri executeUri, string apiKey, string json, CancellationToken ct = default)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, executeUri) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            var text = Send(request, ct);
            return ReadRecords(text);
        }

        internal string Send(HttpRequestMessage request, CancellationToken ct)
        {
            HttpResponseMessage response;
            try
            {
                response = _http.SendAsync(request, ct).GetAwaiter().GetResult();
            }
            catch (HttpRequestException e)
            {
                throw new MlAlmException("HostUnreachable", ErrorKind.Unavailable, $"The scoring host at '{request.RequestUri}' could not be reached: {e.Message}. Is it running (Get-MlWebServiceHost)?", request.RequestUri, e);
            }
            catch (System.Threading.Tasks.TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new MlAlmException("HostTimeout", ErrorKind.Unavailable, $"The scoring host at '{request.RequestUri}' did not answer within {_http.Timeout.TotalSeconds:N0} s.", request.RequestUri, e);
            }
            using (response)
            {
                var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode) return text;
                throw ErrorFrom(response.StatusCode, text, request.RequestUri);
            }
        }

        private static MlAlmException ErrorFrom(HttpStatusCode status, string text, Uri? uri)
        {
            string code = "HostError", message = text;
            try
            {
                var error = JObject.Parse(text)["error"];
                if (error != null)
                {
                    code = (string?)error["code"] ?? code;
                    message = (string?)error["message"] ?? message;
                }
            }
            catch (JsonException)
            {
            }
            var kind = status switch
            {
                HttpStatusCode.Unauthorized => ErrorKind.InvalidArgument,
                HttpStatusCode.NotFound => ErrorKind.NotFound,
                HttpStatusCode.BadRequest => ErrorKind.InvalidData,
                (HttpStatusCode)413 => ErrorKind.InvalidData,
                (HttpStatusCode)429 => ErrorKind.Conflict,
                _ => ErrorKind.Unavailable,
            };
            return new MlAlmException("Host" + code, kind, $"The scoring host answered {(int)status} ({code}): {message}", uri?.ToString());
        }

        /// <summary>Reads either answer form: a list of records, or the classic Results.output1.value table.</summary>
        internal static IReadOnlyList<IDictionary<string, object?>> ReadRecords(string json)
        {
            var token = JToken.Parse(json);
            if (token is JArray records)
                return records.Select(r => (IDictionary<string, object?>)((JObject)r).Properties().ToDictionary(p => p.Name, p => ToValue(p.Value))).ToList();
            var table = token.SelectToken("Results.output1.value") ?? throw new FormatException("The host's answer has neither records nor Results.output1.value.");
            var names = table["ColumnNames"]!.Select(n => (string)n!).ToList();
            return table["Values"]!.Select(row =>
            {
                var record = new Dictionary<string, object?>(StringComparer.Ordinal);
                int i = 0;
                foreach (var value in row) record[names[i++]] = ToValue(value);
                return (IDictionary<string, object?>)record;
            }).ToList();
        }

        private static object? ToValue(JToken token) => token.Type switch
        {
            JTokenType.Null => null,
            JTokenType.Integer => token.Value<long>(),
            JTokenType.Float => token.Value<double>(),
            JTokenType.Boolean => token.Value<bool>(),
            JTokenType.Date => token.Value<DateTime>(),
            _ => token.Type == JTokenType.String ? token.Value<string>() : token.ToString(Formatting.None),
        };

        public void Dispose() => _http.Dispose();
    }
}
