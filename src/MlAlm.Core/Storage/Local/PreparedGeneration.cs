using System;
using System.IO;

namespace MlAlm.Core.Storage.Local
{
    /// <summary>
    /// One document generation written completely to the scratch area, waiting to be published
    /// under a generation number. Kept apart from the publishing so that a writer who loses a
    /// race can try the next number without writing the bytes again.
    /// </summary>
    internal sealed class PreparedGeneration : IDisposable
    {
        private readonly string _tempFolder;
        private bool _published;

        private PreparedGeneration(string tempFolder) => _tempFolder = tempFolder;

        /// <summary>A generation holding a document's bytes in its <see cref="DocumentFolder.DataFile"/>.</summary>
        public static PreparedGeneration Document(TempArea temp, byte[] content) =>
            Prepare(temp, DocumentFolder.DataFile, content);

        /// <summary>A generation saying the document was deleted (an empty <see cref="DocumentFolder.TombstoneFile"/>).</summary>
        public static PreparedGeneration Tombstone(TempArea temp) =>
            Prepare(temp, DocumentFolder.TombstoneFile, Array.Empty<byte>());

        private static PreparedGeneration Prepare(TempArea temp, string fileName, byte[] bytes)
        {
            var folder = temp.NewPath("doc");
            var prepared = new PreparedGeneration(folder);
            try
            {
                Directory.CreateDirectory(folder);
                using (var file = new FileStream(Path.Combine(folder, fileName), FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096))
                {
                    file.Write(bytes, 0, bytes.Length);
                    // On disk before the name becomes visible: a power cut after the rename must
                    // not leave a published generation with missing bytes.
                    file.Flush(flushToDisk: true);
                }
                return prepared;
            }
            catch
            {
                prepared.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Publishes the generation as <paramref name="generationFolder"/> in one rename. Returns false,
        /// leaving everything as it was, when that generation already exists.
        /// </summary>
        /// <remarks>
        /// Why a folder and not a file: File.Move on Unix checks for the target and then calls
        /// rename(2), which replaces a file that a racing writer published in between. Renaming a
        /// folder onto an existing non-empty folder is refused by the kernel itself (ENOTEMPTY or
        /// EEXIST on Unix; Windows refuses any existing target), so exactly one racing writer wins
        /// a generation. A published generation folder is never empty: it always holds its data,
        /// tombstone or retired marker.
        /// </remarks>
        public bool TryPublishAs(string generationFolder)
        {
            if (_published) throw new InvalidOperationException("This generation was already published.");
            try
            {
                Directory.Move(_tempFolder, generationFolder);
                _published = true;
                return true;
            }
            catch (IOException) when (Directory.Exists(generationFolder))
            {
                return false;
            }
        }

        public void Dispose()
        {
            if (!_published) TempArea.RemoveQuietly(_tempFolder);
        }
    }
}
