using System.Collections.Generic;
using System.IO;
using MlAlm.HelpCompiler.About;
using MlAlm.HelpCompiler.Markdown;
using MlAlm.HelpCompiler.Maml;
using MlAlm.HelpCompiler.Merging;
using MlAlm.HelpCompiler.Problems;
using Xunit;

namespace MlAlm.HelpCompiler.Tests
{
    /// <summary>
    /// The fixture project imports tools/MlAlm.HelpCompiler/CompileHelp.targets, so building this
    /// test project built the fixture and ran the compiler through MSBuild.
    /// </summary>
    public class CompileHelpTargetsTests
    {
        [Fact]
        public void Building_the_fixture_wrote_its_help_file_next_to_the_assembly()
        {
            Assert.True(File.Exists(TestFixture.BuiltHelpFile), $"missing {TestFixture.BuiltHelpFile}");
        }

        [Fact]
        public void The_built_help_file_is_what_the_compiler_produces()
        {
            byte[] expected = MamlWriter.Write(HelpMerger.Merge(TestFixture.Cmdlets, TestFixture.Pages(), TestFixture.DocsDirectory).Commands);

            Assert.Equal(expected, File.ReadAllBytes(TestFixture.BuiltHelpFile));
        }

        [Fact]
        public void Building_the_fixture_wrote_its_about_topic_beside_the_help_file()
        {
            var problems = new List<HelpProblem>();
            AboutTopic topic = Assert.Single(HelpCompilerRun.ReadAboutTopics(TestFixture.DocsDirectory, problems));
            string built = Path.Combine(Path.GetDirectoryName(TestFixture.BuiltHelpFile)!, "about_Widgets.help.txt");

            Assert.True(File.Exists(built), $"missing {built}");
            Assert.Equal(AboutTextWriter.Write(topic), File.ReadAllBytes(built));
        }
    }
}
