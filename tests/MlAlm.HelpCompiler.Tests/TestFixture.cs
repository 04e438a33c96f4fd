using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using MlAlm.HelpCompiler.Markdown;
using MlAlm.HelpCompiler.Metadata;
using MlAlm.HelpCompiler.Problems;

namespace MlAlm.HelpCompiler.Tests
{
    /// <summary>Where the fixture module and its pages are (written into this assembly by the build).</summary>
    internal static class TestFixture
    {
        public static string ModuleAssembly => Metadata("FixtureModuleAssembly");

        public static string DocsDirectory => Metadata("FixtureDocs");

        public static string SmaReference => Metadata("SmaReference");

        /// <summary>The help file CompileHelp.targets wrote when the fixture project was built.</summary>
        public static string BuiltHelpFile =>
            Path.Combine(Path.GetDirectoryName(ModuleAssembly)!, "en-US", "FixtureModule.dll-Help.xml");

        private static readonly Lazy<IReadOnlyList<CmdletDefinition>> LazyCmdlets =
            new(() => CmdletMetadataReader.Read(ModuleAssembly, new[] { SmaReference }));

        public static IReadOnlyList<CmdletDefinition> Cmdlets => LazyCmdlets.Value;

        public static CmdletDefinition Cmdlet(string name) => Cmdlets.Single(c => c.Name == name);

        /// <summary>Parses the fixture pages (they have no format problems).</summary>
        public static List<HelpPage> Pages()
        {
            var problems = new List<HelpProblem>();
            List<HelpPage> pages = HelpCompilerRun.ReadPages(DocsDirectory, problems);
            if (problems.Count > 0)
            {
                throw new InvalidOperationException("fixture pages have problems:\n" + string.Join("\n", problems));
            }

            return pages;
        }

        public static string PageText(string command) => File.ReadAllText(Path.Combine(DocsDirectory, command + ".md"));

        private static string Metadata(string key)
        {
            string? value = typeof(TestFixture).Assembly
                .GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == key)?.Value;
            if (string.IsNullOrEmpty(value))
            {
                throw new InvalidOperationException($"assembly metadata '{key}' is missing; see the test project file");
            }

            return value;
        }
    }

    /// <summary>A scratch folder holding a copy of the fixture pages, deleted on dispose.</summary>
    internal sealed class ScratchDocs : IDisposable
    {
        public ScratchDocs(bool copyFixturePages = true)
        {
            Root = Path.Combine(Path.GetTempPath(), "mlalm-helpcompiler-tests", Guid.NewGuid().ToString("N"));
            Docs = Path.Combine(Root, "docs", "help");
            Directory.CreateDirectory(Docs);
            if (copyFixturePages)
            {
                foreach (string file in Directory.GetFiles(TestFixture.DocsDirectory, "*.md"))
                {
                    File.Copy(file, Path.Combine(Docs, Path.GetFileName(file)));
                }
            }
        }

        public string Root { get; }

        public string Docs { get; }

        public string OutputFile => Path.Combine(Root, "out", "en-US", "FixtureModule.dll-Help.xml");

        public string PagePath(string command) => Path.Combine(Docs, command + ".md");

        public void Write(string command, string text) => File.WriteAllText(PagePath(command), text);

        public void Edit(string command, Func<string, string> change) =>
            File.WriteAllText(PagePath(command), change(File.ReadAllText(PagePath(command))));

        public void Delete(string command) => File.Delete(PagePath(command));

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder left behind is harmless.
            }
        }
    }

    /// <summary>Runs the command line in-process and captures what it prints.</summary>
    internal sealed record RunResult(int ExitCode, string Output, string Error)
    {
        public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public static RunResult Of(params string[] args)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            int code = HelpCompilerRun.Run(args, output, error);
            return new RunResult(code, output.ToString().Replace("\r\n", "\n"), error.ToString().Replace("\r\n", "\n"));
        }
    }
}
