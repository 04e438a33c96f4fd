using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MlAlm.Core.Storage;
using MlAlm.Core.Storage.Blob;
using MlAlm.Testing;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>
    /// The whole store contract, run against <see cref="BlobWorkspaceStore"/> on a real Azurite
    /// server, one fresh container per store. Child processes reach the container by its URI and
    /// take the key from $MLALM_STORAGE_CONNECTION_STRING, as a scoring host does.
    /// </summary>
    public sealed class BlobWorkspaceStoreContractTests : WorkspaceStoreContract
    {
        private static readonly AzuriteServer Server = AzuriteEnvironment.SharedServerWithKeyInEnvironment();

        protected override IWorkspaceStore CreateStore()
        {
            var address = BlobContainerAddress.FromConnectionString(Server.ConnectionString, AzuriteServer.NewContainerName("contract"));
            var store = BlobWorkspaceStore.Open(address, new BlobStoreOptions { BlockSize = 1024 * 1024, ListPageSize = 7 });
            store.EnsureContainer();
            return store;
        }

        protected override string StoreLocationForChildProcess(IWorkspaceStore store) => store.Location;

        protected override void CorruptContent(IWorkspaceStore store, ContentHash hash)
        {
            var blob = (BlobWorkspaceStore)store;
            var raw = new BlobRestClient(blob.Address, new BlobStoreOptions());
            var name = BlobLayout.ContentName(hash);
            var bytes = raw.GetBlob(name, CancellationToken.None)!.Value.Content;
            bytes[bytes.Length / 2] ^= 0xFF;
            raw.PutBlob(name, bytes, 0, bytes.Length, BlobCondition.None, CancellationToken.None);
        }

        /// <summary>Every blob in the container, uncommitted ones included, with its length.</summary>
        protected override IReadOnlyList<string> SnapshotStorage(IWorkspaceStore store)
        {
            var blob = (BlobWorkspaceStore)store;
            var raw = new BlobRestClient(blob.Address, new BlobStoreOptions());
            return raw.ListBlobs(string.Empty, includeUncommitted: true, 5000, CancellationToken.None)
                .Select(b => b.Name + " " + b.Length)
                .OrderBy(line => line, StringComparer.Ordinal)
                .ToList();
        }
    }
}
