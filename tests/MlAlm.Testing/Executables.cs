using System;
using System.IO;

namespace MlAlm.Testing
{
    /// <summary>Finds a command on PATH, the way a shell would.</summary>
    internal static class Executables
    {
        /// <summary>The full path of <paramref name="name"/> (node, npm) on PATH, or null.</summary>
        public static string? Find(string name)
        {
            // On Windows npm is npm.cmd and node is node.exe; elsewhere the bare name.
            var candidates = OperatingSystem.IsWindows() ? new[] { name + ".exe", name + ".cmd" } : new[] { name };
            var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
            foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var candidate in candidates)
                {
                    var full = Path.Combine(dir.Trim('"'), candidate);
                    if (File.Exists(full)) return full;
                }
            }
            return null;
        }
    }
}
