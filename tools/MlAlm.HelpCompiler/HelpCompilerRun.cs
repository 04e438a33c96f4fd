using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using MlAlm.HelpCompiler.About;
using MlAlm.HelpCompiler.Maml;
using MlAlm.HelpCompiler.Markdown;
using MlAlm.HelpCompiler.Merging;
using MlAlm.HelpCompiler.Metadata;
using MlAlm.HelpCompiler.Problems;

namespace MlAlm.HelpCompiler
{
    /// <summary>
    /// One run of the compiler: read the pages, read the cmdlets, merge, report, write.
    /// Problems go to <c>output</c> in MSBuild's canonical format; a run that cannot proceed
    /// writes one error line to <c>error</c>.
    /// </summary>
    public static class HelpCompilerRun
    {
        public const string ToolName = "MlAlm.HelpCompiler";

        /// <summary>Runs with command-line arguments; returns the process exit code.</summary>
        public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
        {
            CompilerOptions? options = CompilerOptions.Parse(args, out string? usageError);
            if (options is null)
            {
                error.WriteLine(Fatal(ToolName, ProblemCodes.Usage, usageError ?? "bad arguments"));
                error.WriteLine(CompilerOptions.Usage);
                return 1;
            }

            if (options.ShowHelp)
            {
                output.WriteLine(CompilerOptions.Usage);
                return 0;
            }

            return Run(options, output, error);
        }

        public static int Run(CompilerOptions options, TextWriter output, TextWriter error)
        {
            if (!Directory.Exists(options.DocsDirectory))
            {
                error.WriteLine(Fatal(options.DocsDirectory, ProblemCodes.DocsUnreadable, "the help folder does not exist"));
                return 1;
            }

            var problems = new List<HelpProblem>();
            List<HelpPage> pages;
            List<AboutTopic> topics;
            try
            {
                pages = ReadPages(options.DocsDirectory, problems);
                topics = ReadAboutTopics(options.DocsDirectory, problems);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine(Fatal(options.DocsDirectory, ProblemCodes.DocsUnreadable, e.Message));
                return 1;
            }

            IReadOnlyList<CmdletDefinition> cmdlets;
            try
            {
                cmdlets = CmdletMetadataReader.Read(options.AssemblyPath, options.References);
            }
            catch (MetadataReadException e)
            {
                Report(problems, output);
                error.WriteLine(Fatal(options.AssemblyPath, ProblemCodes.AssemblyUnreadable, e.Message));
                return 1;
            }

            MergeResult merged = HelpMerger.Merge(cmdlets, pages, options.DocsDirectory);
            problems.AddRange(merged.Problems);
            problems.Sort(HelpProblem.Compare);
            Report(problems, output);

            bool formatErrors = problems.Any(p => p.IsError);
            if (options.CheckOnly)
            {
                output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "{0}: checked {1} cmdlet(s), {2} page(s) and {3} about topic(s), {4} problem(s)",
                    ToolName, cmdlets.Count, pages.Count, topics.Count, problems.Count));
                return problems.Count == 0 ? 0 : 1;
            }

            if (formatErrors)
            {
                return 1;
            }

            string outputPath = options.OutputPath!;
            string target = outputPath;
            try
            {
                WriteAtomically(outputPath, MamlWriter.Write(merged.Commands));

                // About topics go beside the MAML file, in the culture folder where Get-Help finds them.
                string cultureDirectory = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
                foreach (AboutTopic topic in topics)
                {
                    target = Path.Combine(cultureDirectory, AboutTextWriter.FileName(topic));
                    WriteAtomically(target, AboutTextWriter.Write(topic));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine(Fatal(target, ProblemCodes.OutputUnwritable, e.Message));
                return 1;
            }

            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0}: help for {1} of {2} cmdlet(s) and {3} about topic(s), {4} problem(s) -> {5}",
                ToolName, merged.Commands.Count, cmdlets.Count, topics.Count, problems.Count, outputPath));
            return 0;
        }

        /// <summary>
        /// The pages of a folder: every *.md except README.md and about_*.md (about topics, read by
        /// <see cref="ReadAboutTopics"/>),
        /// in ordinal file-name order. Format problems are added to <paramref name="problems"/>.
        /// </summary>
        public static List<HelpPage> ReadPages(string docsDirectory, List<HelpProblem> problems)
        {
            var pages = new List<HelpPage>();
            IEnumerable<string> files = Directory.GetFiles(docsDirectory, "*.md")
                .Select(Path.GetFileName)
                .Select(f => f!)
                .Where(f => !f.Equals("README.md", StringComparison.OrdinalIgnoreCase)
                            && !f.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => f, StringComparer.Ordinal);

            foreach (string file in files)
            {
                PageParseResult result = HelpPageParser.ParseFile(Path.Combine(docsDirectory, file));
                pages.Add(result.Page);
                problems.AddRange(result.Problems);
            }

            return pages;
        }

        /// <summary>
        /// The about topics of a folder (about_*.md), in ordinal file-name order. Their problems
        /// are added to <paramref name="problems"/>.
        /// </summary>
        public static List<AboutTopic> ReadAboutTopics(string docsDirectory, List<HelpProblem> problems)
        {
            var topics = new List<AboutTopic>();
            IEnumerable<string> files = Directory.GetFiles(docsDirectory, "*.md")
                .Select(Path.GetFileName)
                .Select(f => f!)
                .Where(AboutTopicParser.IsAboutFileName)
                .OrderBy(f => f, StringComparer.Ordinal);

            foreach (string file in files)
            {
                AboutParseResult result = AboutTopicParser.ParseFile(Path.Combine(docsDirectory, file));
                topics.Add(result.Topic);
                problems.AddRange(result.Problems);
            }

            return topics;
        }

        private static void Report(IEnumerable<HelpProblem> problems, TextWriter output)
        {
            foreach (HelpProblem problem in problems)
            {
                output.WriteLine(problem.ToString());
            }
        }

        private static string Fatal(string origin, string code, string message) =>
            HelpProblem.Error(origin, 0, code, message).ToString();

        /// <summary>Writes beside the target, then renames: readers never see a half-written file.</summary>
        private static void WriteAtomically(string path, byte[] content)
        {
            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath)!;
            Directory.CreateDirectory(directory);
            string temporary = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                File.WriteAllBytes(temporary, content);
                File.Move(temporary, fullPath, overwrite: true);
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }
    }
}
