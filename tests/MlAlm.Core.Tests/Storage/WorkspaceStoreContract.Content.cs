using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using MlAlm.Core.Storage;
using Xunit;

namespace MlAlm.Core.Tests.Storage
{
    public abstract partial class WorkspaceStoreContract
    {
        [Fact]
        public void PutContent_returns_the_sha256_and_length_of_the_bytes()
        {
            var store = CreateStore();
            var bytes = Utf8("sepal_length,sepal_width\n5.1,3.5\n");

            var info = store.PutContent(new MemoryStream(bytes));

            Assert.Equal(ContentHash.Compute(bytes), info.Hash);
            Assert.Equal(bytes.Length, info.Length);
            Assert.True(store.ContentExists(info.Hash));
            Assert.Equal(new[] { info.Hash }, store.ListContent());
        }

        [Fact]
        public void PutContent_of_an_empty_stream_stores_the_hash_of_nothing()
        {
            var store = CreateStore();
            var info = store.PutContent(new MemoryStream());
            Assert.Equal(ContentHash.Parse("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), info.Hash);
            Assert.Equal(0, info.Length);
            Assert.Empty(ReadAll(store, info.Hash));
        }

        [Fact]
        public void Identical_content_is_stored_once()
        {
            var store = CreateStore();
            var bytes = Utf8("the same bytes");

            var first = store.PutContent(new MemoryStream(bytes));
            var second = store.PutContent(new MemoryStream(bytes));
            var other = store.PutContent(new MemoryStream(Utf8("other bytes")));

            Assert.Equal(first.Hash, second.Hash);
            Assert.Equal(2, store.ListContent().Count);
            Assert.Equal(new[] { first.Hash, other.Hash }.OrderBy(h => h.Hex, StringComparer.Ordinal), store.ListContent());
        }

        [Fact]
        public void Threads_putting_the_same_content_at_once_store_it_once()
        {
            var store = CreateStore();
            var bytes = new byte[300_000];
            new Random(7).NextBytes(bytes);
            var hashes = ParallelThreads.Run(6, _ => store.PutContent(new MemoryStream(bytes)).Hash);

            Assert.All(hashes, h => Assert.Equal(ContentHash.Compute(bytes), h));
            Assert.Single(store.ListContent());
            Assert.Equal(bytes, ReadAll(store, ContentHash.Compute(bytes)));
            Assert.Empty(store.FindIncompleteWrites(TimeSpan.Zero, remove: false));
        }

        [Fact]
        public void A_large_stream_is_stored_chunk_by_chunk_with_bounded_memory()
        {
            var store = CreateStore();
            const long length = 64L * 1024 * 1024;
            var expected = GeneratedStream.HashOf(length, seed: 12345);
            using var source = new GeneratedStream(length, seed: 12345);

            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var info = store.PutContent(source);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

            Assert.Equal(expected, info.Hash);
            Assert.Equal(length, info.Length);
            // Loose on purpose: buffering the stream would allocate at least its 64 MiB.
            Assert.True(allocated < 16L * 1024 * 1024, $"PutContent allocated {allocated:N0} bytes for a {length:N0}-byte stream.");

            using var read = store.OpenContent(info.Hash);
            using var sha = SHA256.Create();
            Assert.Equal(expected, ContentHash.FromDigest(sha.ComputeHash(read)));
        }

        [Fact]
        public void OpenContent_round_trips_and_is_not_seekable()
        {
            var store = CreateStore();
            var bytes = new byte[200_000];
            new Random(3).NextBytes(bytes);
            var info = store.PutContent(new MemoryStream(bytes));

            using var stream = store.OpenContent(info.Hash);

            Assert.True(stream.CanRead);
            Assert.False(stream.CanSeek);
            Assert.Throws<NotSupportedException>(() => stream.Seek(10, SeekOrigin.Begin));
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            Assert.Equal(bytes, copy.ToArray());
        }

        [Fact]
        public void Corrupted_content_is_reported_when_read_to_the_end_never_served_as_valid()
        {
            var store = CreateStore();
            var bytes = new byte[100_000];
            new Random(5).NextBytes(bytes);
            var info = store.PutContent(new MemoryStream(bytes));

            CorruptContent(store, info.Hash);

            using var stream = store.OpenContent(info.Hash);
            var ex = Assert.Throws<ContentCorruptedException>(() => stream.CopyTo(Stream.Null));
            Assert.Equal(info.Hash, ex.Hash);
            // Asking again does not turn the failure into a clean end of stream.
            Assert.Throws<ContentCorruptedException>(() => stream.Read(new byte[16], 0, 16));
            // Putting the same bytes again does not hide the damage by rewriting the blob:
            // content is never rewritten, so repair goes through DeleteContent first.
            store.PutContent(new MemoryStream(bytes));
            using var again = store.OpenContent(info.Hash);
            Assert.Throws<ContentCorruptedException>(() => again.CopyTo(Stream.Null));
        }

        [Fact]
        public void Missing_content_is_reported_as_not_found()
        {
            var store = CreateStore();
            var absent = ContentHash.Compute(Utf8("never stored"));

            var ex = Assert.Throws<ContentNotFoundException>(() => store.OpenContent(absent));

            Assert.Equal(absent, ex.Hash);
            Assert.False(store.ContentExists(absent));
            Assert.False(store.DeleteContent(absent));
        }

        [Fact]
        public void DeleteContent_removes_it()
        {
            var store = CreateStore();
            var keep = store.PutContent(new MemoryStream(Utf8("keep")));
            var drop = store.PutContent(new MemoryStream(Utf8("drop")));

            Assert.True(store.DeleteContent(drop.Hash));

            Assert.False(store.ContentExists(drop.Hash));
            Assert.Throws<ContentNotFoundException>(() => store.OpenContent(drop.Hash));
            Assert.Equal(new[] { keep.Hash }, store.ListContent());
            // Stored again after repair, it comes back whole.
            store.PutContent(new MemoryStream(Utf8("drop")));
            Assert.Equal(Utf8("drop"), ReadAll(store, drop.Hash));
        }

        [Fact]
        public void A_source_stream_that_fails_midway_leaves_nothing_behind()
        {
            var store = CreateStore();
            var source = new InterruptingStream(new GeneratedStream(4_000_000, 9), after: 1_000_000, () => throw new IOException("network gone"));

            Assert.Throws<IOException>(() => store.PutContent(source));

            Assert.Empty(store.ListContent());
            Assert.Empty(store.FindIncompleteWrites(TimeSpan.Zero, remove: false));
        }

        [Fact]
        public void A_cancelled_put_leaves_nothing_behind()
        {
            var store = CreateStore();
            using var cancel = new CancellationTokenSource();
            var source = new InterruptingStream(new GeneratedStream(4_000_000, 9), after: 1_000_000, () => cancel.Cancel());

            Assert.ThrowsAny<OperationCanceledException>(() => store.PutContent(source, cancel.Token));

            Assert.Empty(store.ListContent());
            Assert.Empty(store.FindIncompleteWrites(TimeSpan.Zero, remove: false));
        }

        private static byte[] ReadAll(IWorkspaceStore store, ContentHash hash)
        {
            using var stream = store.OpenContent(hash);
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
