using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace MlAlm.Commands.Infrastructure
{
    /// <summary>
    /// On PowerShell 7 (.NET), the module's third-party dependencies load into this context of their
    /// own rather than into PowerShell's default one. .NET keeps one version of an assembly name per
    /// context, so when another module (the Az modules, say) has already put an older Azure.Core in
    /// the default context, MlAlm still gets the Azure.Core it was built against, here, and each
    /// module runs on its own copy.
    ///
    /// What the platform itself provides (the .NET runtime's assemblies and PowerShell's own, such
    /// as System.Text.Json or Newtonsoft.Json) in a version that satisfies the request is not loaded
    /// again: it is shared, so one copy serves everyone and types passed between MlAlm and
    /// PowerShell stay the same types.
    ///
    /// Only this class and <see cref="IsolatedDependencies"/> name AssemblyLoadContext, which
    /// Windows PowerShell (.NET Framework) lacks; they are never touched there.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;
        private readonly IReadOnlyDictionary<string, string> _platform;

        /// <param name="folder">The module's Dependencies folder.</param>
        /// <param name="platformAssemblies">Simple name to path of every assembly the platform provides.</param>
        public DependencyLoadContext(string folder, IReadOnlyDictionary<string, string> platformAssemblies)
        {
            _folder = folder;
            _platform = platformAssemblies;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (PlatformProvides(assemblyName)) return null; // the default context has it: share that one
            var path = Path.Combine(_folder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        /// <summary>True when the platform has an assembly of that name whose version satisfies the request.</summary>
        public bool PlatformProvides(AssemblyName requested)
        {
            if (requested.Name == null || !_platform.TryGetValue(requested.Name, out var path)) return false;
            if (requested.Version == null) return true;
            try
            {
                return AssemblyName.GetAssemblyName(path).Version >= requested.Version;
            }
            catch (Exception e) when (e is IOException || e is BadImageFormatException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>
        /// The platform's assemblies: the runtime's trusted platform assembly list, which for pwsh
        /// holds both .NET's assemblies and PowerShell's own.
        /// </summary>
        public static IReadOnlyDictionary<string, string> PlatformAssemblies()
        {
            var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            foreach (var path in list.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
            {
                var name = Path.GetFileNameWithoutExtension(path);
                if (!byName.ContainsKey(name)) byName[name] = path;
            }
            return byName;
        }
    }

    /// <summary>The module's one <see cref="DependencyLoadContext"/>, created on first use.</summary>
    internal static class IsolatedDependencies
    {
        private static readonly object Gate = new object();
        private static DependencyLoadContext? _context;

        /// <summary>Loads a dependency by name into the module's context (or finds it there already).</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public static Assembly Load(string folder, AssemblyName name)
        {
            lock (Gate)
            {
                _context ??= new DependencyLoadContext(folder, DependencyLoadContext.PlatformAssemblies());
            }
            // Asked by simple name: the version check against our copy was made by the caller, and
            // the context hands back what it already loaded under that name.
            return _context.LoadFromAssemblyName(new AssemblyName(name.Name!));
        }
    }
}
