using System.Linq;
using MlAlm.HelpCompiler.Markdown;
using MlAlm.HelpCompiler.Problems;
using Xunit;

namespace MlAlm.HelpCompiler.Tests
{
    public class HelpPageParserTests
    {
        private const string Page =
            "# Get-Thing\n" +
            "\n" +
            "## Synopsis\n" +
            "Gets things\n" +
            "quickly.\n" +
            "\n" +
            "## Description\n" +
            "First paragraph.\n" +
            "\n" +
            "- one\n" +
            "- two\n" +
            "  continued\n" +
            "\n" +
            "1. first\n" +
            "2. second\n" +
            "\n" +
            "<!-- an authoring note\n" +
            "over two lines -->\n" +
            "## Examples\n" +
            "### Example 1: Simple\n" +
            "```powershell\n" +
            "Get-Thing -Name a\n" +
            "\n" +
            "# a comment, not a heading\n" +
            "```\n" +
            "Explains it.\n" +
            "## Parameters\n" +
            "### -Name\n" +
            "The name.\n" +
            "## Related links\n" +
            "- [Set-Thing](Set-Thing.md)\n" +
            "- <https://example.com/thing>\n" +
            "- about_Things\n";

        [Fact]
        public void Parses_sections_entries_and_blocks()
        {
            PageParseResult result = HelpPageParser.Parse(Page, "docs/Get-Thing.md");

            Assert.Empty(result.Problems);
            HelpPage page = result.Page;
            Assert.Equal("Get-Thing", page.Title);
            Assert.Equal("Get-Thing", page.FileCommandName);

            var synopsis = Assert.IsType<ParagraphBlock>(Assert.Single(page.Section(SectionKind.Synopsis)!.Blocks));
            Assert.Equal("Gets things quickly.", synopsis.Text);
            Assert.Equal(4, synopsis.Line);

            var description = page.Section(SectionKind.Description)!.Blocks;
            Assert.Equal(3, description.Count);
            var bullets = Assert.IsType<ListBlock>(description[1]);
            Assert.False(bullets.Ordered);
            Assert.Equal(new[] { "one", "two continued" }, bullets.Items);
            var numbers = Assert.IsType<ListBlock>(description[2]);
            Assert.True(numbers.Ordered);

            SectionEntry example = Assert.Single(page.Section(SectionKind.Examples)!.Entries);
            Assert.Equal("Example 1: Simple", example.Heading);
            Assert.Equal(20, example.Line);
            var code = Assert.IsType<CodeBlock>(example.Blocks[0]);
            Assert.Equal("powershell", code.Language);
            Assert.Equal("Get-Thing -Name a\n\n# a comment, not a heading", code.Code);
            Assert.IsType<ParagraphBlock>(example.Blocks[1]);

            SectionEntry parameter = Assert.Single(page.Section(SectionKind.Parameters)!.Entries);
            Assert.Equal("Name", parameter.Heading);

            Assert.Collection(page.RelatedLinks,
                l => Assert.Equal(("Set-Thing", "Set-Thing.md", 31), (l.Text, l.Target, l.Line)),
                l => Assert.Equal(("https://example.com/thing", "https://example.com/thing"), (l.Text, l.Target)),
                l => Assert.Equal(("about_Things", string.Empty), (l.Text, l.Target)));
        }

        [Fact]
        public void Accepts_crlf_bom_front_matter_and_upper_case_headings()
        {
            string text = "\uFEFF---\r\nexternal help file: x\r\n---\r\n# Get-Thing\r\n## SYNOPSIS\r\nGets things.\r\n## RELATED LINKS\r\n";

            PageParseResult result = HelpPageParser.Parse(text, "Get-Thing.md");

            Assert.Empty(result.Problems);
            Assert.Equal(4, result.Page.TitleLine);
            Assert.NotNull(result.Page.Section(SectionKind.RelatedLinks));
        }

        [Fact]
        public void Reports_every_format_problem_at_once_with_lines()
        {
            string text =
                "Stray text before the title.\n" +          // 1
                "# Get-Other\n" +                            // 2  title does not match file name
                "Text between title and sections.\n" +       // 3
                "## Syntax\n" +                              // 4  not a section of the format
                "## Synopsis\n" +                            // 5
                "Gets.\n" +                                  // 6
                "### Not allowed here\n" +                   // 7
                "## Synopsis\n" +                            // 8  duplicate
                "## Examples\n" +                            // 9
                "Text before the first example.\n" +         // 10
                "## Parameters\n" +                          // 11
                "### Name\n" +                               // 12 missing '-'
                "### -Path\n" +                              // 13
                "Path.\n" +                                  // 14
                "#### Deeper\n" +                            // 15
                "### -path\n" +                              // 16 duplicate
                "## Related links\n" +                       // 17
                "Not a list.\n" +                            // 18
                "## Notes\n" +                               // 19
                "```powershell\n" +                          // 20 never closed
                "Get-Thing\n";

            PageParseResult result = HelpPageParser.Parse(text, "docs/Get-Thing.md");

            Assert.All(result.Problems, p => Assert.True(p.IsError));
            Assert.All(result.Problems, p => Assert.Equal("docs/Get-Thing.md", p.File));
            var found = result.Problems.Select(p => (p.Line, p.Code)).OrderBy(x => x.Line).ToList();
            Assert.Equal(new[]
            {
                (1, ProblemCodes.MisplacedContent),
                (2, ProblemCodes.BadTitle),
                (3, ProblemCodes.MisplacedContent),
                (4, ProblemCodes.UnknownSection),
                (7, ProblemCodes.MisplacedContent),
                (8, ProblemCodes.DuplicateSection),
                (10, ProblemCodes.MisplacedContent),
                (12, ProblemCodes.BadParameterHeading),
                (15, ProblemCodes.MisplacedContent),
                (16, ProblemCodes.DuplicateEntry),
                (18, ProblemCodes.MisplacedContent),
                (20, ProblemCodes.UnclosedFence),
            }, found);
            Assert.Contains(result.Problems, p => p.Code == ProblemCodes.UnknownSection && p.Message.Contains("generated from the cmdlet"));
        }

        [Fact]
        public void A_bullet_list_may_follow_a_paragraph_line_directly()
        {
            string text = "# Get-Thing\n## Description\nReturns, in order:\n- gears\n- levers\nAs of 2024. 2 things.\n";

            PageParseResult result = HelpPageParser.Parse(text, "Get-Thing.md");

            var blocks = result.Page.Section(SectionKind.Description)!.Blocks;
            Assert.Equal("Returns, in order:", Assert.IsType<ParagraphBlock>(blocks[0]).Text);
            Assert.Equal(new[] { "gears", "levers As of 2024. 2 things." }, Assert.IsType<ListBlock>(blocks[1]).Items);
        }

        [Fact]
        public void A_page_without_title_is_an_error_on_line_one()
        {
            PageParseResult result = HelpPageParser.Parse("## Synopsis\nGets.\n", "Get-Thing.md");

            HelpProblem problem = Assert.Single(result.Problems);
            Assert.Equal((1, ProblemCodes.BadTitle), (problem.Line, problem.Code));
            Assert.NotNull(result.Page.Section(SectionKind.Synopsis));
        }

        [Fact]
        public void Longer_fences_and_tildes_hold_shorter_fences()
        {
            string text = "# Get-Thing\n## Examples\n### Example 1: Nested\n~~~~powershell\n```\nnot the end\n```\n~~~~\n";

            PageParseResult result = HelpPageParser.Parse(text, "Get-Thing.md");

            Assert.Empty(result.Problems);
            var code = Assert.IsType<CodeBlock>(Assert.Single(result.Page.Section(SectionKind.Examples)!.Entries[0].Blocks));
            Assert.Equal("```\nnot the end\n```", code.Code);
        }
    }
}
