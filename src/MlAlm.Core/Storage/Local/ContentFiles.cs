using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Threading;

namespace MlAlm.Core.Storage.Local
{
    /// <summary>
    /// Content blobs of a local store: one file per SHA-256 under content/&lt;first 2 hex&gt;/,
    /// written once through the scratch area and never rewritten.
    /// </summary>
    internal sealed class ContentFiles
    {
        // Large enough for efficient disk I/O, small enough to stay off the large object heap.
        private const int BufferSize = 81920;

        private readonly LocalStoreLayout _layout;
        private readonly TempArea _temp;

        public ContentFiles(LocalStoreLayout layout, TempArea temp)
        {
            _layout = layout;
            _temp = temp;
        }

        public ContentInfo Put(Stream content, CancellationToken cancellationToken)
        {
            var tempPath = _temp.NewPath("content");
            try
            {
                ContentHash hash;
                long length = 0;
                using (var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                {
                    // bufferSize 1: we already write in large chunks, a second buffer only copies.
                    using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
                    {
                        var buffer = new byte[BufferSize];
                        int read;
                        while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            hasher.AppendData(buffer, 0, read);
                            file.Write(buffer, 0, read);
                            length += read;
                        }
                        cancellationToken.ThrowIfCancellationRequested();
                        file.Flush(flushToDisk: true);
                    }
                    hash = ContentHash.FromDigest(hasher.GetHashAndReset());
                }
                Publish(tempPath, hash);
                return new ContentInfo(hash, length);
            }
            finally
            {
                // Gone already when it was published; otherwise a duplicate or a failed write.
                TempArea.RemoveQuietly(tempPath);
            }
        }

        private void Publish(string tempPath, ContentHash hash)
        {
            var target = _layout.ContentFile(hash);
            if (File.Exists(target)) return; // stored once; an existing blob is never rewritten
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                File.Move(tempPath, target);
            }
            catch (IOException) when (File.Exists(target))
            {
                // A racing writer stored the same bytes first. (File.Move on Unix is not
                // exclusive: in the narrow race where both writers see no target, the second
                // rename replaces the first file atomically with identical, verified-by-hash
                // bytes, which readers cannot tell apart. Documents need exclusivity; content,
                // being addressed by its hash, does not.)
            }
        }

        public Stream Open(ContentHash hash)
        {
            FileStream file;
            try
            {
                file = new FileStream(_layout.ContentFile(hash), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.SequentialScan);
            }
            catch (FileNotFoundException) { throw new ContentNotFoundException(hash); }
            catch (DirectoryNotFoundException) { throw new ContentNotFoundException(hash); }
            return new VerifyingReadStream(file, hash);
        }

        public bool Exists(ContentHash hash) => File.Exists(_layout.ContentFile(hash));

        public IReadOnlyList<ContentHash> List(CancellationToken cancellationToken)
        {
            var hashes = new List<ContentHash>();
            if (!Directory.Exists(_layout.ContentRoot)) return hashes;
            foreach (var folder in Directory.EnumerateDirectories(_layout.ContentRoot))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var prefix = Path.GetFileName(folder);
                foreach (var file in Directory.EnumerateFiles(folder))
                {
                    var name = Path.GetFileName(file);
                    // Only names that are exactly a lower-case hash in the right folder count.
                    if (ContentHash.TryParse(name, out var hash) && hash.Hex == name && name.StartsWith(prefix, StringComparison.Ordinal) && prefix.Length == 2)
                        hashes.Add(hash);
                }
            }
            hashes.Sort((a, b) => string.CompareOrdinal(a.Hex, b.Hex));
            return hashes;
        }

        public bool Delete(ContentHash hash)
        {
            var path = _layout.ContentFile(hash);
            if (!File.Exists(path)) return false;
            File.Delete(path);
            return true;
        }
    }
}
