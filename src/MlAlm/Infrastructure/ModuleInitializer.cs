using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace MlAlm.Commands.Infrastructure
{
    /// <summary>
    /// Dependency isolation. Third-party assemblies ship in the module's Dependencies/ folder,
    /// not beside MlAlm.dll, so PowerShell never loads them by accident. When the runtime cannot
    /// find one of them it asks here, and only for those names do we load our copy. An assembly
    /// PowerShell itself already loaded with a compatible version (Newtonsoft.Json 13) resolves to
    /// PowerShell's copy before this handler is consulted, so both share one and nothing conflicts.
    /// The runtime also asks here when another module already loaded an older version of a name
    /// we need (Azure.Core from the Az modules): on PowerShell 7 our copy then loads into a context
    /// of the module's own (<see cref="DependencyLoadContext"/>), beside the other; Windows
    /// PowerShell has one context only, so there the module that loads first decides.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";
        private static readonly string DependencyFolder = Path.Combine(ModuleFolder, "Dependencies");

        public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += ResolveDependency;

        public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= ResolveDependency;

        private static Assembly? ResolveDependency(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name);
            // Our own assemblies sit beside MlAlm.dll; third-party ones in Dependencies/.
            var folder = (name.Name ?? string.Empty).StartsWith("MlAlm.", StringComparison.Ordinal) ? ModuleFolder : DependencyFolder;
            var candidate = Path.Combine(folder, name.Name + ".dll");
            if (!File.Exists(candidate)) return null;
            var available = AssemblyName.GetAssemblyName(candidate);
            // Serve our copy only when it satisfies the request: same major version, at least as new.
            if (name.Version != null && available.Version != null &&
                (available.Version.Major != name.Version.Major || available.Version < name.Version)) return null;
            if (folder == DependencyFolder && RunsOnDotNetCore) return IsolatedDependencies.Load(DependencyFolder, name);
            return Assembly.LoadFrom(candidate);
        }

        // PowerShell 7 runs on .NET (Core), which has assembly load contexts; Windows PowerShell on
        // .NET Framework, which does not.
        private static readonly bool RunsOnDotNetCore =
            !System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);
    }
}
