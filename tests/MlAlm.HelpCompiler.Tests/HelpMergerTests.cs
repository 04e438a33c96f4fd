using System.Collections.Generic;
using System.Linq;
using MlAlm.HelpCompiler.Markdown;
using MlAlm.HelpCompiler.Merging;
using MlAlm.HelpCompiler.Problems;
using Xunit;

namespace MlAlm.HelpCompiler.Tests
{
    public class HelpMergerTests
    {
        private static MergeResult Merge(params (string Command, string Text)[] pages)
        {
            List<HelpPage> parsed = pages
                .Select(p => HelpPageParser.Parse(p.Text, "docs/" + p.Command + ".md"))
                .Select(r => Assert.IsType<HelpPage>(r.Page))
                .ToList();
            return HelpMerger.Merge(TestFixture.Cmdlets, parsed, "docs", (page, target) => target == "Get-Widget.md" || target == "Remove-Widget.md");
        }

        private static (string, string)[] FixturePages(params string[] except) =>
            new[] { "Clear-WidgetCache", "Get-Widget", "Remove-Widget", "Set-WidgetColor" }
                .Where(c => !except.Contains(c))
                .Select(c => (c, TestFixture.PageText(c)))
                .ToArray();

        [Fact]
        public void The_fixture_pages_have_no_problems()
        {
            MergeResult result = HelpMerger.Merge(TestFixture.Cmdlets, TestFixture.Pages(), TestFixture.DocsDirectory);

            Assert.Empty(result.Problems);
            Assert.Equal(new[] { "Clear-WidgetCache", "Get-Widget", "Remove-Widget", "Set-WidgetColor" }, result.Commands.Select(c => c.Name));
        }

        [Fact]
        public void A_cmdlet_without_page_is_reported_and_left_out()
        {
            MergeResult result = Merge(FixturePages(except: "Set-WidgetColor"));

            HelpProblem problem = Assert.Single(result.Problems);
            Assert.Equal((ProblemCodes.MissingPage, System.IO.Path.Combine("docs", "Set-WidgetColor.md")), (problem.Code, problem.File));
            Assert.Contains("FixtureModule.SetWidgetColorCommand", problem.Message);
            Assert.DoesNotContain(result.Commands, c => c.Name == "Set-WidgetColor");
        }

        [Fact]
        public void A_page_without_cmdlet_is_reported()
        {
            var pages = FixturePages().Append(("Get-Gadget", "# Get-Gadget\n## Synopsis\nGets gadgets.\n## Examples\n### Example 1\n```\nGet-Gadget\n```\n")).ToArray();

            MergeResult result = Merge(pages);

            HelpProblem problem = Assert.Single(result.Problems);
            Assert.Equal((ProblemCodes.UnknownCmdlet, "docs/Get-Gadget.md", 1), (problem.Code, problem.File, problem.Line));
            Assert.DoesNotContain(result.Commands, c => c.Name == "Get-Gadget");
        }

        [Fact]
        public void Reports_missing_examples_code_synopsis_and_parameter_mismatches_all_at_once()
        {
            const string page =
                "# Set-WidgetColor\n" +           // 1
                "## Synopsis\n" +                 // 2
                "\n" +                            // 3
                "## Examples\n" +                 // 4
                "### Example 1: Words only\n" +   // 5
                "No code here.\n" +               // 6
                "```output\n" +                   // 7
                "not code either\n" +             // 8
                "```\n" +                         // 9
                "## Parameters\n" +               // 10
                "### -Name\n" +                   // 11
                "The name.\n" +                   // 12
                "### -Colour\n" +                 // 13
                "Misspelt.\n" +                   // 14
                "### -Verbose\n" +                // 15
                "Common.\n" +                     // 16
                "### -WhatIf\n" +                 // 17
                "Not supported.\n" +              // 18
                "### -Intensity\n" +              // 19
                "Default value: 5\n" +            // 20
                "## Related links\n" +            // 21
                "- [Gone](Get-Gone.md)\n" +       // 22
                "- [Get-Widget](Get-Widget.md#syntax)\n" +
                "- [Online](https://example.com/x)\n";

            MergeResult result = Merge(FixturePages(except: "Set-WidgetColor").Append(("Set-WidgetColor", page)).ToArray());

            var found = result.Problems.Select(p => (p.Line, p.Code)).ToList();
            Assert.Equal(new[]
            {
                (2, ProblemCodes.EmptySynopsis),
                (5, ProblemCodes.ExampleWithoutCode),
                (10, ProblemCodes.UndescribedParameter), // -Color
                (10, ProblemCodes.UndescribedParameter), // -PassThru
                (10, ProblemCodes.UndescribedParameter), // -Properties
                (10, ProblemCodes.UndescribedParameter), // -Store
                (13, ProblemCodes.UnknownParameter),
                (15, ProblemCodes.UnknownParameter),
                (17, ProblemCodes.UnknownParameter),
                (19, ProblemCodes.EmptyParameterDescription),
                (22, ProblemCodes.BrokenLink),
            }, found);
            Assert.All(result.Problems, p => Assert.False(p.IsError));
            Assert.All(result.Problems, p => Assert.Equal("docs/Set-WidgetColor.md", p.File));
            Assert.Contains(result.Problems, p => p.Line == 15 && p.Message.Contains("common parameter"));
            Assert.Contains(result.Problems, p => p.Line == 17 && p.Message.Contains("ShouldProcess"));
            Assert.Contains(result.Problems, p => p.Message.Contains("-Color of 'Set-WidgetColor' is not described"));

            // Still compiled, with what there is.
            CommandHelp help = result.Commands.Single(c => c.Name == "Set-WidgetColor");
            Assert.Equal("5", help.Parameters.Single(p => p.Name == "Intensity").DefaultValue);
        }

        [Fact]
        public void A_page_without_examples_or_synopsis_section_is_reported()
        {
            MergeResult result = Merge(FixturePages(except: "Set-WidgetColor")
                .Append(("Set-WidgetColor", "# Set-WidgetColor\n## Parameters\n### -Name\nN.\n### -Color\nC.\n### -Properties\nP.\n### -Intensity\nI.\n### -PassThru\nP.\n### -Store\nS.\n"))
                .ToArray());

            Assert.Equal(new[] { (1, ProblemCodes.NoExample), (1, ProblemCodes.EmptySynopsis) }, result.Problems.Select(p => (p.Line, p.Code)));
        }

        [Fact]
        public void Builds_syntax_one_item_per_parameter_set_default_first()
        {
            CommandHelp get = HelpMerger.Merge(TestFixture.Cmdlets, TestFixture.Pages(), "docs").Commands.Single(c => c.Name == "Get-Widget");

            Assert.Equal(new[] { "ByName", "ById" }, get.Syntax.Select(s => s.SetName));
            Assert.Equal(new[] { "Name", "Kind", "Store", "IncludeRetired" }, get.Syntax[0].Parameters.Select(p => p.Parameter.Name));
            Assert.Equal(new[] { "Id", "Kind", "Store", "IncludeRetired" }, get.Syntax[1].Parameters.Select(p => p.Parameter.Name));
            Assert.Equal(new ParameterBinding(true, "named", "True (ByPropertyName)"), get.Syntax[1].Parameters[0].Binding);
        }

        [Fact]
        public void Adds_what_if_and_confirm_to_should_process_cmdlets_only()
        {
            var commands = HelpMerger.Merge(TestFixture.Cmdlets, TestFixture.Pages(), "docs").Commands;

            CommandHelp remove = commands.Single(c => c.Name == "Remove-Widget");
            Assert.Equal(new[] { "InputObject", "Reason", "Store", "Force", "PassThru", "WhatIf", "Confirm" },
                Assert.Single(remove.Syntax).Parameters.Select(p => p.Parameter.Name));
            ParameterHelp whatIf = remove.Parameters.Single(p => p.Name == "WhatIf");
            Assert.True(whatIf.IsSwitch);
            Assert.Equal(new[] { "wi" }, whatIf.Aliases);
            Assert.NotEmpty(whatIf.Description);

            Assert.DoesNotContain(commands.Single(c => c.Name == "Get-Widget").Parameters, p => p.Name is "WhatIf" or "Confirm");
        }

        [Fact]
        public void Parameters_follow_page_order_and_take_defaults_from_the_page()
        {
            CommandHelp get = HelpMerger.Merge(TestFixture.Cmdlets, TestFixture.Pages(), "docs").Commands.Single(c => c.Name == "Get-Widget");

            Assert.Equal(new[] { "Name", "Id", "Kind", "IncludeRetired", "Store" }, get.Parameters.Select(p => p.Name));
            ParameterHelp kind = get.Parameters.Single(p => p.Name == "Kind");
            Assert.Equal("Gear", kind.DefaultValue);
            Assert.Equal(new[] { "Only widgets of this kind." }, kind.Description);
            Assert.Equal("False", get.Parameters.Single(p => p.Name == "IncludeRetired").DefaultValue);
        }

        [Fact]
        public void Inputs_and_outputs_come_from_page_and_metadata()
        {
            var commands = HelpMerger.Merge(TestFixture.Cmdlets, TestFixture.Pages(), "docs").Commands;

            CommandHelp get = commands.Single(c => c.Name == "Get-Widget");
            Assert.Equal(new[] { "System.String" }, get.Inputs.Select(i => i.TypeName));
            TypeHelp output = Assert.Single(get.Outputs);
            Assert.Equal(("FixtureModule.Widget", "A widget, one per match."), (output.TypeName, output.Description.Single()));

            // No Inputs section: derived from the pipeline parameters.
            CommandHelp remove = commands.Single(c => c.Name == "Remove-Widget");
            Assert.Equal(new[] { "FixtureModule.Widget" }, remove.Inputs.Select(i => i.TypeName));

            // No Outputs section: the [OutputType] types, undescribed; no pipeline input at all: None.
            CommandHelp set = commands.Single(c => c.Name == "Set-WidgetColor");
            Assert.Equal(new[] { "FixtureModule.Widget", "System.String" }, set.Outputs.Select(o => o.TypeName));
            Assert.Equal("None", Assert.Single(set.Inputs).TypeName);
        }
            private static CommandHelp ClearWidgetCache(string outputs)
        {
            string page = TestFixture.PageText("Clear-WidgetCache");
            page = page.Substring(0, page.IndexOf("## Outputs", System.StringComparison.Ordinal)) + outputs;
            MergeResult result = Merge(FixturePages(except: "Clear-WidgetCache").Append(("Clear-WidgetCache", page)).ToArray());
            Assert.Empty(result.Problems);
            return result.Commands.Single(c => c.Name == "Clear-WidgetCache");
        }

        [Theory]
        [InlineData("### None\nNothing at all.\n")]
        [InlineData("### none\nNothing at all.\n")]
        [InlineData("### System.Void\nNothing at all.\n")]
        [InlineData("### Void\nNothing at all.\n")]
        public void A_void_output_type_is_shown_as_None_and_takes_the_page_entry_for_it(string outputs)
        {
            TypeHelp output = Assert.Single(ClearWidgetCache("## Outputs\n\n" + outputs).Outputs);

            Assert.Equal(("None", "Nothing at all."), (output.TypeName, output.Description.Single()));
        }

        [Fact]
        public void A_void_output_type_without_a_page_entry_is_None_with_standard_words()
        {
            TypeHelp output = Assert.Single(ClearWidgetCache(string.Empty).Outputs);

            Assert.Equal(("None", "This cmdlet returns no output."), (output.TypeName, output.Description.Single()));
        }

        [Fact]
        public void Other_output_entries_of_the_page_are_kept_beside_None()
        {
            CommandHelp help = ClearWidgetCache("## Outputs\n\n### System.String\nA note, with -Verbose.\n\n### None\nOtherwise nothing.\n");

            Assert.Equal(new[] { ("System.String", "A note, with -Verbose."), ("None", "Otherwise nothing.") },
                help.Outputs.Select(o => (o.TypeName, o.Description.Single())));
        }
    }
}
