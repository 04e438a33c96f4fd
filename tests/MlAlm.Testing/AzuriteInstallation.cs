using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace MlAlm.Testing
{
    /// <summary>
    /// The Azurite pinned in tools/azurite/package.json, installed into tools/azurite/node_modules
    /// (never globally). A fresh clone has no node_modules, so the first test process to need
    /// Azurite runs `npm ci` there; the others wait for it on a lock file.
    /// </summary>
    internal sealed class AzuriteInstallation
    {
        // npm ci of Azurite takes well under a minute; this only guards against a hung npm.
        private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

        private static readonly Lazy<AzuriteInstallation> Instance =
            new Lazy<AzuriteInstallation>(FindOrInstall, LazyThreadSafetyMode.ExecutionAndPublication);

        private AzuriteInstallation(string node, string blobMain, string stopWhenStdinCloses)
        {
            Node = node;
            BlobMain = blobMain;
            StopWhenStdinCloses = stopWhenStdinCloses;
        }

        /// <summary>The node executable.</summary>
        public string Node { get; }

        /// <summary>The script behind azurite-blob (node runs it directly, on every platform).</summary>
        public string BlobMain { get; }

        /// <summary>tools/azurite/stop-when-stdin-closes.js, preloaded in front of <see cref="BlobMain"/>.</summary>
        public string StopWhenStdinCloses { get; }

        public static AzuriteInstallation Get() => Instance.Value;

        private static AzuriteInstallation FindOrInstall()
        {
            var folder = Path.Combine(RepositoryRoot(), "tools", "azurite");
            var pinned = PinnedVersion(folder);
            var node = Executables.Find("node") ?? throw NodeMissing("node");
            if (InstalledBlobMain(folder, pinned) is not string blobMain)
            {
                Install(folder, pinned);
                blobMain = InstalledBlobMain(folder, pinned)
                    ?? throw new InvalidOperationException($"npm ci in {folder} finished, but Azurite {pinned} is still not there.");
            }
            return new AzuriteInstallation(node, blobMain, Path.Combine(folder, "stop-when-stdin-closes.js"));
        }

        // The folder holding MlAlm.sln, above the test assembly (tests run from <repo>/tests/*/bin/...).
        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MlAlm.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds MlAlm.sln, so tools/azurite cannot be found.");
        }

        private static string PinnedVersion(string folder)
        {
            using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "package.json")));
            return package.RootElement.GetProperty("dependencies").GetProperty("azurite").GetString()
                ?? throw new InvalidOperationException("tools/azurite/package.json does not pin an Azurite version.");
        }

        // The azurite-blob script when the pinned version is installed; null when it is missing
        // or another version (a stale node_modules after the pin moved) is there.
        private static string? InstalledBlobMain(string folder, string pinned)
        {
            var packageDir = Path.Combine(folder, "node_modules", "azurite");
            var shim = Path.Combine(folder, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite-blob.cmd" : "azurite-blob");
            var manifest = Path.Combine(packageDir, "package.json");
            if (!File.Exists(shim) || !File.Exists(manifest)) return null;
            using var package = JsonDocument.Parse(File.ReadAllText(manifest));
            if (package.RootElement.GetProperty("version").GetString() != pinned) return null;
            // The bin entry, rather than the shim: the shim is a shell script on Windows.
            var main = package.RootElement.GetProperty("bin").GetProperty("azurite-blob").GetString();
            if (main is null) return null;
            var path = Path.GetFullPath(Path.Combine(packageDir, main));
            return File.Exists(path) ? path : null;
        }

        private static void Install(string folder, string pinned)
        {
            var npm = Executables.Find("npm") ?? throw NodeMissing("npm");
            using var installLock = InstallLock.Acquire(folder, InstallTimeout);
            // Another test process may have installed it while this one waited for the lock.
            if (InstalledBlobMain(folder, pinned) != null) return;
            var result = ChildProcess.Run(npm, folder, InstallTimeout, "ci", "--no-audit", "--no-fund");
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"`npm ci` in {folder} failed with exit code {result.ExitCode}, so Azurite {pinned} could not be installed. Its output:\n{result.Output}");
            }
        }

        private static InvalidOperationException NodeMissing(string command) => new InvalidOperationException(
            $"The Azure Blob store tests need Azurite (the Azure Storage emulator), which runs on Node.js, but `{command}` is not on PATH. " +
            "Install Node.js 20 or later with npm (https://nodejs.org/, or e.g. `apt-get install nodejs npm`) and run the tests again: " +
            "they install Azurite into tools/azurite themselves. Or set MLALM_TEST_AZURITE_BLOB to the blob endpoint of a running Azurite " +
            "(e.g. http://127.0.0.1:10000/devstoreaccount1).");

        /// <summary>A lock file opened exclusively: one `npm ci` at a time across test processes.</summary>
        private static class InstallLock
        {
            public static IDisposable Acquire(string folder, TimeSpan timeout)
            {
                // In the temp folder, not in the repository; named after the folder it guards. Never
                // deleted: deleting a lock file while another process waits to open it breaks the lock.
                var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(folder)), 0, 8).ToLowerInvariant();
                var path = Path.Combine(Path.GetTempPath(), $"mlalm-azurite-install-{hash}.lock");
                var deadline = DateTime.UtcNow + timeout;
                while (true)
                {
                    try
                    {
                        return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    }
                    catch (IOException)
                    {
                        if (DateTime.UtcNow >= deadline)
                        {
                            throw new TimeoutException($"Another test process held {path} for {timeout.TotalMinutes} minutes: is an `npm ci` in {folder} hung?");
                        }
                        Thread.Sleep(500);
                    }
                }
            }
        }
    }
}
