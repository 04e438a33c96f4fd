using System;

namespace MlAlm.Core.Storage.Blob
{
    /// <summary>Tuning of the Blob backend. The defaults suit both Azure and Azurite.</summary>
    public sealed class BlobStoreOptions
    {
        /// <summary>Bytes per uploaded block; memory in use is about BlockSize × UploadParallelism.</summary>
        public int BlockSize { get; set; } = 8 * 1024 * 1024;

        /// <summary>Blocks in flight at once during an upload.</summary>
        public int UploadParallelism { get; set; } = 4;

        /// <summary>Blobs per listing request (the service allows at most 5,000).</summary>
        public int ListPageSize { get; set; } = 5000;

        /// <summary>Retries after a throttled (429/503), failed (5xx) or unanswered request.</summary>
        public int MaxRetries { get; set; } = 6;

        /// <summary>First retry delay; each further one doubles (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.5);

        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(8);

        /// <summary>How long one request may wait for the service before it is retried.</summary>
        public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

        internal void Validate()
        {
            if (BlockSize < 64 * 1024 || BlockSize > 100 * 1024 * 1024) throw new ArgumentOutOfRangeException(nameof(BlockSize), "A block is 64 KiB to 100 MiB.");
            if (UploadParallelism < 1 || UploadParallelism > 64) throw new ArgumentOutOfRangeException(nameof(UploadParallelism), "Use 1 to 64 blocks in flight.");
            if (ListPageSize < 1 || ListPageSize > 5000) throw new ArgumentOutOfRangeException(nameof(ListPageSize), "A listing page holds 1 to 5,000 blobs.");
            if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries));
        }
    }
}
