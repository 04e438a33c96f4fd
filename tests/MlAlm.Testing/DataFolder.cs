using System;
using System.IO;
using System.Threading;

namespace MlAlm.Testing
{
    /// <summary>
    /// A temporary folder for one Azurite's data (its --location), with a lock file held open while
    /// it is in use. The test host may be killed before its exit handlers remove the folder (vstest
    /// ends it right after the run), so each process first removes the folders whose lock nobody
    /// holds any more.
    /// </summary>
    internal sealed class DataFolder : IDisposable
    {
        private static readonly string Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlalm-azurite");

        // Younger leftovers may be a folder another process is setting up right now.
        private static readonly TimeSpan MinimumLeftoverAge = TimeSpan.FromSeconds(30);

        private static int _swept;

        private readonly FileStream _lock;

        private DataFolder(string path, FileStream lockStream)
        {
            Path = path;
            _lock = lockStream;
        }

        public string Path { get; }

        public static DataFolder Create()
        {
            if (Interlocked.Exchange(ref _swept, 1) == 0) RemoveLeftovers();
            Directory.CreateDirectory(Root);
            var path = System.IO.Path.Combine(Root, Guid.NewGuid().ToString("N"));
            // The lock first, the folder second (and the reverse on removal): a folder without a
            // held lock is never in use.
            var lockStream = new FileStream(path + ".lock", FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            Directory.CreateDirectory(path);
            return new DataFolder(path, lockStream);
        }

        public void Dispose()
        {
            TryDelete(() => Directory.Delete(Path, recursive: true));
            _lock.Dispose();
            TryDelete(() => File.Delete(Path + ".lock"));
        }

        private static void RemoveLeftovers()
        {
            if (!Directory.Exists(Root)) return;
            var cutoff = DateTime.UtcNow - MinimumLeftoverAge;
            foreach (var lockFile in Directory.GetFiles(Root, "*.lock"))
            {
                if (File.GetLastWriteTimeUtc(lockFile) > cutoff) continue;
                try
                {
                    // Opens only when its owner is gone: the operating system releases the lock with the process.
                    using (new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                    {
                        TryDelete(() => Directory.Delete(lockFile.Substring(0, lockFile.Length - ".lock".Length), recursive: true));
                    }
                    TryDelete(() => File.Delete(lockFile));
                }
                catch (IOException)
                {
                    // in use, or removed meanwhile by another process doing the same
                }
            }
            foreach (var folder in Directory.GetDirectories(Root))
            {
                if (!File.Exists(folder + ".lock") && Directory.GetLastWriteTimeUtc(folder) <= cutoff)
                {
                    TryDelete(() => Directory.Delete(folder, recursive: true));
                }
            }
        }

        // A leftover temp folder is not worth failing a test for.
        private static void TryDelete(Action delete)
        {
            try
            {
                delete();
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
