using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using MlAlm.Core.Storage.Blob;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>
    /// What a Blob container holds, seen with a credential that works (the account key), apart
    /// from the store under test: every blob, uncommitted ones included, with its length and
    /// modification time, so that "nothing was written" and "nothing was rewritten" can be checked.
    /// </summary>
    internal static class ContainerListing
    {
        public static bool Exists(BlobContainerAddress address) =>
            new BlobRestClient(address, new BlobStoreOptions()).ContainerExists(CancellationToken.None);

        /// <summary>One line per blob ("name length modified"), sorted; empty for a missing container.</summary>
        public static IReadOnlyList<string> Snapshot(BlobContainerAddress address, string prefix = "") =>
            Blobs(address, prefix)
                .Select(b => b.Name + " " + b.Length.ToString(CultureInfo.InvariantCulture) + " " +
                             (b.LastModifiedUtc?.ToString("o", CultureInfo.InvariantCulture) ?? "-"))
                .OrderBy(line => line, StringComparer.Ordinal)
                .ToList();

        public static IReadOnlyList<string> Names(BlobContainerAddress address, string prefix = "") =>
            Blobs(address, prefix).Select(b => b.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();

        private static IEnumerable<ListedBlob> Blobs(BlobContainerAddress address, string prefix) =>
            new BlobRestClient(address, new BlobStoreOptions()).ListBlobs(prefix, includeUncommitted: true, 5000, CancellationToken.None).ToList();
    }
}
