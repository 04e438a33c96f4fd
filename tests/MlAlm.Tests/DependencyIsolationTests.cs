using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Xunit;

namespace MlAlm.Tests
{
    /// <summary>
    /// The module's own load context for its dependencies (DependencyLoadContext), in this .NET
    /// process without a PowerShell: with an older Azure.Core already in the default context, as
    /// the Az modules leave it, the module still gets its own Azure.Core, while what the platform
    /// provides is shared. tests/Pester/MlAlm.Isolation.Tests.ps1 checks the same in a real
    /// PowerShell session, end to end.
    /// </summary>
    public class DependencyIsolationTests
    {
        private static readonly string ModuleFolder = Path.Combine(CmdletConventionTests.FindRepositoryRoot(), "out", "MlAlm");
        private static readonly string DependencyFolder = Path.Combine(ModuleFolder, "Dependencies");

        [Fact]
        public void The_modules_Azure_Core_loads_beside_an_older_one_in_the_default_context_and_platform_assemblies_are_shared()
        {
            var older = AssemblyLoadContext.Default.LoadFromAssemblyPath(OlderAzureCore());
            Assert.Equal(new Version(1, 44, 1, 0), older.GetName().Version);
            var ours = AssemblyName.GetAssemblyName(Path.Combine(DependencyFolder, "Azure.Core.dll"));
            Assert.True(ours.Version > older.GetName().Version);

            var load = ModuleAssembly().GetType("MlAlm.Commands.Infrastructure.IsolatedDependencies", throwOnError: true)!
                .GetMethod("Load", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
            Assembly Load(AssemblyName name) => (Assembly)load.Invoke(null, new object[] { DependencyFolder, name })!;

            var azureCore = Load(ours);
            Assert.Equal(ours.Version, azureCore.GetName().Version);
            Assert.NotSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(azureCore));
            Assert.NotNull(azureCore.GetType("Azure.Core.Pipeline.HttpPipeline"));
            // The older one is untouched, and asking again gives the same copy, not a third.
            Assert.Contains(AssemblyLoadContext.Default.Assemblies, a => ReferenceEquals(a, older));
            Assert.Same(azureCore, Load(new AssemblyName("Azure.Core")));

            // A dependency the platform provides in a satisfying version is the platform's copy.
            var json = Load(new AssemblyName("System.Text.Json"));
            Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(json));
            Assert.Same(typeof(System.Text.Json.JsonSerializer).Assembly, json);
            // Azure.Core's own dependencies that the platform lacks come from the module, beside it.
            var clientModel = azureCore.GetReferencedAssemblies().Single(a => a.Name == "System.ClientModel");
            Assert.Same(AssemblyLoadContext.GetLoadContext(azureCore), AssemblyLoadContext.GetLoadContext(Load(clientModel)));
        }

        private static Assembly ModuleAssembly() =>
            AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == "MlAlm")
            ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(ModuleFolder, "MlAlm.dll"));

        // tests/MlAlm.Tests.csproj downloads it (PackageDownload) into the NuGet cache and records where that is.
        private static string OlderAzureCore()
        {
            var packages = typeof(DependencyIsolationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "NuGetPackageRoot").Value;
            Assert.False(string.IsNullOrEmpty(packages), "The build did not record the NuGet package root.");
            var path = Path.Combine(packages!, "azure.core", "1.44.1", "lib", "net6.0", "Azure.Core.dll");
            Assert.True(File.Exists(path), $"Azure.Core 1.44.1 is not in the NuGet cache at '{path}'; restore tests/MlAlm.Tests.");
            return path;
        }
    }
}
