using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MlAlm.Core.Storage.Blob
{
    /// <summary>
    /// Stores a stream under its SHA-256 in a Blob container with bounded memory.
    /// Content that fits in one block is hashed in memory and written straight to its address
    /// with If-None-Match: *. Larger content is streamed as blocks to a staging blob while it is
    /// hashed (the address is unknown until the last byte), committed there, then copied
    /// server-side to its address, again only if absent, and the staging blob deleted.
    /// Blocks that are not committed are invisible, and a committed staging blob lives outside
    /// content/, so a killed writer never leaves anything that looks like content; what it leaves
    /// under uploads/ is found by <see cref="BlobWorkspaceStore.FindIncompleteWrites"/>.
    /// A seekable stream is hashed first, so content already stored is not sent at all.
    /// </summary>
    internal sealed class BlobContentUploader
    {
        private static readonly TimeSpan CopyPollInterval = TimeSpan.FromMilliseconds(250);
        private static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(30);

        private readonly BlobRestClient _client;
        private readonly BlobStoreOptions _options;

        public BlobContentUploader(BlobRestClient client, BlobStoreOptions options)
        {
            _client = client;
            _options = options;
        }

        public ContentInfo Put(Stream content, CancellationToken ct)
        {
            ContentInfo? expected = null;
            if (content.CanSeek)
            {
                long start = content.Position;
                expected = HashToEnd(content, ct);
                if (IsStored(expected.Hash, ct)) return expected;
                content.Position = start;
            }

            var first = ArrayPool<byte>.Shared.Rent(_options.BlockSize);
            try
            {
                int count = ReadBlock(content, first, ct);
                if (count < _options.BlockSize)
                {
                    var hash = ContentHash.FromDigest(Sha256(first, count));
                    var info = new ContentInfo(hash, count);
                    EnsureSameAsHashed(expected, info);
                    if (!IsStored(hash, ct))
                        _client.PutBlob(BlobLayout.ContentName(hash), first, 0, count, BlobCondition.IfNotExists, ct); // null: another writer stored it first
                    return info;
                }
                return PutStaged(content, first, count, expected, ct);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(first);
            }
        }

        private ContentInfo PutStaged(Stream content, byte[] first, int firstCount, ContentInfo? expected, CancellationToken ct)
        {
            var staging = BlobLayout.NewStagingName(DateTime.UtcNow);
            using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var blockIds = new List<string>();
            long length = 0;
            try
            {
            using (var uploads = new BlockUploads(_client, staging, _options, ct))
            {
                hasher.AppendData(first, 0, firstCount);
                length += firstCount;
                blockIds.Add(uploads.Send(first, firstCount, blockIds.Count));
                while (true)
                {
                    var buffer = uploads.TakeBuffer();
                    int count = ReadBlock(content, buffer, ct);
                    if (count == 0)
                    {
                        uploads.GiveBack(buffer);
                        break;
                    }
                    hasher.AppendData(buffer, 0, count);
                    length += count;
                    blockIds.Add(uploads.SendOwned(buffer, count, blockIds.Count));
                }
                uploads.WaitForAll();
            }
            var info = new ContentInfo(ContentHash.FromDigest(hasher.GetHashAndReset()), length);
            EnsureSameAsHashed(expected, info);
            if (!_client.PutBlockList(staging, blockIds, BlobCondition.IfNotExists, ct))
                throw new StoreUnavailableException($"The staging blob '{staging}' already existed: staging names must be unique.");
            Promote(staging, info.Hash, ct);
            return info;
            }
            finally
            {
                // Success or failure, the staging blob has served its purpose. If the service is
                // out of reach now, FindIncompleteWrites finds it later.
                BlobLayout.TryRemoveStaging(_client, staging);
            }
        }

        /// <summary>Copies the committed staging blob to the content address unless that is already stored.</summary>
        private void Promote(string staging, ContentHash hash, CancellationToken ct)
        {
            var name = BlobLayout.ContentName(hash);
            var existing = _client.GetProperties(name, ct);
            if (existing != null)
            {
                if (existing.IsComplete) return;
                if (existing.CopyStatus == "pending")
                {
                    WaitForCopy(name, ct);
                    return;
                }
                // A failed or aborted copy left a blob that is not the content: replace it, but only that version.
                _client.DeleteBlob(name, existing.ETag, ct);
            }
            var status = _client.CopyBlob(name, staging, BlobCondition.IfNotExists, ct);
            if (status != "success") WaitForCopy(name, ct); // pending, or another writer's copy got there first
        }

        private void WaitForCopy(string name, CancellationToken ct)
        {
            var deadline = DateTime.UtcNow + CopyTimeout;
            while (true)
            {
                var properties = _client.GetProperties(name, ct)
                    ?? throw new StoreUnavailableException($"The copy to '{name}' vanished before it completed.");
                if (properties.IsComplete) return;
                if (properties.CopyStatus != "pending")
                    throw new StoreUnavailableException($"The server-side copy to '{name}' ended '{properties.CopyStatus}'; store the content again.");
                if (DateTime.UtcNow > deadline)
                    throw new StoreUnavailableException($"The server-side copy to '{name}' did not complete within {CopyTimeout.TotalMinutes} minutes.");
                Task.Delay(CopyPollInterval, ct).GetAwaiter().GetResult();
            }
        }

        private bool IsStored(ContentHash hash, CancellationToken ct)
        {
            var properties = _client.GetProperties(BlobLayout.ContentName(hash), ct);
            return properties != null && properties.IsComplete;
        }

        // A seekable stream hashed up front must still be the same bytes when uploaded.
        private static void EnsureSameAsHashed(ContentInfo? expected, ContentInfo actual)
        {
            if (expected != null && (expected.Hash != actual.Hash || expected.Length != actual.Length))
                throw new IOException("The content changed while it was being stored (its bytes no longer hash to what they did a moment before); nothing was stored.");
        }

        private static ContentInfo HashToEnd(Stream content, CancellationToken ct)
        {
            using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
            try
            {
                long length = 0;
                int read;
                while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
                {
                    ct.ThrowIfCancellationRequested();
                    hasher.AppendData(buffer, 0, read);
                    length += read;
                }
                return new ContentInfo(ContentHash.FromDigest(hasher.GetHashAndReset()), length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>Fills the block from the stream; short only at the end of the stream.</summary>
        private int ReadBlock(Stream content, byte[] buffer, CancellationToken ct)
        {
            int total = 0;
            while (total < _options.BlockSize)
            {
                ct.ThrowIfCancellationRequested();
                int read = content.Read(buffer, total, _options.BlockSize - total);
                if (read == 0) break;
                total += read;
            }
            return total;
        }

        private static byte[] Sha256(byte[] buffer, int count)
        {
            using var sha = SHA256.Create();
            return sha.ComputeHash(buffer, 0, count);
        }

        /// <summary>
        /// Blocks on their way to one staging blob, at most UploadParallelism at once: the reader
        /// waits for a free buffer, so memory stays at about BlockSize × UploadParallelism. The
        /// buffers are this upload's own, not the shared pool's: a pool that caches per thread
        /// (buffers are returned on the sending threads, taken on the reading one) held two to
        /// three times as many.
        /// The first failure stops the rest and is rethrown by <see cref="WaitForAll"/> (or the next send).
        /// </summary>
        private sealed class BlockUploads : IDisposable
        {
            private readonly BlobRestClient _client;
            private readonly string _blobName;
            private readonly SemaphoreSlim _slots;
            private readonly CancellationTokenSource _stop;
            private readonly List<Task> _inFlight = new List<Task>();
            private readonly System.Collections.Concurrent.ConcurrentBag<byte[]> _free = new System.Collections.Concurrent.ConcurrentBag<byte[]>();
            private Exception? _failure;

            public BlockUploads(BlobRestClient client, string blobName, BlobStoreOptions options, CancellationToken ct)
            {
                _client = client;
                _blobName = blobName;
                _slots = new SemaphoreSlim(options.UploadParallelism, options.UploadParallelism);
                _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                BlockSize = options.BlockSize;
            }

            private int BlockSize { get; }

            /// <summary>Waits for a free slot and hands out a buffer for the next block.</summary>
            public byte[] TakeBuffer()
            {
                ThrowIfFailed();
                try
                {
                    _slots.Wait(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // A failed block cancels the wait: report that failure, not the cancellation.
                    ThrowIfFailed();
                    throw;
                }
                // A slot is free, so at most UploadParallelism buffers ever exist.
                return _free.TryTake(out var buffer) ? buffer : new byte[BlockSize];
            }

            public void GiveBack(byte[] buffer)
            {
                _free.Add(buffer);
                _slots.Release();
            }

            /// <summary>Sends a block from a buffer the caller keeps: copied into a pooled one first.</summary>
            public string Send(byte[] block, int count, int index)
            {
                var buffer = TakeBuffer();
                Buffer.BlockCopy(block, 0, buffer, 0, count);
                return SendOwned(buffer, count, index);
            }

            /// <summary>Sends a block from a buffer obtained with <see cref="TakeBuffer"/>; returns the block id.</summary>
            public string SendOwned(byte[] buffer, int count, int index)
            {
                var id = BlockId(index);
                var token = _stop.Token;
                _inFlight.Add(Task.Run(() =>
                {
                    try
                    {
                        _client.PutBlock(_blobName, id, buffer, count, token);
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref _failure, e, null);
                        _stop.Cancel();
                    }
                    finally
                    {
                        GiveBack(buffer);
                    }
                }));
                _inFlight.RemoveAll(t => t.IsCompleted);
                return id;
            }

            public void WaitForAll()
            {
                Task.WaitAll(_inFlight.ToArray());
                ThrowIfFailed();
            }

            private void ThrowIfFailed()
            {
                var failure = Volatile.Read(ref _failure);
                if (failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }

            // Every id of a blob must have the same length: a fixed-width counter, base64-encoded.
            private static string BlockId(int index) =>
                Convert.ToBase64String(Encoding.ASCII.GetBytes("block-" + index.ToString("D8", CultureInfo.InvariantCulture)));

            public void Dispose()
            {
                // On an early exit (a read failed, a block failed) let the sends in flight stop
                // before their buffers go back to the pool.
                _stop.Cancel();
                try
                {
                    Task.WaitAll(_inFlight.ToArray());
                }
                catch (AggregateException)
                {
                    // Already recorded in _failure, or cancelled on purpose.
                }
                _stop.Dispose();
                _slots.Dispose();
            }
        }
    }
}
