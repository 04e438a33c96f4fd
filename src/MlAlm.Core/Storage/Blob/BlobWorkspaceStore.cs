using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace MlAlm.Core.Storage.Blob
{
    /// <summary>
    /// A workspace store in one Azure Blob container (or Azurite), shared by any number of
    /// processes on any number of machines. The service's own conditional requests carry the
    /// store's invariants: a document is created with If-None-Match: * and replaced or deleted
    /// with If-Match on its ETag, and content is written only under its SHA-256, only if absent
    /// (see <see cref="BlobContentUploader"/>). A single Put Blob is atomic on the service, so a
    /// killed writer never leaves a partial document.
    /// </summary>
    public sealed class BlobWorkspaceStore : IWorkspaceStore
    {
        private readonly BlobRestClient _client;
        private readonly BlobContentUploader _uploader;
        private readonly BlobStoreOptions _options;

        private BlobWorkspaceStore(BlobContainerAddress address, BlobStoreOptions options)
        {
            options.Validate();
            Address = address;
            _options = options;
            _client = new BlobRestClient(address, options);
            _uploader = new BlobContentUploader(_client, options);
        }

        /// <summary>A store over the container; sends nothing until first used. See <see cref="EnsureContainer"/>.</summary>
        public static BlobWorkspaceStore Open(BlobContainerAddress address, BlobStoreOptions? options = null) =>
            new BlobWorkspaceStore(address ?? throw new ArgumentNullException(nameof(address)), options ?? new BlobStoreOptions());

        public BlobContainerAddress Address { get; }

        public string Location => Address.ContainerUri.ToString();

        /// <summary>HTTP requests this store has sent, retries included (for benchmarks and tests).</summary>
        public long RequestCount => _client.RequestCount;

        /// <summary>Creates the container unless it exists; true when it was created.</summary>
        public bool EnsureContainer(CancellationToken cancellationToken = default) =>
            !_client.ContainerExists(cancellationToken) && _client.CreateContainer(cancellationToken);

        public StoredDocument? GetDocument(string key, CancellationToken cancellationToken = default)
        {
            StoreKey.EnsureValid(key);
            var blob = _client.GetBlob(BlobLayout.DocumentName(key), cancellationToken);
            return blob == null ? null : new StoredDocument(key, blob.Value.Content, new ETag(blob.Value.ETag));
        }

        public ETag CreateDocument(string key, byte[] content, CancellationToken cancellationToken = default)
        {
            StoreKey.EnsureValid(key);
            if (content is null) throw new ArgumentNullException(nameof(content));
            var eTag = _client.PutBlob(BlobLayout.DocumentName(key), content, 0, content.Length, BlobCondition.IfNotExists, cancellationToken, out bool retried);
            if (eTag == null && retried) eTag = ETagIfHolding(key, content, cancellationToken);
            return eTag == null ? throw new DocumentExistsException(key) : new ETag(eTag);
        }

        public ETag ReplaceDocument(string key, byte[] content, ETag ifMatch, CancellationToken cancellationToken = default)
        {
            StoreKey.EnsureValid(key);
            if (content is null) throw new ArgumentNullException(nameof(content));
            if (ifMatch.Value is null) throw new DocumentChangedException(key);
            var eTag = _client.PutBlob(BlobLayout.DocumentName(key), content, 0, content.Length, BlobCondition.IfMatch(ifMatch.Value), cancellationToken, out bool retried);
            if (eTag == null && retried) eTag = ETagIfHolding(key, content, cancellationToken);
            return eTag == null ? throw new DocumentChangedException(key) : new ETag(eTag);
        }

        /// <summary>
        /// After a conditional write failed on a retry: the ETag of the document if it now holds
        /// exactly these bytes, which means the lost first attempt wrote them; else null.
        /// </summary>
        private string? ETagIfHolding(string key, byte[] content, CancellationToken cancellationToken)
        {
            var current = _client.GetBlob(BlobLayout.DocumentName(key), cancellationToken);
            return current != null && current.Value.Content.AsSpan().SequenceEqual(content) ? current.Value.ETag : null;
        }

        public bool DeleteDocument(string key, ETag? ifMatch = null, CancellationToken cancellationToken = default)
        {
            StoreKey.EnsureValid(key);
            var name = BlobLayout.DocumentName(key);
            switch (_client.DeleteBlob(name, ifMatch?.Value, cancellationToken))
            {
                case BlobDeleteResult.Deleted:
                    return true;
                case BlobDeleteResult.NotFound:
                    return false;
                default:
                    // A failed If-Match on a document already gone is not a conflict: nothing to delete.
                    if (_client.GetProperties(name, cancellationToken) == null) return false;
                    throw new DocumentChangedException(key);
            }
        }

        public IReadOnlyList<string> ListDocuments(string prefix, CancellationToken cancellationToken = default) =>
            ListDocumentETags(prefix, cancellationToken).Select(d => d.Key).ToList();

        public IReadOnlyList<ListedDocument> ListDocumentETags(string prefix, CancellationToken cancellationToken = default)
        {
            StoreKey.EnsureValidPrefix(prefix);
            var documents = _client.ListBlobs(BlobLayout.DocumentsPrefix + prefix, includeUncommitted: false, _options.ListPageSize, cancellationToken)
                .Select(blob => new ListedDocument(blob.Name.Substring(BlobLayout.DocumentsPrefix.Length), new ETag(blob.ETag)))
                .Where(document => StoreKey.IsValid(document.Key)) // anything foreign in the container is not a document
                .ToList();
            documents.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return documents;
        }

        public ContentInfo PutContent(Stream content, CancellationToken cancellationToken = default)
        {
            if (content is null) throw new ArgumentNullException(nameof(content));
            if (!content.CanRead) throw new ArgumentException("The content stream cannot be read.", nameof(content));
            return _uploader.Put(content, cancellationToken);
        }

        public Stream OpenContent(ContentHash hash, CancellationToken cancellationToken = default)
        {
            EnsureHash(hash);
            var name = BlobLayout.ContentName(hash);
            var download = _client.OpenRead(name, 0, null, cancellationToken) ?? throw new ContentNotFoundException(hash);
            return new VerifyingReadStream(new ResumingBlobStream(_client, name, download, cancellationToken), hash);
        }

        public bool ContentExists(ContentHash hash, CancellationToken cancellationToken = default)
        {
            EnsureHash(hash);
            var properties = _client.GetProperties(BlobLayout.ContentName(hash), cancellationToken);
            return properties != null && properties.IsComplete;
        }

        public IReadOnlyList<ContentHash> ListContent(CancellationToken cancellationToken = default)
        {
            var hashes = new List<ContentHash>();
            foreach (var blob in _client.ListBlobs(BlobLayout.ContentPrefix, includeUncommitted: false, _options.ListPageSize, cancellationToken))
            {
                if (ContentHash.TryParse(blob.Name.Substring(BlobLayout.ContentPrefix.Length), out var hash) &&
                    blob.Name.Substring(BlobLayout.ContentPrefix.Length) == hash.Hex)
                {
                    hashes.Add(hash);
                }
            }
            hashes.Sort((a, b) => string.CompareOrdinal(a.Hex, b.Hex));
            return hashes;
        }

        public bool DeleteContent(ContentHash hash, CancellationToken cancellationToken = default)
        {
            EnsureHash(hash);
            return _client.DeleteBlob(BlobLayout.ContentName(hash), null, cancellationToken) == BlobDeleteResult.Deleted;
        }

        public IReadOnlyList<string> FindIncompleteWrites(TimeSpan olderThan, bool remove, CancellationToken cancellationToken = default)
        {
            if (olderThan < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(olderThan), "The age threshold cannot be negative.");
            var found = new List<string>();
            var now = DateTime.UtcNow;
            // Uncommitted blobs are listed too: a writer killed mid-upload leaves only blocks.
            foreach (var blob in _client.ListBlobs(BlobLayout.StagingPrefix, includeUncommitted: true, _options.ListPageSize, cancellationToken).ToList())
            {
                var started = BlobLayout.StagingStartedUtc(blob.Name) ?? blob.LastModifiedUtc ?? now;
                var age = now - started;
                if (age < olderThan) continue;
                found.Add(string.Format(CultureInfo.InvariantCulture, "{0}: an upload started {1:u} and never completed ({2})",
                    blob.Name, started, remove ? "removed" : "left in place"));
                if (remove) BlobLayout.RemoveStaging(_client, blob.Name, cancellationToken);
            }
            return found;
        }

        private static void EnsureHash(ContentHash hash)
        {
            if (hash.Hex is null) throw new ArgumentException("The content hash is empty.", nameof(hash));
        }
    }
}
