using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MlAlm.HelpCompiler.Problems;
using Xunit;

namespace MlAlm.HelpCompiler.Tests
{
    /// <summary>The program as MSBuild and CI run it: arguments, printed problems, exit codes, files.</summary>
    public class CommandLineTests
    {
        // MSBuild's canonical message format, as the Exec task recognizes it.
        private static readonly Regex Canonical = new(@"^(?<origin>.+?)(\((?<line>\d+)\))?: (?<category>warning|error) (?<code>MLHELP\d{3}): (?<text>.+)$");

        private static string[] CompileArgs(ScratchDocs scratch, params string[] extra) =>
            new[] { "--assembly", TestFixture.ModuleAssembly, "--docs", scratch.Docs, "--out", scratch.OutputFile, "--reference", TestFixture.SmaReference }
                .Concat(extra).ToArray();

        [Fact]
        public void Compiles_the_fixture_without_problems()
        {
            using var scratch = new ScratchDocs();

            RunResult run = RunResult.Of(CompileArgs(scratch));

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(string.Empty, run.Error);
            Assert.DoesNotContain(run.OutputLines, l => Canonical.IsMatch(l));
            Assert.True(File.Exists(scratch.OutputFile));
        }

        [Fact]
        public void Compile_prints_problems_as_msbuild_warnings_and_still_succeeds()
        {
            using var scratch = new ScratchDocs();
            scratch.Delete("Set-WidgetColor");
            scratch.Edit("Get-Widget", t => t.Replace("### -Store\nThe store to read from.\n", string.Empty));

            RunResult run = RunResult.Of(CompileArgs(scratch));

            Assert.Equal(0, run.ExitCode);
            var problems = run.OutputLines.Where(l => Canonical.IsMatch(l)).ToList();
            Assert.Equal(2, problems.Count);
            Assert.All(problems, l => Assert.Equal("warning", Canonical.Match(l).Groups["category"].Value));
            int parametersLine = System.Array.IndexOf(File.ReadAllLines(scratch.PagePath("Get-Widget")), "## Parameters") + 1;
            Assert.Contains($"{scratch.PagePath("Get-Widget")}({parametersLine}): warning {ProblemCodes.UndescribedParameter}: the parameter -Store of 'Get-Widget' is not described; add '### -Store' under '## Parameters'", problems);
            Assert.Contains(problems, l => l.StartsWith(scratch.PagePath("Set-WidgetColor") + ": warning " + ProblemCodes.MissingPage + ":"));
            Assert.True(File.Exists(scratch.OutputFile));
        }

        [Fact]
        public void Check_mode_lists_every_problem_and_fails()
        {
            using var scratch = new ScratchDocs();
            scratch.Edit("Remove-Widget", t => t.Replace("## Synopsis\nRemoves a widget from its store.\n", "## Synopsis\n"));
            scratch.Edit("Set-WidgetColor", t => t.Replace("```powershell\nSet-WidgetColor -Name gear -Color Red -PassThru\n```\n", string.Empty));
            scratch.Write("Get-Gadget", "# Get-Gadget\n## Synopsis\nGets gadgets.\n");

            RunResult run = RunResult.Of("--check", "--assembly", TestFixture.ModuleAssembly, "--docs", scratch.Docs, "--reference", TestFixture.SmaReference);

            Assert.Equal(1, run.ExitCode);
            var codes = run.OutputLines.Select(l => Canonical.Match(l)).Where(m => m.Success).Select(m => m.Groups["code"].Value).ToList();
            Assert.Equal(new[] { ProblemCodes.UnknownCmdlet, ProblemCodes.NoExample, ProblemCodes.EmptySynopsis, ProblemCodes.ExampleWithoutCode }, codes);
            Assert.Contains("4 problem(s)", run.OutputLines.Last());
            Assert.False(File.Exists(scratch.OutputFile));
        }

        [Fact]
        public void Check_mode_passes_on_clean_pages()
        {
            using var scratch = new ScratchDocs();

            RunResult run = RunResult.Of("--check", "--assembly", TestFixture.ModuleAssembly, "--docs", scratch.Docs);

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("checked 4 cmdlet(s), 4 page(s) and 1 about topic(s), 0 problem(s)", run.Output);
        }

        [Fact]
        public void A_page_that_breaks_the_format_fails_the_compile_and_writes_nothing()
        {
            using var scratch = new ScratchDocs();
            scratch.Edit("Get-Widget", t => t.Replace("## Notes", "## Remarks"));
            scratch.Edit("Remove-Widget", t => t + "\n```powershell\nnever closed\n");

            RunResult run = RunResult.Of(CompileArgs(scratch));

            Assert.Equal(1, run.ExitCode);
            var errors = run.OutputLines.Select(l => Canonical.Match(l)).Where(m => m.Success && m.Groups["category"].Value == "error").ToList();
            Assert.Equal(new[] { ProblemCodes.UnknownSection, ProblemCodes.UnclosedFence }, errors.Select(m => m.Groups["code"].Value));
            Assert.False(File.Exists(scratch.OutputFile));
        }

        [Fact]
        public void An_unreadable_assembly_is_an_error_with_exit_code_one()
        {
            using var scratch = new ScratchDocs();
            string bogus = Path.Combine(scratch.Root, "Bogus.dll");
            File.WriteAllText(bogus, "not an assembly");

            RunResult run = RunResult.Of("--assembly", bogus, "--docs", scratch.Docs, "--out", scratch.OutputFile);

            Assert.Equal(1, run.ExitCode);
            Match error = Canonical.Match(run.Error.Trim());
            Assert.True(error.Success, run.Error);
            Assert.Equal((bogus, "error", ProblemCodes.AssemblyUnreadable), (error.Groups["origin"].Value, error.Groups["category"].Value, error.Groups["code"].Value));
            Assert.False(File.Exists(scratch.OutputFile));
        }

        [Theory]
        [InlineData("--docs", "d", "--out", "o")]
        [InlineData("--assembly", "a", "--out", "o")]
        [InlineData("--assembly", "a", "--docs", "d")]
        [InlineData("--assembly")]
        [InlineData("--assembly", "a", "--docs", "d", "--out", "o", "--bogus")]
        public void Bad_arguments_print_usage_and_fail(params string[] args)
        {
            RunResult run = RunResult.Of(args);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains($"error {ProblemCodes.Usage}:", run.Error);
            Assert.Contains("usage:", run.Error);
        }

        [Fact]
        public void Help_prints_usage()
        {
            RunResult run = RunResult.Of("--help");

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("--check", run.Output);
        }

        [Fact]
        public void A_missing_docs_folder_is_an_error()
        {
            using var scratch = new ScratchDocs(copyFixturePages: false);
            string missing = Path.Combine(scratch.Root, "nope");

            RunResult run = RunResult.Of("--assembly", TestFixture.ModuleAssembly, "--docs", missing, "--out", scratch.OutputFile);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains($"{missing}: error {ProblemCodes.DocsUnreadable}:", run.Error);
        }

        [Fact]
        public void Readme_and_about_topics_are_not_pages()
        {
            using var scratch = new ScratchDocs();
            File.WriteAllText(Path.Combine(scratch.Docs, "README.md"), "# How to write help\nAnything goes here.\n");
            File.WriteAllText(Path.Combine(scratch.Docs, "about_Gadgets.md"), "# about_Gadgets\n## Short description\nGadgets.\n## Long description\nNot widgets.\n");

            RunResult run = RunResult.Of("--check", "--assembly", TestFixture.ModuleAssembly, "--docs", scratch.Docs);

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("checked 4 cmdlet(s), 4 page(s) and 2 about topic(s), 0 problem(s)", run.Output);
        }

        [Fact]
        public void About_topics_are_written_as_help_txt_files_beside_the_maml()
        {
            using var scratch = new ScratchDocs();

            RunResult run = RunResult.Of(CompileArgs(scratch));

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("help for 4 of 4 cmdlet(s) and 1 about topic(s), 0 problem(s)", run.Output);
            string about = Path.Combine(Path.GetDirectoryName(scratch.OutputFile)!, "about_Widgets.help.txt");
            Assert.StartsWith("TOPIC\n    about_Widgets\n\nSHORT DESCRIPTION\n    Explains widget stores,", File.ReadAllText(about));
        }

        [Fact]
        public void An_about_topic_without_descriptions_is_a_warning_and_one_that_breaks_the_format_an_error()
        {
            using var scratch = new ScratchDocs();
            File.WriteAllText(Path.Combine(scratch.Docs, "about_Gadgets.md"), "# about_Gadgets\n## Long description\nNo short one.\n");

            RunResult warned = RunResult.Of(CompileArgs(scratch));

            Assert.Equal(0, warned.ExitCode);
            Assert.Contains($"{Path.Combine(scratch.Docs, "about_Gadgets.md")}(1): warning {ProblemCodes.AboutWithoutDescription}: the about topic has no '## Short description' section", warned.OutputLines);
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(scratch.OutputFile)!, "about_Gadgets.help.txt")));

            using var broken = new ScratchDocs();
            File.WriteAllText(Path.Combine(broken.Docs, "about_Gadgets.md"), "# about_Gizmos\n## Short description\nS.\n## Long description\nL.\n");

            RunResult failed = RunResult.Of(CompileArgs(broken));

            Assert.Equal(1, failed.ExitCode);
            Assert.Contains(failed.OutputLines, l => l.Contains($"error {ProblemCodes.BadTitle}: the title 'about_Gizmos' does not match"));
            Assert.False(File.Exists(broken.OutputFile));
            Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(broken.OutputFile)!, "about_Widgets.help.txt")));
        }

        [Fact]
        public void Compiling_twice_gives_identical_files()
        {
            using var scratch = new ScratchDocs();
            Assert.Equal(0, RunResult.Of(CompileArgs(scratch)).ExitCode);
            byte[] first = File.ReadAllBytes(scratch.OutputFile);

            Assert.Equal(0, RunResult.Of(CompileArgs(scratch)).ExitCode);

            Assert.Equal(first, File.ReadAllBytes(scratch.OutputFile));
            Assert.Equal(new[] { "FixtureModule.dll-Help.xml", "about_Widgets.help.txt" },
                Directory.GetFiles(Path.GetDirectoryName(scratch.OutputFile)!).Select(Path.GetFileName).OrderBy(f => f, System.StringComparer.Ordinal));
        }
    }
}
