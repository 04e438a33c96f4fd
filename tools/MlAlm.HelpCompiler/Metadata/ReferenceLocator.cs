using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MlAlm.HelpCompiler.Metadata
{
    /// <summary>
    /// Finds the System.Management.Automation reference assembly of the PowerShellStandard.Library
    /// package in the NuGet package folder, for runs that pass no --reference.
    /// </summary>
    public static class ReferenceLocator
    {
        public const string SmaFileName = "System.Management.Automation.dll";

        /// <summary>The version the MlAlm projects reference; preferred when several are restored.</summary>
        public const string PreferredVersion = "5.1.0-preview-06";

        /// <summary>The NuGet package folder: NUGET_PACKAGES, else ~/.nuget/packages.</summary>
        public static string NuGetPackageRoot()
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return fromEnvironment;
            }

            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".nuget", "packages");
        }

        /// <summary>The reference assembly's path, or null when the package is not restored.</summary>
        public static string? FindPowerShellStandardReference() => FindPowerShellStandardReference(NuGetPackageRoot());

        public static string? FindPowerShellStandardReference(string packageRoot)
        {
            string packageDirectory = Path.Combine(packageRoot, "powershellstandard.library");
            if (!Directory.Exists(packageDirectory))
            {
                return null;
            }

            IEnumerable<string> versions = Directory.GetDirectories(packageDirectory)
                .Select(Path.GetFileName)
                .Where(v => v is not null)
                .Select(v => v!)
                .OrderByDescending(v => v == PreferredVersion)
                .ThenByDescending(v => v, StringComparer.OrdinalIgnoreCase);

            foreach (string version in versions)
            {
                string candidate = Path.Combine(packageDirectory, version, "lib", "netstandard2.0", SmaFileName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
