using System;
using System.IO;
using System.Linq;
using System.Text;
using MlAlm.HelpCompiler.About;
using MlAlm.HelpCompiler.Markdown;
using MlAlm.HelpCompiler.Problems;
using Xunit;

namespace MlAlm.HelpCompiler.Tests
{
    /// <summary>about_*.md topics: parsed, checked, and written as the plain text Get-Help shows.</summary>
    public class AboutTopicTests
    {
        private const string Topic =
            "# about_Things\n" +                         // 1
            "\n" +                                       // 2
            "## Short description\n" +                   // 3
            "Things, and how to\n" +                     // 4
            "keep them.\n" +                             // 5
            "\n" +                                       // 6
            "## Long description\n" +                    // 7
            "Some **things** are kept in a [store](Get-Thing.md).\n" +
            "\n" +
            "### Stores\n" +
            "1. the default store;\n" +
            "2. any other.\n" +
            "\n" +
            "<!-- not shown -->\n" +
            "## Examples\n" +
            "### Example 1: Keep a thing\n" +
            "```powershell\n" +
            "Get-Thing |\n" +
            "\n" +
            "    Set-Thing\n" +
            "```\n" +
            "Keeps it.\n" +
            "## See also\n" +
            "- Get-Help Get-Thing\n";

        private static AboutParseResult Parse(string text, string path = "docs/about_Things.md") => AboutTopicParser.Parse(text, path);

        [Fact]
        public void Parses_the_title_sections_subheadings_and_blocks()
        {
            AboutParseResult result = Parse(Topic);

            Assert.Empty(result.Problems);
            AboutTopic topic = result.Topic;
            Assert.Equal(("about_Things", "about_Things"), (topic.Title, topic.FileTopicName));
            Assert.Equal(new[] { "Short description", "Long description", "Examples", "See also" }, topic.Sections.Select(s => s.Heading));
            Assert.Equal("Things, and how to keep them.", Assert.IsType<ParagraphBlock>(Assert.Single(topic.Section("SHORT DESCRIPTION")!.Blocks)).Text);
            var longDescription = topic.Section("Long description")!.Blocks;
            Assert.Equal(new[] { typeof(ParagraphBlock), typeof(SubheadingBlock), typeof(ListBlock) }, longDescription.Select(b => b.GetType()));
            Assert.Equal(new SubheadingBlock(10, "Stores"), longDescription[1]);
        }

        [Fact]
        public void Writes_the_classic_layout_with_the_short_description_on_line_5()
        {
            string text = AboutTextWriter.ToText(Parse(Topic).Topic);

            Assert.Equal(
                "TOPIC\n" +
                "    about_Things\n" +
                "\n" +
                "SHORT DESCRIPTION\n" +
                "    Things, and how to keep them.\n" +
                "\n" +
                "LONG DESCRIPTION\n" +
                "    Some things are kept in a store.\n" +
                "\n" +
                "  Stores\n" +
                "    1. the default store;\n" +
                "    2. any other.\n" +
                "\n" +
                "EXAMPLES\n" +
                "  Example 1: Keep a thing\n" +
                "        Get-Thing |\n" +
                "\n" +
                "            Set-Thing\n" +
                "\n" +
                "    Keeps it.\n" +
                "\n" +
                "SEE ALSO\n" +
                "    - Get-Help Get-Thing\n",
                text);
        }

        [Fact]
        public void Short_and_long_descriptions_come_first_whatever_the_page_order()
        {
            string text = AboutTextWriter.ToText(Parse(
                "# about_Things\n## Notes\nA note.\n## Long description\nLong.\n## Short description\nShort.\n").Topic);

            Assert.Equal("TOPIC\n    about_Things\n\nSHORT DESCRIPTION\n    Short.\n\nLONG DESCRIPTION\n    Long.\n\nNOTES\n    A note.\n", text);
        }

        [Fact]
        public void Wraps_text_at_80_columns_with_hanging_indents_for_list_items()
        {
            string words = string.Join(" ", Enumerable.Range(1, 60).Select(i => "word" + i));
            string longWord = new string('x', 90);
            string text = AboutTextWriter.ToText(Parse(
                $"# about_Things\n## Short description\n{words}\n## Long description\n- {words}\n\n{longWord} end\n\n```\n{longWord} code is never wrapped\n```\n").Topic);

            string[] lines = text.TrimEnd('\n').Split('\n');
            Assert.All(lines.Where(l => !l.Contains(longWord)), l => Assert.True(l.Length <= AboutTextWriter.Width, $"{l.Length}: {l}"));
            Assert.Equal("    word1 word2", lines[4].Substring(0, 15));
            Assert.Equal(words, string.Join(" ", lines.SkipWhile(l => l != "SHORT DESCRIPTION").Skip(1).TakeWhile(l => l.Length > 0).Select(l => l.Trim())));

            string[] item = lines.SkipWhile(l => l != "LONG DESCRIPTION").Skip(1).TakeWhile(l => l.Length > 0).ToArray();
            Assert.StartsWith("    - word1 ", item[0]);
            Assert.All(item.Skip(1), l => Assert.StartsWith("      word", l));
            Assert.Contains("    " + longWord, lines);
            Assert.Contains("    end", lines);
            Assert.Contains("        " + longWord + " code is never wrapped", lines);
            Assert.DoesNotContain(lines, l => l.EndsWith(' '));
        }

        [Fact]
        public void Writes_utf8_without_bom_with_lf_line_ends()
        {
            byte[] bytes = AboutTextWriter.Write(Parse(Topic.Replace("keep them", "keep them — safely")).Topic);

            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF);
            string text = Encoding.UTF8.GetString(bytes);
            Assert.Contains("keep them — safely.", text);
            Assert.DoesNotContain('\r', text);
            Assert.EndsWith("Get-Thing\n", text);
        }

        [Fact]
        public void A_topic_without_descriptions_gets_warnings()
        {
            AboutParseResult result = Parse("# about_Things\n## Short description\n<!-- to do -->\n## Notes\nNothing yet.\n");

            Assert.Equal(new[] { (1, ProblemCodes.AboutWithoutDescription, false), (2, ProblemCodes.AboutWithoutDescription, false) },
                result.Problems.OrderBy(p => p.Line).Select(p => (p.Line, p.Code, p.IsError)));
            Assert.Contains(result.Problems, p => p.Message.Contains("'## Long description'"));
            Assert.Contains(result.Problems, p => p.Message.Contains("'## Short description' section is empty"));
        }

        [Fact]
        public void Structural_problems_are_errors_reported_all_at_once()
        {
            const string text =
                "Stray text.\n" +                       // 1
                "# about_Thing\n" +                     // 2
                "Also stray.\n" +                       // 3
                "### Early\n" +                         // 4
                "## Short description\n" +              // 5
                "Short.\n" +                            // 6
                "## Long description\n" +               // 7
                "Long.\n" +                             // 8
                "#### Too deep\n" +                     // 9
                "## short  description\n" +             // 10
                "# about_Things\n" +                    // 11
                "```\n" +                               // 12
                "never closed\n";

            AboutParseResult result = Parse(text);

            Assert.Equal(new[]
            {
                (1, ProblemCodes.MisplacedContent),
                (2, ProblemCodes.BadTitle),
                (3, ProblemCodes.MisplacedContent),
                (4, ProblemCodes.MisplacedContent),
                (9, ProblemCodes.MisplacedContent),
                (10, ProblemCodes.DuplicateSection),
                (11, ProblemCodes.BadTitle),
                (12, ProblemCodes.UnclosedFence),
            }, result.Problems.OrderBy(p => p.Line).Select(p => (p.Line, p.Code)));
            Assert.All(result.Problems, p => Assert.True(p.IsError));
            Assert.Contains(result.Problems, p => p.Line == 2 && p.Message.Contains("expected '# about_Things'"));
        }

        [Fact]
        public void The_fixture_topic_has_no_problems()
        {
            var problems = new System.Collections.Generic.List<HelpProblem>();
            AboutTopic topic = Assert.Single(HelpCompilerRun.ReadAboutTopics(TestFixture.DocsDirectory, problems));

            Assert.Empty(problems);
            Assert.Equal("about_Widgets", topic.FileTopicName);
            Assert.Equal("about_Widgets.help.txt", AboutTextWriter.FileName(topic));
            Assert.Equal("    Explains widget stores, and how the widget cmdlets find the store they work",
                AboutTextWriter.ToText(topic).Split('\n')[4]);
        }
    }
}
