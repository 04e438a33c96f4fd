using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MlAlm.Core.Datasets;
using MlAlm.Core.Storage;
using MlAlm.Core.Storage.Blob;
using MlAlm.Core.Workspaces;
using MlAlm.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>
    /// The Blob service going away in the middle of a large upload and coming back (a private
    /// Azurite, stopped and started again on the same port with the same data). A put pauses at a
    /// known point (<see cref="GatedStream"/>: every earlier block handed to the store), the server
    /// stops, the put carries on into the outage, and the server starts again either well within
    /// the store's retry window, when the put must complete through its retries, or only after
    /// the window has run out, when the put must fail with a clear error and leave nothing that
    /// looks like data. Either way the workspace is whole afterwards.
    /// </summary>
    public sealed class BlobFaultTests
    {
        private const int BlockSize = 1024 * 1024;
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

        private readonly ITestOutputHelper _output;

        public BlobFaultTests(ITestOutputHelper output) => _output = output;

        /// <summary>Retries that outlast a restart of Azurite by far: about two and a half minutes of backoff at least.</summary>
        private static BlobStoreOptions Patient() => new BlobStoreOptions
        {
            BlockSize = BlockSize,
            MaxRetries = 20,
            RetryDelay = TimeSpan.FromSeconds(1),
            MaxRetryDelay = TimeSpan.FromSeconds(8),
            NetworkTimeout = TimeSpan.FromSeconds(60),
        };

        /// <summary>Retries that give up within a second or two: any real outage outlasts them.</summary>
        private static BlobStoreOptions Impatient() => new BlobStoreOptions
        {
            BlockSize = BlockSize,
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryDelay = TimeSpan.FromMilliseconds(500),
        };

        [Fact]
        public void A_large_put_rides_out_an_outage_shorter_than_its_retry_window()
        {
            using var server = AzuriteServer.StartPrivate();
            var address = BlobContainerAddress.FromConnectionString(server.ConnectionString, AzuriteServer.NewContainerName("outage-short"));
            WorkspaceFactory.Create(address, "outage");
            var options = Patient();
            var store = BlobWorkspaceStore.Open(address, options);

            const long length = 96L * 1024 * 1024;
            const ulong seed = 96;
            var expected = GeneratedStream.HashOf(length, seed);
            using var gated = new GatedStream(new GeneratedStream(length, seed), gateAt: 24L * 1024 * 1024);
            var put = Task.Run(() => store.PutContent(gated));
            WaitForGate(gated, put);
            WaitForStaging(address);

            // A document written while the server is down waits in its retries too.
            Task<ETag>? document = null;
            var outage = Outage(server, gated, TimeSpan.FromSeconds(3),
                whileDown: () => document = Task.Run(() => store.CreateDocument("notes/during-outage", Encoding.UTF8.GetBytes("{\"n\":1}"))));
            var window = MinimumBackoff(options);
            Assert.True(outage < window, $"The premise failed: the outage ({outage}) was not shorter than the retry window ({window}).");

            var stored = Finish(put);
            Assert.Equal(expected, stored.Hash);
            Assert.Equal(length, stored.Length);
            Finish(document!);
            Assert.Equal("{\"n\":1}", Encoding.UTF8.GetString(store.GetDocument("notes/during-outage")!.Content));
            _output.WriteLine($"requests sent by the store, retries included: {store.RequestCount}");

            // Nothing left over: the staging blob went once its copy was promoted.
            Assert.Empty(ContainerListing.Names(address, BlobLayout.StagingPrefix));
            AssertWorkspaceWhole(address, new[] { expected }, expectedLeftovers: 0);
        }

        [Fact]
        public void A_large_put_fails_clearly_when_the_outage_outlasts_its_retry_window_and_the_store_works_after()
        {
            using var server = AzuriteServer.StartPrivate();
            var address = BlobContainerAddress.FromConnectionString(server.ConnectionString, AzuriteServer.NewContainerName("outage-long"));
            WorkspaceFactory.Create(address, "outage");
            var store = BlobWorkspaceStore.Open(address, Impatient());
            var earlier = store.PutContent(new MemoryStream(Encoding.UTF8.GetBytes("stored before the outage")));

            const long length = 64L * 1024 * 1024;
            const ulong seed = 64;
            using var gated = new GatedStream(new GeneratedStream(length, seed), gateAt: 16L * 1024 * 1024);
            var put = Task.Run(() => store.PutContent(gated));
            WaitForGate(gated, put);
            WaitForStaging(address);

            var clock = Stopwatch.StartNew();
            server.Stop();
            gated.Release();
            var error = Assert.IsType<StoreUnavailableException>(FailureOf(put));
            _output.WriteLine($"failed {clock.Elapsed.TotalSeconds:F1} s after the stop began, {gated.BytesRead >> 20} MiB read: {error.Message}");
            AssertSaysUnreachable(error, address);

            // A document write while the server is still down fails the same way, and writes nothing.
            var documentError = Assert.Throws<StoreUnavailableException>(() => store.CreateDocument("notes/during-outage", Encoding.UTF8.GetBytes("{}")));
            AssertSaysUnreachable(documentError, address);

            // So does a put that sends one block at a time: the reader is waiting for the block in
            // flight when that block gives up, and must get the block's error, not a cancellation.
            var oneAtATime = Impatient();
            oneAtATime.UploadParallelism = 1;
            var blockError = Assert.Throws<StoreUnavailableException>(() => BlobWorkspaceStore.Open(address, oneAtATime).PutContent(new GeneratedStream(4L * BlockSize, seed: 4)));
            AssertSaysUnreachable(blockError, address);

            server.Start();
            Assert.Null(store.GetDocument("notes/during-outage"));
            // The failed put could not remove its staging blob (the server was down): it is found and removed.
            AssertWorkspaceWhole(address, new[] { earlier.Hash }, expectedLeftovers: 1);

            // The store works again: the same content goes in whole.
            var again = store.PutContent(new GeneratedStream(length, seed));
            Assert.Equal(GeneratedStream.HashOf(length, seed), again.Hash);
            AssertWorkspaceWhole(address, new[] { earlier.Hash, again.Hash }, expectedLeftovers: 0);
        }

        [Fact]
        public void A_download_cut_by_an_outage_resumes_where_it_stopped_and_verifies()
        {
            using var server = AzuriteServer.StartPrivate();
            var address = BlobContainerAddress.FromConnectionString(server.ConnectionString, AzuriteServer.NewContainerName("outage-read"));
            var store = BlobWorkspaceStore.Open(address, Patient());
            store.EnsureContainer();
            const long length = 48L * 1024 * 1024;
            var stored = store.PutContent(new GeneratedStream(length, seed: 48));

            using var content = store.OpenContent(stored.Hash);
            var buffer = new byte[64 * 1024];
            long read = 0;
            while (read < 8L * 1024 * 1024) read += content.Read(buffer, 0, buffer.Length);

            long requests = store.RequestCount;
            var clock = Stopwatch.StartNew();
            server.Stop(); // Azurite waits for the open download, then is killed
            Thread.Sleep(TimeSpan.FromSeconds(2));
            server.Start();
            _output.WriteLine($"outage during the download: server back after {clock.Elapsed.TotalSeconds:F1} s, {read >> 20} MiB read before");

            int n;
            while ((n = content.Read(buffer, 0, buffer.Length)) > 0) read += n; // the hash is checked at the end
            Assert.Equal(length, read);
            Assert.True(store.RequestCount > requests, "The download never had to resume: the outage did not cut it.");
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void A_dataset_import_cut_by_an_outage_completes_or_leaves_no_dataset(bool backWithinRetryWindow)
        {
            using var server = AzuriteServer.StartPrivate();
            var address = BlobContainerAddress.FromConnectionString(server.ConnectionString, AzuriteServer.NewContainerName("outage-dataset"));
            var created = WorkspaceFactory.Create(address, "outage");
            using var files = new TempFolder();
            var csv = files.WriteCsv("big.csv", rows: 600_000);
            var fileHash = Sha256Of(csv);

            GatedStream? gated = null;
            var options = backWithinRetryWindow ? Patient() : Impatient();
            var workspace = ObservedStore.Over(created, BlobWorkspaceStore.Open(address, options), out _,
                wrapPut: content => gated = new GatedStream(content, gateAt: 4L * 1024 * 1024));
            var import = Task.Run(() => new DatasetService(workspace).Import(csv, "big", "cut by an outage"));
            var gate = WaitUntil(() => gated, import);
            WaitForGate(gate, import);
            WaitForStaging(address);

            var datasets = new DatasetService(WorkspaceFactory.Open(address));
            if (backWithinRetryWindow)
            {
                var outage = Outage(server, gate, TimeSpan.FromSeconds(3));
                Assert.True(outage < MinimumBackoff(options), $"The premise failed: the outage ({outage}) was not shorter than the retry window.");
                var dataset = Finish(import);
                Assert.Equal(fileHash.Hex, dataset.ContentHash);
                Assert.Equal(600_000, dataset.RowCount);
                var exported = datasets.Export("big", 1, Path.Combine(files.Root, "exported.csv"), overwrite: false);
                Assert.Equal(fileHash, Sha256Of(exported.FullName));
                AssertWorkspaceWhole(address, new[] { fileHash }, expectedLeftovers: 0);
            }
            else
            {
                server.Stop();
                gate.Release();
                var error = Assert.IsType<StoreUnavailableException>(FailureOf(import));
                AssertSaysUnreachable(error, address);
                server.Start();
                // No version was created: a dataset is written only after its content is stored.
                Assert.Empty(datasets.List(null, allVersions: true));
                AssertWorkspaceWhole(address, Array.Empty<ContentHash>(), expectedLeftovers: 1);

                // Importing again, with the server up, gives version 1 of the whole file.
                var dataset = datasets.Import(csv, "big", "again");
                Assert.Equal(1, dataset.Version);
                Assert.Equal(fileHash.Hex, dataset.ContentHash);
                AssertWorkspaceWhole(address, new[] { fileHash }, expectedLeftovers: 0);
            }
        }

        /// <summary>
        /// What Test-MlWorkspace checks finds nothing wrong, only the expected complete content is
        /// listed and every piece verifies, and FindIncompleteWrites with no age threshold removes
        /// exactly the expected staging leftovers.
        /// </summary>
        private void AssertWorkspaceWhole(BlobContainerAddress address, IReadOnlyCollection<ContentHash> expectedContent, int expectedLeftovers)
        {
            var workspace = WorkspaceFactory.Open(address);
            var problems = new WorkspaceChecker(workspace).Check(repair: false).ToList();
            Assert.True(problems.Count == 0, "Test-MlWorkspace found: " + string.Join("; ", problems));

            var store = BlobWorkspaceStore.Open(address);
            var listed = store.ListContent();
            Assert.Equal(expectedContent.OrderBy(h => h.Hex, StringComparer.Ordinal), listed);
            foreach (var hash in listed)
            {
                using var content = store.OpenContent(hash);
                content.CopyTo(Stream.Null); // verifies the hash at the end
            }
            Assert.Equal(listed.Select(h => BlobLayout.ContentPrefix + h.Hex), ContainerListing.Names(address, BlobLayout.ContentPrefix));

            var leftovers = store.FindIncompleteWrites(TimeSpan.Zero, remove: true);
            foreach (var leftover in leftovers) _output.WriteLine("removed: " + leftover);
            Assert.Equal(expectedLeftovers, leftovers.Count);
            Assert.All(leftovers, l => Assert.StartsWith(BlobLayout.StagingPrefix, l, StringComparison.Ordinal));
            Assert.Empty(store.FindIncompleteWrites(TimeSpan.Zero, remove: false));
            Assert.Empty(ContainerListing.Names(address, BlobLayout.StagingPrefix));
        }

        private static void AssertSaysUnreachable(StoreException error, BlobContainerAddress address)
        {
            Assert.Contains(address.ContainerUri.ToString(), error.Message, StringComparison.Ordinal);
            Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
        }

        /// <summary>Stops the server, lets the paused put go on into the outage, waits, starts the server again.</summary>
        private TimeSpan Outage(AzuriteServer server, GatedStream gated, TimeSpan downFor, Action? whileDown = null)
        {
            var clock = Stopwatch.StartNew();
            server.Stop();
            var stopped = clock.Elapsed;
            gated.Release();
            whileDown?.Invoke();
            Thread.Sleep(downFor);
            server.Start();
            var outage = clock.Elapsed;
            _output.WriteLine($"outage: stop took {stopped.TotalSeconds:F1} s, server back after {outage.TotalSeconds:F1} s");
            return outage;
        }

        /// <summary>The least total delay the pipeline waits over all its retries (exponential, jitter at least 0.8).</summary>
        private static TimeSpan MinimumBackoff(BlobStoreOptions options)
        {
            double total = 0;
            for (int attempt = 1; attempt <= options.MaxRetries; attempt++)
                total += Math.Min((1L << Math.Min(attempt - 1, 30)) * options.RetryDelay.TotalMilliseconds * 0.8, options.MaxRetryDelay.TotalMilliseconds);
            return TimeSpan.FromMilliseconds(total);
        }

        private static void WaitForGate(GatedStream gated, Task operation)
        {
            int which = WaitHandle.WaitAny(new[] { gated.Reached, ((IAsyncResult)operation).AsyncWaitHandle }, Patience);
            if (which == 1) operation.GetAwaiter().GetResult(); // finished or failed before the gate: show why
            Assert.True(which == 0, "The upload never reached the gate.");
        }

        private static T WaitUntil<T>(Func<T?> value, Task operation) where T : class
        {
            var deadline = DateTime.UtcNow + Patience;
            while (true)
            {
                if (value() is T found) return found;
                if (operation.IsCompleted) operation.GetAwaiter().GetResult();
                Assert.True(DateTime.UtcNow < deadline, "The operation never started its upload.");
                Thread.Sleep(50);
            }
        }

        /// <summary>Waits until the upload's staging blob is listed (its first blocks are on the server).</summary>
        private static void WaitForStaging(BlobContainerAddress address)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (ContainerListing.Names(address, BlobLayout.StagingPrefix).Count == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "No staging blob appeared.");
                Thread.Sleep(100);
            }
        }

        private static T Finish<T>(Task<T> operation)
        {
            Assert.True(operation.Wait(Patience), "The operation did not finish.");
            return operation.Result;
        }

        private static Exception FailureOf(Task operation)
        {
            Assert.True(((IAsyncResult)operation).AsyncWaitHandle.WaitOne(Patience), "The operation neither finished nor failed.");
            Assert.True(operation.IsFaulted, "The operation succeeded although the server was down.");
            return operation.Exception!.InnerException!;
        }

        private static ContentHash Sha256Of(string path)
        {
            using var file = File.OpenRead(path);
            using var sha = SHA256.Create();
            return ContentHash.FromDigest(sha.ComputeHash(file));
        }

        /// <summary>A temporary folder for input and exported files.</summary>
        private sealed class TempFolder : IDisposable
        {
            public TempFolder()
            {
                Root = Path.Combine(Path.GetTempPath(), "mlalm-faults-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(Root);
            }

            public string Root { get; }

            /// <summary>A CSV of id, a number, a category and a 0/1 label: about 25 bytes a row.</summary>
            public string WriteCsv(string name, int rows)
            {
                var path = Path.Combine(Root, name);
                using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
                writer.Write("id,value,plan,label\n");
                for (int i = 0; i < rows; i++)
                {
                    writer.Write(i.ToString(CultureInfo.InvariantCulture));
                    writer.Write(',');
                    writer.Write(((i * 7919L) % 10007 / 100.0).ToString(CultureInfo.InvariantCulture));
                    writer.Write(i % 3 == 0 ? ",gold," : ",silver,");
                    writer.Write(i % 2 == 0 ? "1\n" : "0\n");
                }
                return path;
            }

            public void Dispose()
            {
                try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }
}
