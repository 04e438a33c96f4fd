using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace MlAlm.Core.Storage.Local
{
    /// <summary>
    /// A workspace store in a local directory. Safe across threads and across processes on one
    /// machine without locks: every write is prepared in a scratch folder and made visible by a
    /// single atomic rename, and conditional writes race for a generation number that only one
    /// writer can publish (see <see cref="DocumentFolder"/>). A killed process therefore leaves
    /// nothing that blocks others, and nothing half-written that anyone can see; what it leaves
    /// in the scratch folder is found by <see cref="FindIncompleteWrites"/>.
    /// </summary>
    /// <remarks>
    /// The directory must be on a local file system (NTFS, ext4, xfs, btrfs, APFS...). Network
    /// shares may not honour rename atomicity across machines; share a workspace through the
    /// Blob backend instead.
    /// </remarks>
    public sealed class LocalDirectoryStore : IWorkspaceStore
    {
        private readonly LocalStoreLayout _layout;
        private readonly TempArea _temp;
        private readonly ContentFiles _content;

        private LocalDirectoryStore(LocalStoreLayout layout)
        {
            _layout = layout;
            _temp = new TempArea(layout.TempRoot);
            _content = new ContentFiles(layout, _temp);
        }

        /// <summary>Opens the store in <paramref name="directory"/>, creating its folders if they are missing.</summary>
        public static LocalDirectoryStore Open(string directory)
        {
            if (string.IsNullOrWhiteSpace(directory)) throw new ArgumentException("A store directory is required.", nameof(directory));
            var layout = new LocalStoreLayout(Path.GetFullPath(directory));
            layout.EnsureCreated();
            return new LocalDirectoryStore(layout);
        }

        /// <summary>Opens the store in <paramref name="directory"/> only if it holds one; creates nothing. Null otherwise.</summary>
        public static LocalDirectoryStore? OpenExisting(string directory)
        {
            if (string.IsNullOrWhiteSpace(directory)) throw new ArgumentException("A store directory is required.", nameof(directory));
            var layout = new LocalStoreLayout(Path.GetFullPath(directory));
            return Directory.Exists(layout.DocumentsRoot) ? Open(directory) : null;
        }

        public string Location => _layout.Root;

        public StoredDocument? GetDocument(string key, CancellationToken cancellationToken = default)
        {
            return Folder(key).Read(cancellationToken);
        }

        public ETag CreateDocument(string key, byte[] content, CancellationToken cancellationToken = default)
        {
            var folder = Folder(key);
            if (content is null) throw new ArgumentNullException(nameof(content));
            PreparedGeneration? prepared = null;
            try
            {
                while (true)
                {
                    var state = folder.ReadState(cancellationToken);
                    if (state.Kind == DocumentStateKind.Live) throw new DocumentExistsException(key);
                    // A deleted document keeps its tombstone generation, so creation continues
                    // the numbering after it instead of starting again at 1.
                    long next = state.Top + 1;
                    prepared ??= PreparedGeneration.Document(_temp, content);
                    folder.EnsureExists();
                    if (prepared.TryPublishAs(folder.GenerationFolder(next)))
                    {
                        folder.RetireBelow(next);
                        return DocumentFolder.ToETag(next);
                    }
                    // Someone published that generation first: look at what it is now.
                }
            }
            finally
            {
                prepared?.Dispose();
            }
        }

        public ETag ReplaceDocument(string key, byte[] content, ETag ifMatch, CancellationToken cancellationToken = default)
        {
            var folder = Folder(key);
            if (content is null) throw new ArgumentNullException(nameof(content));
            cancellationToken.ThrowIfCancellationRequested();
            // The generation named by the ETag must hold a document. Whether it is still the
            // newest is decided by the publish: generation numbers are never reused, so the next
            // number is free exactly when nobody has written since.
            if (!DocumentFolder.TryParseETag(ifMatch, out var current) || folder.Probe(current) != GenerationKind.Document)
                throw new DocumentChangedException(key);
            using var prepared = PreparedGeneration.Document(_temp, content);
            if (!prepared.TryPublishAs(folder.GenerationFolder(current + 1))) throw new DocumentChangedException(key);
            folder.RetireBelow(current + 1);
            return DocumentFolder.ToETag(current + 1);
        }

        public bool DeleteDocument(string key, ETag? ifMatch = null, CancellationToken cancellationToken = default)
        {
            var folder = Folder(key);
            PreparedGeneration? tombstone = null;
            try
            {
                while (true)
                {
                    var state = folder.ReadState(cancellationToken);
                    if (state.Kind != DocumentStateKind.Live) return false;
                    if (ifMatch.HasValue && !(DocumentFolder.TryParseETag(ifMatch.Value, out var expected) && expected == state.Top))
                        throw new DocumentChangedException(key);
                    // Deleting is writing a tombstone generation: it races with replaces for the
                    // same number, so a delete never silently discards a concurrent write.
                    tombstone ??= PreparedGeneration.Tombstone(_temp);
                    if (tombstone.TryPublishAs(folder.GenerationFolder(state.Top + 1)))
                    {
                        folder.RetireBelow(state.Top + 1);
                        return true;
                    }
                    if (ifMatch.HasValue) throw new DocumentChangedException(key);
                }
            }
            finally
            {
                tombstone?.Dispose();
            }
        }

        public IReadOnlyList<string> ListDocuments(string prefix, CancellationToken cancellationToken = default) =>
            ListDocumentETags(prefix, cancellationToken).Select(d => d.Key).ToList();

        public IReadOnlyList<ListedDocument> ListDocumentETags(string prefix, CancellationToken cancellationToken = default)
        {
            StoreKey.EnsureValidPrefix(prefix);
            var documents = new List<ListedDocument>();
            CollectDocuments(_layout.DocumentsRoot, string.Empty, prefix, documents, cancellationToken);
            documents.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return documents;
        }

        // Walks only the folders that can hold keys starting with the prefix. A document's ETag is
        // its top generation, which its folder's state already names: nothing is read.
        private void CollectDocuments(string folderPath, string key, string prefix, List<ListedDocument> documents, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (key.Length > 0 && key.StartsWith(prefix, StringComparison.Ordinal))
            {
                var state = new DocumentFolder(folderPath, key).ReadState(cancellationToken);
                if (state.Kind == DocumentStateKind.Live) documents.Add(new ListedDocument(key, DocumentFolder.ToETag(state.Top)));
            }
            IEnumerable<string> children;
            try
            {
                children = Directory.EnumerateDirectories(folderPath);
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            foreach (var child in children)
            {
                // Generation folders ('@...') and anything foreign are not key segments.
                if (!LocalStoreLayout.TryDecodeSegment(Path.GetFileName(child), out var segment)) continue;
                var childKey = key.Length == 0 ? segment : key + "/" + segment;
                if (childKey.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(childKey + "/", StringComparison.Ordinal))
                    CollectDocuments(child, childKey, prefix, documents, cancellationToken);
            }
        }

        public ContentInfo PutContent(Stream content, CancellationToken cancellationToken = default)
        {
            if (content is null) throw new ArgumentNullException(nameof(content));
            if (!content.CanRead) throw new ArgumentException("The content stream cannot be read.", nameof(content));
            return _content.Put(content, cancellationToken);
        }

        public Stream OpenContent(ContentHash hash, CancellationToken cancellationToken = default)
        {
            EnsureHash(hash);
            cancellationToken.ThrowIfCancellationRequested();
            return _content.Open(hash);
        }

        public bool ContentExists(ContentHash hash, CancellationToken cancellationToken = default)
        {
            EnsureHash(hash);
            return _content.Exists(hash);
        }

        public IReadOnlyList<ContentHash> ListContent(CancellationToken cancellationToken = default) => _content.List(cancellationToken);

        public bool DeleteContent(ContentHash hash, CancellationToken cancellationToken = default)
        {
            EnsureHash(hash);
            cancellationToken.ThrowIfCancellationRequested();
            return _content.Delete(hash);
        }

        public IReadOnlyList<string> FindIncompleteWrites(TimeSpan olderThan, bool remove, CancellationToken cancellationToken = default)
        {
            if (olderThan < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(olderThan), "The age threshold cannot be negative.");
            return _temp.FindLeftovers(olderThan, remove, cancellationToken);
        }

        // Every key is checked here, before it becomes a path, even though services build keys
        // through StoreKey: a key is the only thing standing between user input and the disk.
        private DocumentFolder Folder(string key)
        {
            StoreKey.EnsureValid(key);
            return new DocumentFolder(_layout.DocumentFolder(key), key);
        }

        private static void EnsureHash(ContentHash hash)
        {
            if (hash.Hex is null) throw new ArgumentException("The content hash is empty.", nameof(hash));
        }
    }
}
