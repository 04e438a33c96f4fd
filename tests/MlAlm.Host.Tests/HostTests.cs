using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Tasks;
using MlAlm.Core.WebServices;
using MlAlm.Host.Tests.Support;
using Xunit;

namespace MlAlm.Host.Tests
{
    [Collection(HostCollection.Name)]
    public class HostTests
    {
        private readonly HostWorkspace _ws;

        public HostTests(HostWorkspace ws) => _ws = ws;

        [Fact]
        public async Task Health_reports_status_endpoints_workspace_and_no_secrets()
        {
            await using var host = await RunningHost.Start(_ws.Location);
            var response = await host.Client.GetAsync("/health");
            Assert.Equal(200, (int)response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            using var json = JsonDocument.Parse(text);
            Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
            Assert.Equal(_ws.Workspace.Location, json.RootElement.GetProperty("workspace").GetString());
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("environment").ValueKind);
            Assert.True(json.RootElement.GetProperty("endpointCount").GetInt32() >= 1);
            Assert.Contains(json.RootElement.GetProperty("endpoints").EnumerateArray(),
                e => e.GetProperty("service").GetString() == HostWorkspace.ServiceName && e.GetProperty("endpoint").GetString() == "default");
            var endpoint = _ws.Services.GetEndpoint(HostWorkspace.ServiceName, "default");
            Assert.DoesNotContain(endpoint.PrimaryKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(endpoint.SecondaryKey, text, StringComparison.Ordinal);
        }

        [Fact]
        public async Task The_OpenAPI_document_describes_the_endpoint_and_its_example_request_works()
        {
            await using var host = await RunningHost.Start(_ws.Location);
            var response = await host.Client.GetAsync($"/services/{HostWorkspace.ServiceName}/endpoints/default/openapi.json");
            Assert.Equal(200, (int)response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            Assert.StartsWith("3.", root.GetProperty("openapi").GetString());
            Assert.Equal($"{HostWorkspace.ServiceName}/default", root.GetProperty("info").GetProperty("title").GetString());
            var paths = root.GetProperty("paths");
            var execute = paths.GetProperty($"/services/{HostWorkspace.ServiceName}/endpoints/default/execute").GetProperty("post");
            Assert.True(paths.TryGetProperty($"/services/{HostWorkspace.ServiceName}/endpoints/default/jobs", out _));
            Assert.True(paths.TryGetProperty($"/services/{HostWorkspace.ServiceName}/endpoints/default/jobs/{{jobId}}", out _));
            Assert.Equal("http", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("type").GetString());
            Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
            var schemas = root.GetProperty("components").GetProperty("schemas");
            var input = schemas.GetProperty("InputRecord");
            Assert.Equal(HostWorkspace.Features, input.GetProperty("properties").EnumerateObject().Select(p => p.Name));
            Assert.All(input.GetProperty("properties").EnumerateObject(), p => Assert.Equal("number", p.Value.GetProperty("type").GetString()));
            Assert.Equal(HostWorkspace.Features, input.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(new[] { "Scored Labels", "Scored Probabilities" }, schemas.GetProperty("OutputRecord").GetProperty("properties").EnumerateObject().Select(p => p.Name));

            // Every $ref resolves.
            foreach (var reference in Refs(root))
            {
                Assert.StartsWith("#/components/schemas/", reference);
                Assert.True(schemas.TryGetProperty(reference.Substring("#/components/schemas/".Length), out _), reference);
            }
            var endpoint = _ws.Services.GetEndpoint(HostWorkspace.ServiceName, "default");
            Assert.DoesNotContain(endpoint.PrimaryKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(endpoint.SecondaryKey, text, StringComparison.Ordinal);

            // The example request is a valid request.
            var example = execute.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetRawText();
            Assert.Equal(200, (await host.PostJson(RunningHost.ExecutePath(HostWorkspace.ServiceName), endpoint.PrimaryKey, example)).Status);

            Assert.Equal(404, (int)(await host.Client.GetAsync("/services/nosuch/endpoints/default/openapi.json")).StatusCode);
        }

        [Fact]
        public async Task The_OpenAPI_document_is_exactly_the_pinned_one()
        {
            // Clients generate code from this document, so any change to it must be deliberate:
            // a change that is meant replaces Expected/churn-default.openapi.json in the same commit.
            await using var host = await RunningHost.Start(_ws.Location);
            var response = await host.Client.GetAsync($"/services/{HostWorkspace.ServiceName}/endpoints/default/openapi.json");
            Assert.Equal(200, (int)response.StatusCode);
            string actual = await response.Content.ReadAsStringAsync();

            using var stream = typeof(HostTests).Assembly.GetManifestResourceStream("Expected/churn-default.openapi.json")!;
            string expected = await new StreamReader(stream).ReadToEndAsync();
            // The writer ends lines with the platform's newline and a checkout may change the file's,
            // so only the line endings are compared loosely.
            Assert.Equal(expected.ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
        }

        private static IEnumerable<string> Refs(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in element.EnumerateObject())
                {
                    if (p.Name == "$ref") yield return p.Value.GetString()!;
                    else foreach (var r in Refs(p.Value)) yield return r;
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray()) foreach (var r in Refs(item)) yield return r;
            }
        }

        [Fact]
        public async Task Endpoints_are_added_patched_and_removed_without_a_restart_and_no_request_fails_meanwhile()
        {
            string service = _ws.NewService("reload");
            var rows = _ws.FeatureRows(0, 5);
            string body = Requests.Classic(rows);
            var v1 = HostWorkspace.Expected(_ws.Pipeline(service), rows);
            var v2 = HostWorkspace.Expected(_ws.Pipeline(_ws.NewService("reload-v2", modelVersion: 2)), rows); // what the patch will serve
            Assert.NotEqual(v1, v2);
            await using var host = await RunningHost.Start(_ws.Location);
            string key = _ws.Key(service);
            Assert.Equal(v1, Requests.ClassicScores((await host.PostJson(RunningHost.ExecutePath(service), key, body)).Json));

            // Keep calling the default endpoint from several loops while it is patched.
            var failures = new List<string>();
            int calls = 0, sawV2 = 0;
            bool stop = false;
            async Task Loop()
            {
                bool switched = false;
                while (!stop)
                {
                    var (status, json) = await host.PostJson(RunningHost.ExecutePath(service), key, body);
                    System.Threading.Interlocked.Increment(ref calls);
                    if (status != 200) { lock (failures) failures.Add($"status {status}: {json.RootElement.GetRawText()}"); continue; }
                    var scores = Requests.ClassicScores(json);
                    if (scores.SequenceEqual(v1))
                    {
                        if (switched) lock (failures) failures.Add("went back to version 1 after version 2");
                    }
                    else if (scores.SequenceEqual(v2))
                    {
                        switched = true;
                        System.Threading.Interlocked.Increment(ref sawV2);
                    }
                    else lock (failures) failures.Add("scores of neither version");
                }
            }
            var loops = Enumerable.Range(0, 4).Select(_ => Task.Run(Loop)).ToArray();
            await Task.Delay(200);

            // Add an endpoint: served after a poll.
            var second = _ws.Services.AddEndpoint(service, "second", null, null);
            await WaitFor(async () => (await host.PostJson(RunningHost.ExecutePath(service, "second"), second.PrimaryKey, body)).Status == 200);
            Assert.Equal(v1, Requests.ClassicScores((await host.PostJson(RunningHost.ExecutePath(service, "second"), second.PrimaryKey, body)).Json));

            // Patch the default endpoint to model version 2: responses change within the poll interval.
            var patched = _ws.Services.UpdateEndpoint(service, "default", new MlAlm.AssetSpec(HostWorkspace.ModelName, 2), null, null);
            Assert.Equal(2, patched.TrainedModel!.Version);
            Assert.Equal(v2, HostWorkspace.Expected(_ws.Pipeline(service), rows));
            await WaitFor(() => Task.FromResult(System.Threading.Volatile.Read(ref sawV2) > 0));

            // Remove the added endpoint: 404 after a poll.
            _ws.Services.RemoveEndpoint(service, "second");
            await WaitFor(async () => (await host.PostJson(RunningHost.ExecutePath(service, "second"), second.PrimaryKey, body)).Status == 404);

            await Task.Delay(300);
            stop = true;
            await Task.WhenAll(loops);
            Assert.Empty(failures);
            Assert.True(calls > 20, $"only {calls} calls were made");
        }

        private static async Task WaitFor(Func<Task<bool>> condition)
        {
            // Far above the poll interval: the bound only catches a host that never picks up the
            // change, and must hold on a loaded 2-core CI machine.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!await condition())
            {
                Assert.True(DateTime.UtcNow < deadline, "The host did not pick up the change within 30 s.");
                await Task.Delay(25);
            }
        }

        [Fact]
        public async Task A_host_limited_to_an_environment_serves_only_its_endpoints()
        {
            string staging = _ws.NewService("env", environment: "staging");
            var production = _ws.Services.AddEndpoint(staging, "prod", null, "production");
            await using var host = await RunningHost.Start(_ws.Location, o => o.Environment = "staging");
            string body = Requests.Classic(_ws.FeatureRows(0, 1));

            Assert.Equal(200, (await host.PostJson(RunningHost.ExecutePath(staging), _ws.Key(staging), body)).Status);
            var (status, json) = await host.PostJson(RunningHost.ExecutePath(staging, "prod"), production.PrimaryKey, body);
            Assert.Equal(404, status);
            Assert.Contains("staging", json.RootElement.GetProperty("error").GetProperty("message").GetString());
            Assert.Equal(404, (await host.PostJson(RunningHost.ExecutePath(HostWorkspace.ServiceName), _ws.Key(HostWorkspace.ServiceName), body)).Status);

            using var health = JsonDocument.Parse(await host.Client.GetStringAsync("/health"));
            Assert.Equal("staging", health.RootElement.GetProperty("environment").GetString());
            Assert.All(health.RootElement.GetProperty("endpoints").EnumerateArray(), e => Assert.Equal("staging", e.GetProperty("environment").GetString()));
        }

        [Fact]
        public async Task A_running_host_is_recorded_in_the_workspace_until_it_stops()
        {
            var host = await RunningHost.Start(_ws.Location);
            var mine = HostRegistry.List(_ws.Workspace).Where(h => h.Url == host.Address.ToString().TrimEnd('/')).ToList();
            Assert.Single(mine);
            Assert.Equal(Environment.ProcessId, mine[0].ProcessId);
            Assert.Equal(Environment.MachineName, mine[0].Machine);
            await host.DisposeAsync();
            Assert.DoesNotContain(HostRegistry.List(_ws.Workspace), h => h.Url == host.Address.ToString().TrimEnd('/'));
        }

        [Fact]
        public async Task A_port_in_use_fails_fast_with_a_clear_message_and_exit_code()
        {
            await using var first = await RunningHost.Start(_ws.Location);
            int port = first.Address.Port;

            var app = ScoringHost.Build(new HostOptions { Workspace = _ws.Location, Port = port });
            var error = await Assert.ThrowsAnyAsync<IOException>(() => app.StartAsync().WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Contains("address already in use", error.Message, StringComparison.OrdinalIgnoreCase);
            await app.DisposeAsync();

            var exit = await Task.Run(() => Program.Main(new[] { "--workspace", _ws.Location, "--port", port.ToString() })).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(4, exit);
        }

        [Fact]
        public void Options_come_from_the_command_line_and_listen_on_loopback_unless_told()
        {
            var options = HostOptions.Parse(new[] { "--workspace", "/tmp/x", "--environment", "staging", "--max-body-bytes", "10000", "--poll-interval-ms", "250" });
            Assert.Equal("/tmp/x", options.Workspace);
            Assert.Equal("staging", options.Environment);
            Assert.Equal(10000, options.MaxBodyBytes);
            Assert.Equal(250, options.PollIntervalMs);
            Assert.Equal(HostOptions.DefaultPort, options.Port);
            Assert.Equal(System.Net.IPAddress.Loopback, Assert.Single(options.ListenAddresses()).Address);

            var any = HostOptions.Parse(new[] { "--workspace", "w", "--urls", "http://0.0.0.0:8080" });
            Assert.Equal(System.Net.IPAddress.Any, Assert.Single(any.ListenAddresses()).Address);

            Assert.Throws<ArgumentException>(() => HostOptions.Parse(new[] { "--port", "80" }));
            Assert.Throws<ArgumentException>(() => HostOptions.Parse(new[] { "--workspace", "w", "--port", "99999" }));
            Assert.Throws<ArgumentException>(() => HostOptions.Parse(new[] { "--workspace", "w", "--urls", "https://localhost:5001" }));
            Assert.Throws<ArgumentException>(() => HostOptions.Parse(new[] { "--workspace", "w", "--urls", "http://example.com:80" }));
            Assert.Throws<ArgumentException>(() => HostOptions.Parse(new[] { "--workspace", "w", "--port", "1", "--urls", "http://127.0.0.1:2" }));
            Assert.Throws<ArgumentException>(() => HostOptions.Parse(new[] { "--workspace", "w", "--bogus", "1" }));
            Assert.Equal(2, Program.Main(new[] { "--port", "80" }));
            Assert.Equal(3, Program.Main(new[] { "--workspace", Path.Combine(_ws.Root, "not-a-workspace"), "--port", "0" }));
        }
    }
}
