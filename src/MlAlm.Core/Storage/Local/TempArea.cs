using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;

namespace MlAlm.Core.Storage.Local
{
    /// <summary>
    /// The store's scratch folder. Every write is prepared here and then moved into place in one
    /// atomic rename, so a killed process leaves its half-written bytes here and nowhere else.
    /// The folder sits inside the store root, hence on the same volume, which renames require.
    /// </summary>
    internal sealed class TempArea
    {
        // '~' never occurs in a store key or a content hash: a temporary name can never be
        // mistaken for a document or a blob, even by a tool that walks the whole tree.
        private const string Mark = "~";

        private readonly string _folder;

        public TempArea(string folder) => _folder = folder;

        /// <summary>A fresh path in the scratch folder; nothing is created.</summary>
        public string NewPath(string purpose) =>
            Path.Combine(_folder, Mark + purpose + "-" + Guid.NewGuid().ToString("N"));

        /// <summary>Lists, and optionally removes, what writes left behind at least <paramref name="olderThan"/> ago.</summary>
        public IReadOnlyList<string> FindLeftovers(TimeSpan olderThan, bool remove, CancellationToken cancellationToken)
        {
            var found = new List<string>();
            if (!Directory.Exists(_folder)) return found;
            var now = DateTime.UtcNow;
            foreach (var path in Directory.EnumerateFileSystemEntries(_folder))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!TryMeasure(path, out var lastWrite, out var bytes)) continue; // finished meanwhile
                if (now - lastWrite < olderThan) continue;
                var age = now - lastWrite;
                found.Add(string.Format(
                    CultureInfo.InvariantCulture,
                    "tmp/{0}: interrupted write, {1} bytes, last written {2:O} ({3:F0} s ago){4}",
                    Path.GetFileName(path), bytes, lastWrite, Math.Max(0, age.TotalSeconds), remove ? ", removed" : string.Empty));
                if (remove) RemoveQuietly(path);
            }
            found.Sort(StringComparer.Ordinal);
            return found;
        }

        /// <summary>Deletes a scratch file or folder; a leftover that stays is only reported again later.</summary>
        public static void RemoveQuietly(string path)
        {
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                else File.Delete(path);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        // A folder's own time does not move when a file inside it grows, so the newest of the
        // folder and its files says when the write was last alive.
        private static bool TryMeasure(string path, out DateTime lastWrite, out long bytes)
        {
            lastWrite = DateTime.MinValue;
            bytes = 0;
            try
            {
                var dir = new DirectoryInfo(path);
                if (dir.Exists)
                {
                    lastWrite = dir.LastWriteTimeUtc;
                    foreach (var file in dir.EnumerateFiles("*", SearchOption.AllDirectories))
                    {
                        if (file.LastWriteTimeUtc > lastWrite) lastWrite = file.LastWriteTimeUtc;
                        bytes += file.Length;
                    }
                    return true;
                }
                var info = new FileInfo(path);
                if (!info.Exists) return false;
                lastWrite = info.LastWriteTimeUtc;
                bytes = info.Length;
                return true;
            }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
        }
    }
}
