using System;
using System.IO;
using System.Threading;
using MlAlm.Core.Errors;
using MlAlm.Core.Storage;

namespace MlAlm.Core.Assets
{
    /// <summary>
    /// Writes stored content to a file: into a temporary file beside the target first, moved into
    /// place only once every byte has been read and verified against its hash, so a corrupted blob
    /// never becomes a file and an existing file is replaced only when asked.
    /// </summary>
    internal static class ContentExport
    {
        /// <param name="target">A file path, or a directory to write <paramref name="defaultFileName"/> into.</param>
        public static FileInfo ToFile(IWorkspaceStore store, ContentHash hash, string target, string defaultFileName, bool overwrite, Action<Stream, Stream>? convert, CancellationToken ct)
        {
            var path = Path.GetFullPath(target);
            if (Directory.Exists(path)) path = Path.Combine(path, defaultFileName);
            if (File.Exists(path) && !overwrite)
                throw MlAlmException.AlreadyExists("ExportFileExists", $"The file '{path}' already exists; use -Force to replace it.", path);
            var directory = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
                throw MlAlmException.NotFound("ExportDirectoryNotFound", $"The directory '{directory}' does not exist.", directory);

            var temp = path + ".~" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                using (var source = store.OpenContent(hash, ct))
                using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920))
                {
                    if (convert == null) source.CopyTo(file, 81920);
                    else
                    {
                        convert(source, file);
                        source.CopyTo(Stream.Null); // reach the end, where the hash is checked
                    }
                    file.Flush(true);
                }
                if (File.Exists(path)) File.Delete(path);
                File.Move(temp, path);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            return new FileInfo(path);
        }
    }
}
