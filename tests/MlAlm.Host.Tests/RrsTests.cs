using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using MlAlm.Core.WebServices;
using MlAlm.Host.Tests.Support;
using Xunit;

namespace MlAlm.Host.Tests
{
    [Collection(HostCollection.Name)]
    public class RrsTests
    {
        private readonly HostWorkspace _ws;

        public RrsTests(HostWorkspace ws) => _ws = ws;

        private string Key => _ws.Key(HostWorkspace.ServiceName);
        private static string Path => RunningHost.ExecutePath(HostWorkspace.ServiceName);

        [Fact]
        public async Task Classic_form_returns_exactly_the_pipelines_scores()
        {
            await using var host = await RunningHost.Start(_ws.Location);
            var rows = _ws.FeatureRows(0, 25);
            var (status, json) = await host.PostJson(Path, Key, Requests.Classic(rows));
            Assert.Equal(200, status);
            var value = json.RootElement.GetProperty("Results").GetProperty("output1");
            Assert.Equal("table", value.GetProperty("type").GetString());
            Assert.Equal(new[] { "Scored Labels", "Scored Probabilities" }, value.GetProperty("value").GetProperty("ColumnNames").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(new[] { "Number", "Number" }, value.GetProperty("value").GetProperty("ColumnTypes").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(JsonValueKind.Number, value.GetProperty("value").GetProperty("Values")[0][1].ValueKind);
            Assert.Equal(HostWorkspace.Expected(_ws.Pipeline(HostWorkspace.ServiceName), rows), Requests.ClassicScores(json));
        }

        [Fact]
        public async Task Classic_form_accepts_values_before_column_names_other_column_orders_extra_columns_and_nulls()
        {
            await using var host = await RunningHost.Start(_ws.Location);
            var rows = _ws.FeatureRows(30, 3);
            var expected = HostWorkspace.Expected(_ws.Pipeline(HostWorkspace.ServiceName), rows);

            // Values first, columns reversed, an extra column the schema does not name (ignored), names in another case.
            var reversed = HostWorkspace.Features.Reverse().Select(f => f.ToUpperInvariant()).Concat(new[] { "comment" }).ToList();
            string values = string.Join(",", rows.Select(r => "[" + string.Join(",", r.Reverse().Select(Requests.Num)) + ",{\"nested\":[1,2]}]"));
            string body = "{\"GlobalParameters\":{},\"Inputs\":{\"input1\":{\"Values\":[" + values + "],\"ColumnNames\":" + JsonSerializer.Serialize(reversed) + "}}}";
            var (status, json) = await host.PostJson(Path, Key, body);
            Assert.Equal(200, status);
            Assert.Equal(expected, Requests.ClassicScores(json));

            // A null is a missing value: the model's imputation decides, and the response is still a number or null.
            var (status2, json2) = await host.PostJson(Path, Key, Requests.Classic(rows).Replace("[" + Requests.Num(rows[0][0]) + ",", "[null,"));
            Assert.Equal(200, status2);
            Assert.Equal(3, json2.RootElement.GetProperty("Results").GetProperty("output1").GetProperty("value").GetProperty("Values").GetArrayLength());

            // No rows: an empty table back.
            var (status3, json3) = await host.PostJson(Path, Key, Requests.Classic(Array.Empty<double[]>()));
            Assert.Equal(200, status3);
            Assert.Equal(0, json3.RootElement.GetProperty("Results").GetProperty("output1").GetProperty("value").GetProperty("Values").GetArrayLength());
        }

        [Fact]
        public async Task Records_form_plain_and_enveloped_returns_records_with_the_output_columns()
        {
            await using var host = await RunningHost.Start(_ws.Location);
            var rows = _ws.FeatureRows(50, 10);
            var expected = HostWorkspace.Expected(_ws.Pipeline(HostWorkspace.ServiceName), rows);

            var (status, json) = await host.PostJson(Path, Key, Requests.Records(rows));
            Assert.Equal(200, status);
            Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
            Assert.Equal(new[] { "Scored Labels", "Scored Probabilities" }, json.RootElement[0].EnumerateObject().Select(p => p.Name));
            Assert.Equal(expected, Requests.RecordScores(json.RootElement));

            var (status2, json2) = await host.PostJson(Path, Key, "{\"Inputs\":{\"input1\":" + Requests.Records(rows) + "}}");
            Assert.Equal(200, status2);
            Assert.Equal(expected, Requests.RecordScores(json2.RootElement.GetProperty("Results").GetProperty("output1")));
        }

        [Theory]
        [InlineData("{\"Inputs\":{\"input1\":{\"ColumnNames\":[\"f1\",\"f2\",\"f3\",\"f4\",\"f5\",\"f6\",\"f7\"],\"Values\":[[1,2,3,4,5,6,7]]}}}", "MissingColumn", "'f8'")]
        [InlineData("{\"Inputs\":{\"input1\":{\"ColumnNames\":[\"f1\",\"f2\",\"f3\",\"f4\",\"f5\",\"f6\",\"f7\",\"f8\"],\"Values\":[[1,2,3,4,5,6,7,8],[1,2,\"x\",4,5,6,7,8]]}}}", "WrongType", "Row 2, column 'f3'")]
        [InlineData("{\"Inputs\":{\"input1\":{\"ColumnNames\":[\"f1\",\"f2\",\"f3\",\"f4\",\"f5\",\"f6\",\"f7\",\"f8\"],\"Values\":[[1,2,3,4,5,6,7,true]]}}}", "WrongType", "column 'f8'")]
        [InlineData("{\"Inputs\":{\"input1\":{\"ColumnNames\":[\"f1\",\"f2\",\"f3\",\"f4\",\"f5\",\"f6\",\"f7\",\"f8\"],\"Values\":[[1,2,3,4,5,6,7,1e999]]}}}", "WrongType", "column 'f8'")]
        [InlineData("{\"Inputs\":{\"input1\":{\"ColumnNames\":[\"f1\",\"f2\",\"f3\",\"f4\",\"f5\",\"f6\",\"f7\",\"f8\"],\"Values\":[[1,2,3,4,5,6,7]]}}}", "RowLength", "Row 1")]
        [InlineData("{\"Inputs\":{\"input1\":{\"ColumnNames\":[\"f1\",\"f1\"],\"Values\":[]}}}", "DuplicateColumn", "'f1'")]
        [InlineData("[{\"f1\":1,\"f2\":2,\"f3\":3,\"f4\":4,\"f5\":5,\"f6\":6,\"f7\":7,\"f8\":8},{\"f1\":1}]", "MissingColumn", "Record 2")]
        [InlineData("[{\"f1\":1,\"f2\":2,\"f3\":3,\"f4\":4,\"f5\":5,\"f6\":6,\"f7\":7,\"f8\":[8]}]", "WrongType", "Row 1, column 'f8'")]
        [InlineData("{\"Inputs\":{\"input1\":{\"ColumnNames\":[\"f1\"", "InvalidJson", "not valid JSON")]
        [InlineData("", "InvalidJson", "empty")]
        [InlineData("{\"inputs_typo\":{}}", "InvalidRequest", "'Inputs'")]
        [InlineData("42", "InvalidRequest", "JSON object")]
        public async Task Input_that_does_not_fit_the_schema_is_400_naming_the_problem(string body, string code, string fragment)
        {
            await using var host = await RunningHost.Start(_ws.Location);
            var (status, json) = await host.PostJson(Path, Key, body);
            Assert.Equal(400, status);
            var error = json.RootElement.GetProperty("error");
            Assert.Equal(code, error.GetProperty("code").GetString());
            Assert.Contains(fragment, error.GetProperty("message").GetString());
        }

        [Fact]
        public async Task Keys_missing_or_wrong_are_401_and_both_keys_work()
        {
            await using var host = await RunningHost.Start(_ws.Location);
            string body = Requests.Classic(_ws.FeatureRows(0, 1));
            var primary = _ws.Key(HostWorkspace.ServiceName);
            var secondary = _ws.Key(HostWorkspace.ServiceName, secondary: true);
            Assert.NotEqual(primary, secondary);

            foreach (var key in new[] { primary, secondary })
                Assert.Equal(200, (await host.PostJson(Path, key, body)).Status);

            foreach (var key in new[] { null, "", "wrong", primary + "x", primary.Substring(1), _ws.Key(_ws.NewService("other")) })
            {
                var (status, json) = await host.PostJson(Path, key == "" ? null : key, body);
                Assert.Equal(401, status);
                Assert.Equal("Unauthorized", json.RootElement.GetProperty("error").GetProperty("code").GetString());
                if (!string.IsNullOrEmpty(key)) Assert.DoesNotContain(key, json.RootElement.GetRawText(), StringComparison.Ordinal);
            }

            var basic = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("u:" + primary)));
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.SendAsync(basic)).StatusCode);
        }

        [Fact]
        public async Task A_reset_key_takes_effect_after_a_poll()
        {
            string service = _ws.NewService("keys");
            await using var host = await RunningHost.Start(_ws.Location);
            string body = Requests.Classic(_ws.FeatureRows(0, 1));
            string path = RunningHost.ExecutePath(service);
            string old = _ws.Key(service);
            Assert.Equal(200, (await host.PostJson(path, old, body)).Status);

            var reset = _ws.Services.ResetKey(service, "default", EndpointKeyType.Primary);
            await RunningHost.AfterPoll();
            Assert.Equal(401, (await host.PostJson(path, old, body)).Status);
            Assert.Equal(200, (await host.PostJson(path, reset.PrimaryKey, body)).Status);
            Assert.Equal(200, (await host.PostJson(path, reset.SecondaryKey, body)).Status);
        }

        [Fact]
        public async Task Unknown_endpoints_paths_methods_content_types_and_large_bodies_get_json_errors()
        {
            await using var host = await RunningHost.Start(_ws.Location, o => o.MaxBodyBytes = 4096);
            string body = Requests.Classic(_ws.FeatureRows(0, 1));

            async Task Check(HttpResponseMessage response, int status, string code)
            {
                Assert.Equal(status, (int)response.StatusCode);
                Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal(code, json.RootElement.GetProperty("error").GetProperty("code").GetString());
                Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("error").GetProperty("message").GetString()));
            }

            await Check(await host.Post(RunningHost.ExecutePath("nosuch"), Key, body), 404, "EndpointNotFound");
            await Check(await host.Post(RunningHost.ExecutePath(HostWorkspace.ServiceName, "nosuch"), Key, body), 404, "EndpointNotFound");
            await Check(await host.Post("/no/such/path", Key, body), 404, "NotFound");
            await Check(await host.Client.GetAsync("/file.txt"), 404, "NotFound");
            var get = await host.Client.GetAsync(Path);
            await Check(get, 405, "MethodNotAllowed");
            Assert.Equal("POST", string.Join(",", get.Content.Headers.Allow));
            await Check(await host.Post(Path, Key, body, "text/plain"), 415, "UnsupportedMediaType");
            await Check(await host.Post(Path, Key, body, "application/json; charset=iso-8859-1"), 415, "UnsupportedMediaType");
            var noType = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
            noType.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            await Check(await host.Client.SendAsync(noType), 415, "UnsupportedMediaType");
            Assert.Equal(200, (int)(await host.Post(Path, Key, body, "application/json; charset=utf-8")).StatusCode);

            string big = Requests.Classic(_ws.FeatureRows(0, 100));
            Assert.True(big.Length > 4096);
            await Check(await host.Post(Path, Key, big), 413, "PayloadTooLarge");
            // Chunked (no Content-Length): the limit still holds.
            var chunked = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StreamContent(new System.IO.MemoryStream(Encoding.UTF8.GetBytes(big))) };
            chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            chunked.Headers.TransferEncodingChunked = true;
            chunked.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            await Check(await host.Client.SendAsync(chunked), 413, "PayloadTooLarge");
            Assert.Equal(200, (int)(await host.Post(Path, Key, body)).StatusCode);
        }

        [Fact]
        public async Task Over_MaxConcurrentCalls_a_request_waits_then_gets_429()
        {
            string service = _ws.NewService("limit");
            await using var host = await RunningHost.Start(_ws.Location, o => o.QueueTimeoutMs = 200);
            var registry = (Endpoints.EndpointRegistry)host.App.Services.GetService(typeof(Endpoints.EndpointRegistry))!;
            var endpoint = registry.Current.Find(service, "default")!;
            string body = Requests.Classic(_ws.FeatureRows(0, 1));
            string key = _ws.Key(service);

            for (int i = 0; i < endpoint.Limit.Max; i++) endpoint.Limit.Semaphore.Wait(); // every slot busy
            var (status, json) = await host.PostJson(RunningHost.ExecutePath(service), key, body);
            Assert.Equal(429, status);
            Assert.Equal("TooManyRequests", json.RootElement.GetProperty("error").GetProperty("code").GetString());

            var waiting = host.PostJson(RunningHost.ExecutePath(service), key, body);
            await Task.Delay(50);
            endpoint.Limit.Semaphore.Release(endpoint.Limit.Max); // a slot frees up while it queues
            Assert.Equal(200, (await waiting).Status);
        }
    }
}
