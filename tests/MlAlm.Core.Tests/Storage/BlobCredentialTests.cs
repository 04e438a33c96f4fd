using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using MlAlm.Core.Datasets;
using MlAlm.Core.Experiments;
using MlAlm.Core.Storage;
using MlAlm.Core.Storage.Blob;
using MlAlm.Core.Tests.Support;
using MlAlm.Core.Workspaces;
using MlAlm.Testing;
using Xunit;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>
    /// Credentials against a real Azurite: a container SAS that works (the SAS path of the
    /// product, from a URI and from a connection string), and credentials the service refuses (a
    /// wrong account key, an expired SAS, a SAS without write permission). A refused credential is
    /// a <see cref="StoreAccessDeniedException"/> that says so and what to check, whatever the
    /// call, and nothing is written: the container, listed with the right key (uncommitted blobs
    /// included), is the same before and after.
    /// </summary>
    public sealed class BlobCredentialTests
    {
        private const string Csv = "age,plan,churned\n30,gold,1\n41,silver,0\n52,gold,1\n";
        private static readonly AzuriteServer Server = AzuriteEnvironment.SharedServerWithKeyInEnvironment();

        [Fact]
        public void A_valid_container_SAS_creates_a_workspace_stores_and_reads_back()
        {
            var container = NewContainer("sas-valid", createWithKey: true);
            var sasUri = ContainerSas.CreateUri(Server, container, "racwdl", DateTimeOffset.UtcNow.AddHours(2));
            var address = BlobContainerAddress.FromContainerUri(sasUri.AbsoluteUri);
            Assert.Equal("SAS", address.Credential.Kind);
            Assert.DoesNotContain("sig=", address.ContainerUri.AbsoluteUri, StringComparison.OrdinalIgnoreCase);

            var workspace = WorkspaceFactory.Create(address, "through-sas");
            Assert.Equal("AzureBlob", workspace.Kind);
            Assert.DoesNotContain("sig=", workspace.Location, StringComparison.OrdinalIgnoreCase);
            using var temp = new TempWorkspace();
            var dataset = new DatasetService(workspace).Import(temp.WriteFile("churn.csv", Csv), "churn", "through a SAS");
            Assert.Equal(3, dataset.RowCount);

            // Opened again from the SAS URI string, as New-/Connect-MlWorkspace -ContainerUri does.
            var reopened = WorkspaceFactory.Open(sasUri.AbsoluteUri);
            Assert.Equal(workspace.Id, reopened.Id);
            var exported = new DatasetService(reopened).Export("churn", 1, Path.Combine(temp.Root, "out.csv"), overwrite: false);
            Assert.Equal(Csv, File.ReadAllText(exported.FullName));

            // Large content goes through blocks, a commit and a server-side copy whose source carries the SAS.
            var store = BlobWorkspaceStore.Open(address, new BlobStoreOptions { BlockSize = 1024 * 1024 });
            const long length = 5L * 1024 * 1024 + 123;
            var large = store.PutContent(new GeneratedStream(length, seed: 7));
            Assert.Equal(GeneratedStream.HashOf(length, 7), large.Hash);
            using (var content = store.OpenContent(large.Hash)) Assert.Equal(length, Drain(content));
            Assert.Empty(store.FindIncompleteWrites(TimeSpan.Zero, remove: false));
            Assert.Empty(new WorkspaceChecker(reopened).Check(repair: false));
        }

        [Fact]
        public void A_connection_string_with_a_SAS_opens_reads_and_writes()
        {
            var container = NewContainer("sas-connection", createWithKey: true);
            using var temp = new TempWorkspace();
            var keyed = WorkspaceFactory.Create(KeyAddress(container), "by-key");
            new DatasetService(keyed).Import(temp.WriteFile("churn.csv", Csv), "churn", null);

            var connectionString = ContainerSas.CreateConnectionString(Server, container, "racwdl", DateTimeOffset.UtcNow.AddHours(2));
            var address = BlobContainerAddress.FromConnectionString(connectionString, container);
            Assert.Equal("SAS", address.Credential.Kind);
            Assert.Equal(KeyAddress(container).ContainerUri, address.ContainerUri);

            var workspace = WorkspaceFactory.Open(address);
            Assert.Equal(keyed.Id, workspace.Id);
            var datasets = new DatasetService(workspace);
            Assert.Equal(3, datasets.Get("churn", 1).RowCount);
            var second = datasets.Import(temp.WriteFile("more.csv", Csv + "60,silver,0\n"), "churn", null);
            Assert.Equal(2, second.Version);
            Assert.Equal(4, new DatasetService(keyed).Get("churn", 2).RowCount);
        }

        [Fact]
        public void A_wrong_account_key_is_refused_everywhere_and_writes_nothing()
        {
            var wrongKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
            Address wrong(string container) => () => BlobContainerAddress.FromConnectionString(
                $"DefaultEndpointsProtocol=http;AccountName={Server.AccountName};AccountKey={wrongKey};BlobEndpoint={Server.BlobEndpoint.AbsoluteUri};", container);

            // A new container: not created.
            var fresh = AzuriteServer.NewContainerName("wrong-key-new");
            AssertRefused(() => WorkspaceFactory.Create(wrong(fresh)(), "x"), "SharedKey", wrong(fresh)(), wrongKey);
            AssertRefused(() => WorkspaceFactory.OpenOrCreate(wrong(fresh)()), "SharedKey", wrong(fresh)(), wrongKey);
            Assert.False(ContainerListing.Exists(KeyAddress(fresh)));

            // An existing workspace: neither opened nor changed.
            var container = NewPopulatedWorkspace("wrong-key");
            AssertRefusedAndNothingWritten(container, wrong(container), "SharedKey", wrongKey);
        }

        [Fact]
        public void An_expired_SAS_is_refused_everywhere_and_writes_nothing()
        {
            var now = DateTimeOffset.UtcNow;
            Address expired(string container) => () => BlobContainerAddress.FromContainerUri(
                ContainerSas.CreateUri(Server, container, "racwdl", expiresOn: now.AddHours(-1), startsOn: now.AddHours(-3)).AbsoluteUri);

            var fresh = NewContainer("sas-expired-new", createWithKey: true);
            AssertRefused(() => WorkspaceFactory.Create(expired(fresh)(), "x"), "SAS", expired(fresh)(), null);
            Assert.Empty(ContainerListing.Snapshot(KeyAddress(fresh)));

            var container = NewPopulatedWorkspace("sas-expired");
            AssertRefusedAndNothingWritten(container, expired(container), "SAS", null);

            // The same SAS still in date is fine: it is the expiry that was refused, not the signature.
            var current = BlobContainerAddress.FromContainerUri(ContainerSas.CreateUri(Server, container, "racwdl", now.AddHours(1), now.AddHours(-3)).AbsoluteUri);
            Assert.Equal(3, new DatasetService(WorkspaceFactory.Open(current)).Get("churn", 1).RowCount);
        }

        [Fact]
        public void A_SAS_without_write_permission_reads_but_every_write_is_refused_and_writes_nothing()
        {
            Address readOnly(string container) => () => BlobContainerAddress.FromContainerUri(
                ContainerSas.CreateUri(Server, container, "rl", DateTimeOffset.UtcNow.AddHours(2)).AbsoluteUri);

            // Creating a workspace needs a write: refused, the (existing, empty) container stays empty.
            var fresh = NewContainer("sas-readonly-new", createWithKey: true);
            AssertRefused(() => WorkspaceFactory.Create(readOnly(fresh)(), "x"), "SAS", readOnly(fresh)(), null);
            AssertRefused(() => WorkspaceFactory.OpenOrCreate(readOnly(fresh)()), "SAS", readOnly(fresh)(), null);
            Assert.Empty(ContainerListing.Snapshot(KeyAddress(fresh)));

            var container = NewPopulatedWorkspace("sas-readonly");
            var before = ContainerListing.Snapshot(KeyAddress(container));
            var address = readOnly(container)();
            var workspace = WorkspaceFactory.Open(address); // reading is allowed
            var datasets = new DatasetService(workspace);
            Assert.Equal(3, datasets.Get("churn", 1).RowCount);
            Assert.Empty(new WorkspaceChecker(workspace).Check(repair: false));

            using var temp = new TempWorkspace();
            AssertRefused(() => datasets.Import(temp.WriteFile("new.csv", Csv + "1,x,0\n"), "churn", null), "SAS", address, null);
            AssertRefused(() => new ExperimentService(workspace).Create("e", null), "SAS", address, null);
            AssertStoreWritesRefused(address, "SAS", null, canList: true);
            Assert.Equal(before, ContainerListing.Snapshot(KeyAddress(container)));
        }

        [Fact]
        public void A_block_upload_refused_while_the_reader_waits_for_a_free_slot_reports_the_refusal()
        {
            // The reader waits for a block slot while the blocks in flight are refused. Whether it
            // wakes to the refusal or to the cancellation of the other blocks is a race, so the put
            // is tried many times: every one must end in the refusal, never in a bare cancellation.
            var wrongKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
            var address = BlobContainerAddress.FromConnectionString(
                $"DefaultEndpointsProtocol=http;AccountName={Server.AccountName};AccountKey={wrongKey};BlobEndpoint={Server.BlobEndpoint.AbsoluteUri};",
                AzuriteServer.NewContainerName("refused-blocks"));
            var outcomes = new Dictionary<string, int>();
            for (int attempt = 0; attempt < 120; attempt++)
            {
                var store = BlobWorkspaceStore.Open(address, new BlobStoreOptions { BlockSize = 1024 * 1024, UploadParallelism = 1 + attempt % 2 });
                string outcome;
                try
                {
                    store.PutContent(new GeneratedStream(3L * 1024 * 1024, seed: (ulong)attempt));
                    outcome = "stored";
                }
                catch (Exception e)
                {
                    outcome = e.GetType().Name;
                    if (e is StoreAccessDeniedException denied) AssertRefused(() => throw denied, "SharedKey", address, wrongKey);
                }
                outcomes[outcome] = outcomes.TryGetValue(outcome, out var n) ? n + 1 : 1;
            }
            Assert.Equal(new Dictionary<string, int> { ["StoreAccessDeniedException"] = 120 }, outcomes);
        }

        private delegate BlobContainerAddress Address();

        /// <summary>Opening, creating and every kind of store write are refused, and the container is unchanged.</summary>
        private static void AssertRefusedAndNothingWritten(string container, Address address, string kind, string? secret)
        {
            var before = ContainerListing.Snapshot(KeyAddress(container));
            Assert.NotEmpty(before);
            AssertRefused(() => WorkspaceFactory.Open(address()), kind, address(), secret);
            AssertRefused(() => WorkspaceFactory.Create(address(), "x"), kind, address(), secret);
            AssertRefused(() => WorkspaceFactory.OpenOrCreate(address()), kind, address(), secret);
            AssertStoreWritesRefused(address(), kind, secret, canList: false);
            Assert.Equal(before, ContainerListing.Snapshot(KeyAddress(container)));
        }

        private static void AssertStoreWritesRefused(BlobContainerAddress address, string kind, string? secret, bool canList)
        {
            var document = Encoding.UTF8.GetBytes("{\"written\":true}");
            foreach (int parallelism in new[] { 1, 4 })
            {
                var store = BlobWorkspaceStore.Open(address, new BlobStoreOptions { BlockSize = 1024 * 1024, UploadParallelism = parallelism });
                AssertRefused(() => store.CreateDocument("notes/refused", document), kind, address, secret);
                AssertRefused(() => store.DeleteDocument("workspace"), kind, address, secret);
                // Small content (one Put Blob), seekable large content (hashed first), and a stream
                // of blocks (non-seekable: staged, whichever block is refused first).
                AssertRefused(() => store.PutContent(new MemoryStream(document)), kind, address, secret);
                AssertRefused(() => store.PutContent(new MemoryStream(new byte[3 * 1024 * 1024 + 1])), kind, address, secret);
                AssertRefused(() => store.PutContent(new GeneratedStream(6L * 1024 * 1024, seed: 11)), kind, address, secret);
                // Cleaning up lists first: refused unless the credential may list (then there is nothing to remove).
                if (canList) Assert.Empty(store.FindIncompleteWrites(TimeSpan.Zero, remove: true));
                else AssertRefused(() => store.FindIncompleteWrites(TimeSpan.Zero, remove: true), kind, address, secret);
            }
        }

        private static StoreAccessDeniedException AssertRefused(Action action, string kind, BlobContainerAddress address, string? secret)
        {
            var error = Assert.Throws<StoreAccessDeniedException>(action);
            Assert.Contains($"refused the {kind} credential", error.Message, StringComparison.Ordinal);
            Assert.Contains(address.ContainerUri.ToString(), error.Message, StringComparison.Ordinal);
            Assert.Contains("Check the account key, the SAS token's permissions and expiry", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("sig=", error.Message, StringComparison.OrdinalIgnoreCase);
            if (secret != null) Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
            return error;
        }

        private static BlobContainerAddress KeyAddress(string container) => BlobContainerAddress.FromConnectionString(Server.ConnectionString, container);

        private static string NewContainer(string hint, bool createWithKey)
        {
            var name = AzuriteServer.NewContainerName(hint);
            if (createWithKey) Assert.True(BlobWorkspaceStore.Open(KeyAddress(name)).EnsureContainer());
            return name;
        }

        /// <summary>A workspace (made with the key) holding a dataset, an experiment and a large piece of content.</summary>
        private static string NewPopulatedWorkspace(string hint)
        {
            var container = AzuriteServer.NewContainerName(hint);
            var workspace = WorkspaceFactory.Create(KeyAddress(container), "populated");
            using var temp = new TempWorkspace();
            new DatasetService(workspace).Import(temp.WriteFile("churn.csv", Csv), "churn", null);
            new ExperimentService(workspace).Create("existing", null);
            BlobWorkspaceStore.Open(KeyAddress(container), new BlobStoreOptions { BlockSize = 1024 * 1024 })
                .PutContent(new GeneratedStream(3L * 1024 * 1024, seed: 3));
            return container;
        }

        private static long Drain(Stream stream)
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) total += read;
            return total;
        }
    }
}
