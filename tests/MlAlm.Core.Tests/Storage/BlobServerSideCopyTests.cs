using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Core.Storage;
using MlAlm.Core.Storage.Blob;
using MlAlm.Testing;
using Xunit;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>
    /// Large content is staged, then copied server-side to its address. Azure may answer that copy
    /// "pending" and finish it later, or end it "failed"; Azurite always copies at once. Here a
    /// proxy in front of a real Azurite reports the copy as Azure can, while Azurite does the real
    /// copy: the store waits for a pending copy, reports a failed one clearly, and replaces the
    /// blob a failed copy left.
    /// </summary>
    public sealed class BlobServerSideCopyTests
    {
        private static readonly AzuriteServer Server = AzuriteServer.Shared;

        // Blocks of 256 KiB make 1 MiB "large": staged blocks, a commit, then the copy.
        private static readonly BlobStoreOptions SmallBlocks = new BlobStoreOptions
        {
            BlockSize = 256 * 1024,
            RetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        };

        [Fact]
        public void A_copy_reported_pending_is_waited_for_until_it_succeeds()
        {
            int copies = 0, looksAfterCopy = 0;
            using var proxy = new FaultInjectingProxy(Server.BlobEndpoint, _ => ProxyFault.None, (request, answer) =>
            {
                if (IsCopyInto(request))
                {
                    Interlocked.Increment(ref copies);
                    SetHeader(answer, "x-ms-copy-status", "pending");
                }
                // The first three looks at the content blob after the copy see it still under way.
                else if (IsPropertiesOfContent(request) && Volatile.Read(ref copies) > 0 && Interlocked.Increment(ref looksAfterCopy) <= 3)
                {
                    SetHeader(answer, "x-ms-copy-status", "pending");
                }
            });
            var (store, direct) = Open(proxy, "copy-pending");

            var bytes = RandomBytes(1024 * 1024 + 5, seed: 1);
            var info = store.PutContent(new NonSeekableStream(bytes));

            Assert.Equal(ContentHash.Compute(bytes), info.Hash);
            Assert.Equal(1, Volatile.Read(ref copies));
            Assert.Equal(4, Volatile.Read(ref looksAfterCopy)); // three answers "pending", then the real one
            Assert.Equal(bytes, ReadAll(direct, info.Hash));
            // The staging blob went once the copy had completed, not while it was pending.
            Assert.Empty(direct.FindIncompleteWrites(TimeSpan.Zero, remove: false));
        }

        [Fact]
        public void A_failed_copy_is_a_clear_error_and_the_next_put_replaces_the_blob_it_left()
        {
            bool failCopies = true;
            int deletesOfContent = 0;
            using var proxy = new FaultInjectingProxy(Server.BlobEndpoint, request =>
            {
                if (request.Method == "DELETE" && request.Target.Contains("/content/", StringComparison.Ordinal))
                    Interlocked.Increment(ref deletesOfContent);
                return ProxyFault.None;
            }, (request, answer) =>
            {
                if (!Volatile.Read(ref failCopies)) return;
                if (IsCopyInto(request)) SetHeader(answer, "x-ms-copy-status", "pending");
                else if (IsPropertiesOfContent(request)) SetHeader(answer, "x-ms-copy-status", "failed");
            });
            var (store, direct) = Open(proxy, "copy-failed");
            var bytes = RandomBytes(1024 * 1024 + 9, seed: 2);

            var error = Assert.Throws<StoreUnavailableException>(() => store.PutContent(new NonSeekableStream(bytes)));
            Assert.Contains("ended 'failed'", error.Message, StringComparison.Ordinal);
            Assert.Contains("store the content again", error.Message, StringComparison.Ordinal);
            Assert.Empty(direct.FindIncompleteWrites(TimeSpan.Zero, remove: false));

            // The next put meets the blob the failed copy left (still reported failed): it deletes
            // that version and copies again, and this time the copy succeeds.
            int looks = 0;
            using var second = new FaultInjectingProxy(Server.BlobEndpoint, request =>
            {
                if (request.Method == "DELETE" && request.Target.Contains("/content/", StringComparison.Ordinal))
                    Interlocked.Increment(ref deletesOfContent);
                return ProxyFault.None;
            }, (request, answer) =>
            {
                if (IsPropertiesOfContent(request) && Interlocked.Increment(ref looks) == 1)
                    SetHeader(answer, "x-ms-copy-status", "failed");
            });
            Volatile.Write(ref failCopies, false);
            var (again, _) = Open(second, direct);
            var info = again.PutContent(new NonSeekableStream(bytes));

            Assert.Equal(ContentHash.Compute(bytes), info.Hash);
            Assert.Equal(1, Volatile.Read(ref deletesOfContent));
            Assert.Equal(bytes, ReadAll(direct, info.Hash));
            Assert.Equal(new[] { info.Hash }, direct.ListContent());
            Assert.Empty(direct.FindIncompleteWrites(TimeSpan.Zero, remove: false));
        }

        // A Copy Blob request: a PUT naming its source.
        private static bool IsCopyInto(ProxiedRequest request) =>
            request.Method == "PUT" && request.Headers.ContainsKey("x-ms-copy-source");

        private static bool IsPropertiesOfContent(ProxiedRequest request) =>
            request.Method == "HEAD" && request.Target.Contains("/content/", StringComparison.Ordinal);

        private static void SetHeader(List<KeyValuePair<string, string>> headers, string name, string value)
        {
            headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
            headers.Add(new KeyValuePair<string, string>(name, value));
        }

        /// <summary>A store through the proxy, and one straight to Azurite for the checks.</summary>
        private static (BlobWorkspaceStore Through, BlobWorkspaceStore Direct) Open(FaultInjectingProxy proxy, string hint)
        {
            var container = AzuriteServer.NewContainerName(hint);
            var direct = BlobWorkspaceStore.Open(BlobContainerAddress.FromConnectionString(Server.ConnectionString, container));
            direct.EnsureContainer();
            return Open(proxy, direct);
        }

        private static (BlobWorkspaceStore Through, BlobWorkspaceStore Direct) Open(FaultInjectingProxy proxy, BlobWorkspaceStore direct)
        {
            var through = BlobContainerAddress.FromConnectionString(
                $"AccountName={Server.AccountName};AccountKey={Server.AccountKey};BlobEndpoint={proxy.BlobEndpoint}", direct.Address.ContainerName);
            return (BlobWorkspaceStore.Open(through, SmallBlocks), direct);
        }

        private static byte[] RandomBytes(int length, int seed)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        private static byte[] ReadAll(IWorkspaceStore store, ContentHash hash)
        {
            using var content = store.OpenContent(hash);
            using var copy = new MemoryStream();
            content.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
