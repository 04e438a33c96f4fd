using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MlAlm.Core.Storage;
using MlAlm.Core.Storage.Local;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>The whole store contract, run against <see cref="LocalDirectoryStore"/> in temporary directories.</summary>
    public sealed class LocalDirectoryStoreContractTests : WorkspaceStoreContract, IDisposable
    {
        private readonly List<string> _directories = new List<string>();

        protected override IWorkspaceStore CreateStore()
        {
            var directory = Path.Combine(Path.GetTempPath(), "mlalm-store-tests", Guid.NewGuid().ToString("N"));
            _directories.Add(directory);
            return LocalDirectoryStore.Open(directory);
        }

        protected override string StoreLocationForChildProcess(IWorkspaceStore store) => store.Location;

        protected override void CorruptContent(IWorkspaceStore store, ContentHash hash)
        {
            var path = Path.Combine(store.Location, "content", hash.Hex.Substring(0, 2), hash.Hex);
            using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            file.Position = file.Length / 2;
            int b = file.ReadByte();
            file.Position = file.Length / 2;
            file.WriteByte((byte)(b ^ 0xFF));
        }

        /// <summary>Every file and folder under the store directory, with file sizes.</summary>
        protected override IReadOnlyList<string> SnapshotStorage(IWorkspaceStore store) => SnapshotDirectory(store.Location);

        internal static IReadOnlyList<string> SnapshotDirectory(string root) =>
            Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/') +
                                (File.Exists(path) ? " " + new FileInfo(path).Length : "/"))
                .OrderBy(line => line, StringComparer.Ordinal)
                .ToList();

        public void Dispose()
        {
            foreach (var directory in _directories)
            {
                try
                {
                    if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                    // A leftover in the temp folder is not worth failing a test for.
                }
            }
        }
    }
}
