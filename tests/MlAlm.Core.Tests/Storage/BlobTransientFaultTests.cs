using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Core.Datasets;
using MlAlm.Core.Experiments;
using MlAlm.Core.Storage;
using MlAlm.Core.Storage.Blob;
using MlAlm.Core.Workspaces;
using MlAlm.Testing;
using Xunit;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>
    /// The Blob store behind a proxy that throttles and loses answers, as a real network and a
    /// busy storage account do: every operation still completes, and a write whose answer was lost
    /// is not done twice when its retry finds its own first attempt in place.
    /// </summary>
    public sealed class BlobTransientFaultTests
    {
        private static readonly AzuriteServer Server = AzuriteServer.Shared;

        // Short delays keep the test quick; the behaviour is the same with the defaults.
        private static readonly BlobStoreOptions QuickRetries = new BlobStoreOptions
        {
            BlockSize = 256 * 1024,
            MaxRetries = 8,
            RetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        };

        private static BlobContainerAddress Through(FaultInjectingProxy proxy, string container) =>
            BlobContainerAddress.FromConnectionString(
                $"AccountName={Server.AccountName};AccountKey={Server.AccountKey};BlobEndpoint={proxy.BlobEndpoint}", container);

        [Fact]
        public void Throttled_requests_are_retried_and_every_operation_completes()
        {
            int sequence = 0;
            using var proxy = new FaultInjectingProxy(Server.BlobEndpoint, _ => Interlocked.Increment(ref sequence) % 2 == 0 ? ProxyFault.Throttle : ProxyFault.None);
            var container = AzuriteServer.NewContainerName("throttled");
            var store = BlobWorkspaceStore.Open(Through(proxy, container), QuickRetries);
            store.EnsureContainer();

            for (int i = 0; i < 10; i++) store.CreateDocument("docs/d" + i, new[] { (byte)i });
            var first = store.GetDocument("docs/d0")!;
            store.ReplaceDocument("docs/d0", new byte[] { 42 }, first.ETag);
            Assert.True(store.DeleteDocument("docs/d9"));
            Assert.Equal(Enumerable.Range(0, 9).Select(i => "docs/d" + i), store.ListDocuments("docs/"));

            var bytes = new byte[2 * 1024 * 1024 + 17];
            new Random(7).NextBytes(bytes);
            var info = store.PutContent(new NonSeekableStream(bytes));
            using (var read = store.OpenContent(info.Hash))
            using (var copy = new MemoryStream())
            {
                read.CopyTo(copy);
                Assert.Equal(bytes, copy.ToArray());
            }
            Assert.Equal(new byte[] { 42 }, store.GetDocument("docs/d0")!.Content);

            // Every other request was refused, and each was retried.
            Assert.True(proxy.Throttled >= 20, $"only {proxy.Throttled} requests were throttled");
            Assert.Equal(proxy.Forwarded + proxy.Throttled, store.RequestCount);
            Assert.Empty(BlobWorkspaceStore.Open(BlobContainerAddress.FromConnectionString(Server.ConnectionString, container))
                .FindIncompleteWrites(TimeSpan.Zero, remove: false));
        }

        [Fact]
        public void A_write_whose_answer_was_lost_is_retried_without_being_done_twice()
        {
            // The first attempt of every document write and delete reaches the service, which acts
            // on it, but its answer never comes back. The client's retry (same request id) then
            // meets its own write: a create finds the blob there, a replace finds the ETag moved.
            var seen = new ConcurrentDictionary<string, bool>();
            using var proxy = new FaultInjectingProxy(Server.BlobEndpoint, request =>
            {
                bool write = request.Method == "PUT" || request.Method == "DELETE";
                bool document = request.Target.Contains("/documents/", StringComparison.Ordinal);
                var id = request.Headers.TryGetValue("x-ms-client-request-id", out var value) ? value : Guid.NewGuid().ToString();
                return write && document && seen.TryAdd(id, true) ? ProxyFault.LoseResponse : ProxyFault.None;
            });
            var container = AzuriteServer.NewContainerName("lost");
            var workspace = WorkspaceFactory.OpenOrCreate(Through(proxy, container), QuickRetries);

            var folder = Path.Combine(Path.GetTempPath(), "mlalm-lost-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                var datasets = new DatasetService(workspace);
                var versions = new List<int>();
                for (int i = 1; i <= 4; i++)
                {
                    var file = Path.Combine(folder, $"v{i}.csv");
                    File.WriteAllText(file, $"x,y\n{i},{i * 2}\n");
                    versions.Add(datasets.Import(file, "churn", null).Version);
                }
                Assert.Equal(new[] { 1, 2, 3, 4 }, versions);

                var experiments = new ExperimentService(workspace);
                experiments.Create("lost-answers", null);
                experiments.AddNode("lost-answers", "data", "Dataset", new System.Collections.Hashtable { ["dataset"] = "churn:2" }, null, null);
                Assert.Single(experiments.Get("lost-answers").Graph.Nodes);

                datasets.Remove(new[] { datasets.Get("churn", 1) });
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }

            Assert.True(proxy.ResponsesLost >= 7, $"only {proxy.ResponsesLost} answers were lost");
            // Seen without the proxy: one document per version, none duplicated by a retry.
            var direct = WorkspaceFactory.Open(BlobContainerAddress.FromConnectionString(Server.ConnectionString, container));
            Assert.Equal(new[] { 2, 3, 4 }, new DatasetService(direct).List("churn", allVersions: true).Select(d => d.Version));
            Assert.Empty(new WorkspaceChecker(direct).Check(repair: false));
        }
    }
}
