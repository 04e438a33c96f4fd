using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using MlAlm.Core.Models;
using MlAlm.Core.Storage.Blob;
using MlAlm.Core.WebServices;
using MlAlm.Core.Workspaces;
using MlAlm.Host.Tests.Support;
using MlAlm.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MlAlm.Host.Tests
{
    /// <summary>
    /// Scoring hosts as production runs them: several replicas, each a process of its own, serving
    /// one Blob workspace (here a container on the shared Azurite), reached by its container URI
    /// with the key in $MLALM_STORAGE_CONNECTION_STRING.
    /// </summary>
    [Collection(HostCollection.Name)]
    public sealed class BlobReplicaTests
    {
        private const string Service = "replicated";
        private const int PollIntervalMs = HostOptions.DefaultPollIntervalMs;

        // What docs/scoring-host.md promises for a patch to reach every replica, made generous so that
        // a 2-core machine under other builds never trips it: a correctness bound, not a measurement.
        private static readonly TimeSpan PropagationBound = TimeSpan.FromMilliseconds(PollIntervalMs * 3) + TimeSpan.FromSeconds(10);

        // A stopped host sees its record gone within a poll interval, then finishes what is in flight.
        private static readonly TimeSpan StopGuard = TimeSpan.FromSeconds(60);

        private readonly HostWorkspace _ws;
        private readonly ITestOutputHelper _output;

        public BlobReplicaTests(HostWorkspace ws, ITestOutputHelper output)
        {
            _ws = ws;
            _output = output;
        }

        [Fact]
        public async Task Two_hosts_on_one_Blob_workspace_both_serve_a_patched_endpoint_within_the_documented_bound()
        {
            var server = AzuriteServer.Shared;
            var workspace = WorkspaceFactory.Create(BlobContainerAddress.FromConnectionString(server.ConnectionString, AzuriteServer.NewContainerName("replicas")), "replicas");
            CopyModelVersions(workspace, 1, 2);
            var services = new WebServiceService(workspace);
            services.CreateFromModel(Service, new AssetSpec(HostWorkspace.ModelName, 1), Array.Empty<AssetSpec>(), null, null);
            string key = services.GetEndpoint(Service, "default").PrimaryKey;

            // The same packages scored in the local fixture: what the hosts must answer before and after
            // the patch. Computed here, so that no host has model version 2 compiled before the patch.
            var rows = _ws.FeatureRows(0, 5);
            string body = Requests.Classic(rows);
            var v1 = HostWorkspace.Expected(_ws.Pipeline(HostWorkspace.ServiceName), rows);
            var v2 = HostWorkspace.Expected(_ws.Pipeline(_ws.NewService("blob-v2", modelVersion: 2)), rows);
            Assert.NotEqual(v1, v2);

            // The credential goes to the children only: this process opens the container with the connection string.
            var environment = new Dictionary<string, string> { [BlobContainerAddress.ConnectionStringVariable] = server.ConnectionString };
            var options = new[] { "--poll-interval-ms", PollIntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var hosts = new List<HostProcess>();
            try
            {
                hosts.AddRange(await Task.WhenAll(
                    HostProcess.Start(workspace.Location, environment, options),
                    HostProcess.Start(workspace.Location, environment, options)));
                Assert.NotEqual(hosts[0].Address.Port, hosts[1].Address.Port);
                using var clients = new Clients(hosts);
                for (int h = 0; h < hosts.Count; h++)
                {
                    var (status, scores) = await clients.Score(h, key, body);
                    Assert.True(status == 200, $"Host {h} answered {status} before the patch." + hosts[h].Describe());
                    Assert.Equal(v1, scores);
                }

                var patched = services.UpdateEndpoint(Service, "default", new AssetSpec(HostWorkspace.ModelName, 2), null, null);
                var clock = Stopwatch.StartNew();
                var observed = await Task.WhenAll(Enumerable.Range(0, hosts.Count).Select(h => UntilServed(clients, h, key, body, v1, v2, clock)));
                for (int h = 0; h < hosts.Count; h++)
                {
                    _output.WriteLine($"Host {h} ({hosts[h].Address}) served revision {patched.Revision} {observed[h].TotalMilliseconds:F0} ms after the patch (poll interval {PollIntervalMs} ms, bound {PropagationBound.TotalSeconds:F0} s).");
                }
                for (int h = 0; h < hosts.Count; h++)
                {
                    Assert.True(observed[h] <= PropagationBound,
                        $"Host {h} served the patched endpoint only after {observed[h].TotalSeconds:F1} s (bound {PropagationBound.TotalSeconds:F0} s)." + hosts[h].Describe());
                }
                Assert.Equal(v2, HostWorkspace.Expected(services.LoadPipeline(Service, "default"), rows));

                // Stop-MlWebServiceHost's way, which works across machines: remove each host's record.
                var records = HostRegistry.List(workspace);
                foreach (var host in hosts)
                {
                    var record = Assert.Single(records, r => r.ProcessId == host.ProcessId && r.Url == host.Address.ToString().TrimEnd('/'));
                    HostRegistry.Unregister(workspace.Store, record.Id);
                }
                var stopping = Stopwatch.StartNew();
                foreach (var host in hosts) Assert.True(host.WaitForExit(StopGuard) == 0, "A host did not stop cleanly." + host.Describe());
                _output.WriteLine($"Both hosts stopped {stopping.ElapsedMilliseconds} ms after their records were removed.");
                Assert.Empty(HostRegistry.List(workspace));
                foreach (var host in hosts)
                    foreach (var line in host.Warnings()) _output.WriteLine($"Host {host.Address}: {line}");
            }
            finally
            {
                foreach (var host in hosts) host.Dispose();
            }
        }

        /// <summary>Model versions of the local fixture, registered in the Blob workspace by package file (same versions, same scores).</summary>
        [Fact]
        public void An_idle_poll_of_a_Blob_workspace_is_one_listing_whatever_the_number_of_endpoints()
        {
            var address = BlobContainerAddress.FromConnectionString(AzuriteServer.Shared.ConnectionString, AzuriteServer.NewContainerName("polling"));
            var workspace = WorkspaceFactory.Create(address, "polling");
            CopyModelVersions(workspace, 1, 2);
            var services = new WebServiceService(workspace);
            for (int i = 0; i < 3; i++)
                services.CreateFromModel("svc" + i, new AssetSpec(HostWorkspace.ModelName, 1), Array.Empty<AssetSpec>(), null, null);
            services.AddEndpoint("svc0", "second", null, null);

            // The host's registry over a store of its own, so that only its requests are counted.
            var hostWorkspace = WorkspaceFactory.Open(address);
            var store = (BlobWorkspaceStore)hostWorkspace.Store;
            var registry = new Endpoints.EndpointRegistry(hostWorkspace, new HostOptions { Workspace = hostWorkspace.Location },
                Microsoft.Extensions.Logging.Abstractions.NullLogger<Endpoints.EndpointRegistry>.Instance);
            long RequestsFor(Action poll)
            {
                long before = store.RequestCount;
                poll();
                return store.RequestCount - before;
            }

            long first = RequestsFor(() => registry.Refresh(default));
            Assert.Equal(4, registry.Current.All.Count);
            _output.WriteLine($"first poll (3 services, 4 endpoints, 1 compiled pipeline): {first} requests");
            for (int i = 0; i < 3; i++) Assert.Equal(1, RequestsFor(() => registry.Refresh(default)));
            Assert.Equal(1, registry.Reloads);

            // A patch is read once: the listing, the endpoint's document, the new model's package.
            services.UpdateEndpoint("svc1", "default", new AssetSpec(HostWorkspace.ModelName, 2), null, null);
            long patched = RequestsFor(() => registry.Refresh(default));
            Assert.EndsWith(":2", Assert.Single(registry.Current.Find("svc1", "default")!.Steps));
            Assert.Equal(3, patched);
            Assert.Equal(2, registry.Reloads);
            Assert.Equal(1, RequestsFor(() => registry.Refresh(default)));

            // A removed endpoint costs the listing only.
            services.RemoveEndpoint("svc0", "second");
            Assert.Equal(1, RequestsFor(() => registry.Refresh(default)));
            Assert.Equal(3, registry.Current.All.Count);
        }

        private void CopyModelVersions(MlWorkspace workspace, params int[] versions)
        {
            var folder = Path.Combine(_ws.Root, "packages-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var source = new TrainedModelService(_ws.Workspace);
            var target = new TrainedModelService(workspace);
            foreach (var version in versions)
            {
                var file = source.Export(HostWorkspace.ModelName, version, folder, overwrite: false);
                Assert.Equal(version, target.RegisterFromFile(file.FullName, HostWorkspace.ModelName, null, null).Version);
            }
        }

        /// <summary>
        /// Calls the host until it answers with the patched scores; returns how long after the patch.
        /// Every answer until then must be 200 with the old scores.
        /// </summary>
        private static async Task<TimeSpan> UntilServed(Clients clients, int host, string key, string body,
            (double, double)[] before, (double, double)[] after, Stopwatch sincePatch)
        {
            // Past the bound, keep looking a while longer, so that a failure says how late it was.
            var giveUp = PropagationBound + PropagationBound;
            while (sincePatch.Elapsed < giveUp)
            {
                var (status, scores) = await clients.Score(host, key, body);
                var at = sincePatch.Elapsed;
                Assert.True(status == 200, $"Host {host} answered {status} while the patch propagated.");
                if (scores.SequenceEqual(after)) return at;
                Assert.True(scores.SequenceEqual(before), $"Host {host} answered scores of neither version.");
                await Task.Delay(50);
            }
            return sincePatch.Elapsed;
        }

        private sealed class Clients : IDisposable
        {
            private readonly List<HttpClient> _clients;

            public Clients(IEnumerable<HostProcess> hosts) =>
                _clients = hosts.Select(h => new HttpClient { BaseAddress = h.Address, Timeout = TimeSpan.FromSeconds(60) }).ToList();

            public async Task<(int Status, (double, double)[] Scores)> Score(int host, string key, string body)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, RunningHost.ExecutePath(Service)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                using var response = await _clients[host].SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode) return ((int)response.StatusCode, Array.Empty<(double, double)>());
                using var json = JsonDocument.Parse(text);
                return ((int)response.StatusCode, Requests.ClassicScores(json));
            }

            public void Dispose()
            {
                foreach (var client in _clients) client.Dispose();
            }
        }
    }
}
