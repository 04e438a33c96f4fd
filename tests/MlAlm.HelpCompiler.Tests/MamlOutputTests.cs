using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using MlAlm.HelpCompiler.Maml;
using MlAlm.HelpCompiler.Merging;
using Xunit;

namespace MlAlm.HelpCompiler.Tests
{
    /// <summary>The MAML the compiler writes for the fixture module, checked with XPath.</summary>
    public class MamlOutputTests
    {
        private static readonly Lazy<byte[]> Bytes = new(() =>
            MamlWriter.Write(HelpMerger.Merge(TestFixture.Cmdlets, TestFixture.Pages(), TestFixture.DocsDirectory).Commands));

        private static (XmlDocument Document, XmlNamespaceManager Ns) Load(byte[] bytes)
        {
            var document = new XmlDocument();
            using (var stream = new MemoryStream(bytes))
            {
                document.Load(stream);
            }

            var ns = new XmlNamespaceManager(document.NameTable);
            ns.AddNamespace("msh", MamlWriter.MshNamespace);
            ns.AddNamespace("maml", MamlWriter.MamlNamespace);
            ns.AddNamespace("command", MamlWriter.CommandNamespace);
            ns.AddNamespace("dev", MamlWriter.DevNamespace);
            return (document, ns);
        }

        private static readonly Lazy<(XmlDocument Document, XmlNamespaceManager Ns)> Maml = new(() => Load(Bytes.Value));

        private static XmlNodeList Nodes(string xpath) => Maml.Value.Document.SelectNodes(xpath, Maml.Value.Ns)!;

        private static string Text(string xpath) =>
            Maml.Value.Document.SelectSingleNode(xpath, Maml.Value.Ns)?.InnerText
            ?? throw new Xunit.Sdk.XunitException("no node at " + xpath);

        private static string Command(string name) => $"/msh:helpItems/command:command[command:details/command:name='{name}']";

        private static string Parameter(string command, string name) => $"{Command(command)}/command:parameters/command:parameter[maml:name='{name}']";

        [Fact]
        public void Is_a_maml_help_items_document_with_one_command_per_cmdlet()
        {
            XmlElement root = Maml.Value.Document.DocumentElement!;
            Assert.Equal(("helpItems", MamlWriter.MshNamespace, "maml"), (root.LocalName, root.NamespaceURI, root.GetAttribute("schema")));
            Assert.Equal(new[] { "Clear-WidgetCache", "Get-Widget", "Remove-Widget", "Set-WidgetColor" },
                Nodes("/msh:helpItems/command:command/command:details/command:name").Cast<XmlNode>().Select(n => n.InnerText));
        }

        [Fact]
        public void Details_hold_name_verb_noun_and_synopsis()
        {
            string details = Command("Get-Widget") + "/command:details";
            Assert.Equal("Get", Text(details + "/command:verb"));
            Assert.Equal("Widget", Text(details + "/command:noun"));
            Assert.Equal("Gets widgets from a widget store.", Text(details + "/maml:description/maml:para"));
        }

        [Fact]
        public void Description_paragraphs_keep_lists_one_item_per_line()
        {
            var paras = Nodes(Command("Get-Widget") + "/maml:description/maml:para").Cast<XmlNode>().Select(n => n.InnerText).ToList();
            Assert.Equal(new[]
            {
                "The `Get-Widget` cmdlet gets widgets by name or by id. Names may contain wildcards.",
                "Widgets are returned in store order:",
                "- gears first,\n- then everything else.",
            }, paras);
        }

        [Fact]
        public void Syntax_has_one_item_per_parameter_set()
        {
            Assert.Equal(2, Nodes(Command("Get-Widget") + "/command:syntax/command:syntaxItem").Count);
            Assert.Equal(1, Nodes(Command("Remove-Widget") + "/command:syntax/command:syntaxItem").Count);
            Assert.Equal("Get-Widget", Text(Command("Get-Widget") + "/command:syntax/command:syntaxItem[2]/maml:name"));

            string byId = Command("Get-Widget") + "/command:syntax/command:syntaxItem[2]/command:parameter[maml:name='Id']";
            XmlElement id = (XmlElement)Nodes(byId)[0]!;
            Assert.Equal(("true", "named", "True (ByPropertyName)"), (id.GetAttribute("required"), id.GetAttribute("position"), id.GetAttribute("pipelineInput")));
            Assert.Equal("Int32", Text(byId + "/command:parameterValue"));
        }

        [Fact]
        public void Syntax_shows_switches_without_value_and_known_values_as_a_group()
        {
            string syntax = Command("Get-Widget") + "/command:syntax/command:syntaxItem[1]";
            Assert.Empty(Nodes(syntax + "/command:parameter[maml:name='IncludeRetired']/command:parameterValue").Cast<XmlNode>());
            Assert.Equal(new[] { "Gear", "Spring", "Lever" },
                Nodes(syntax + "/command:parameter[maml:name='Kind']/command:parameterValueGroup/command:parameterValue").Cast<XmlNode>().Select(n => n.InnerText));
        }

        [Fact]
        public void Parameters_carry_required_position_pipeline_aliases_globbing_and_type()
        {
            XmlElement name = (XmlElement)Nodes(Parameter("Get-Widget", "Name"))[0]!;
            Assert.Equal("false", name.GetAttribute("required"));
            Assert.Equal("0", name.GetAttribute("position"));
            Assert.Equal("True (ByValue, ByPropertyName)", name.GetAttribute("pipelineInput"));
            Assert.Equal("WidgetName", name.GetAttribute("aliases"));
            Assert.Equal("true", name.GetAttribute("globbing"));
            Assert.Equal("String[]", Text(Parameter("Get-Widget", "Name") + "/command:parameterValue"));
            Assert.Equal("System.String[]", Text(Parameter("Get-Widget", "Name") + "/dev:type/maml:name"));
            Assert.Equal("One or more widget names. Wildcards are allowed. See the store docs (https://example.com/store) for naming rules.",
                Text(Parameter("Get-Widget", "Name") + "/maml:description/maml:para"));

            XmlElement store = (XmlElement)Nodes(Parameter("Get-Widget", "Store"))[0]!;
            Assert.Equal(("Path, Workspace", "none"), (store.GetAttribute("aliases"), ((XmlElement)Nodes(Parameter("Get-Widget", "Id"))[0]!).GetAttribute("aliases")));

            Assert.Equal("Gear", Text(Parameter("Get-Widget", "Kind") + "/dev:defaultValue"));
            Assert.Equal("Hashtable", Text(Parameter("Set-WidgetColor", "Properties") + "/command:parameterValue"));
            Assert.Equal("SwitchParameter", Text(Parameter("Set-WidgetColor", "PassThru") + "/command:parameterValue"));
            Assert.Empty(Nodes(Parameter("Set-WidgetColor", "Secret")).Cast<XmlNode>());
        }

        [Fact]
        public void Should_process_cmdlets_document_what_if_and_confirm()
        {
            Assert.Equal("cf", ((XmlElement)Nodes(Parameter("Remove-Widget", "Confirm"))[0]!).GetAttribute("aliases"));
            Assert.Single(Nodes(Parameter("Remove-Widget", "WhatIf")).Cast<XmlNode>());
            Assert.Empty(Nodes(Parameter("Get-Widget", "WhatIf")).Cast<XmlNode>());
        }

        [Fact]
        public void Inputs_outputs_and_notes()
        {
            Assert.Equal("System.String", Text(Command("Get-Widget") + "/command:inputTypes/command:inputType/dev:type/maml:name"));
            Assert.Equal("You can pipe widget names to this cmdlet.", Text(Command("Get-Widget") + "/command:inputTypes/command:inputType/maml:description/maml:para"));
            Assert.Equal(new[] { "FixtureModule.Widget", "System.String" },
                Nodes(Command("Set-WidgetColor") + "/command:returnValues/command:returnValue/dev:type/maml:name").Cast<XmlNode>().Select(n => n.InnerText));
            Assert.Equal("Widgets are cached for a minute.", Text(Command("Get-Widget") + "/maml:alertSet/maml:alert/maml:para"));
            Assert.Empty(Nodes(Command("Set-WidgetColor") + "/maml:alertSet").Cast<XmlNode>());
        }

        [Fact]
        public void Examples_have_title_code_and_remarks()
        {
            string example = Command("Get-Widget") + "/command:examples/command:example[2]";
            Assert.Equal("---------- Example 2: Get a widget by id ----------", Text(example + "/maml:title"));
            Assert.Equal("Get-Widget -Id 42 | Format-List", Text(example + "/dev:code"));
            Assert.Equal(new[] { "Name : gear\nId   : 42", "The output block is shown after the code, as part of the remarks.", string.Empty },
                Nodes(example + "/dev:remarks/maml:para").Cast<XmlNode>().Select(n => n.InnerText));
        }

        [Fact]
        public void Every_example_ends_with_an_empty_paragraph_so_examples_are_set_apart()
        {
            XmlNodeList examples = Nodes("/msh:helpItems/command:command/command:examples/command:example");
            Assert.Equal(6, examples.Count);
            foreach (XmlNode example in examples)
            {
                XmlNodeList paras = example.SelectNodes("dev:remarks/maml:para", Maml.Value.Ns)!;
                Assert.Equal(string.Empty, paras[paras.Count - 1]!.InnerText);
                Assert.True(paras.Count == 1 || paras[paras.Count - 2]!.InnerText.Length > 0, "one empty paragraph, not more");
            }

            // An example without remarks gets the empty paragraph too.
            Assert.Equal(new[] { string.Empty },
                Nodes(Command("Clear-WidgetCache") + "/command:examples/command:example[2]/dev:remarks/maml:para").Cast<XmlNode>().Select(n => n.InnerText));
        }

        [Fact]
        public void A_void_output_is_written_as_None_once()
        {
            string output = Command("Clear-WidgetCache") + "/command:returnValues/command:returnValue";
            Assert.Equal(new[] { "None" }, Nodes(output + "/dev:type/maml:name").Cast<XmlNode>().Select(n => n.InnerText));
            Assert.Equal("This cmdlet writes nothing.", Text(output + "/maml:description/maml:para"));
        }

        [Fact]
        public void Related_links_keep_absolute_addresses_only()
        {
            var links = Nodes(Command("Get-Widget") + "/maml:relatedLinks/maml:navigationLink").Cast<XmlNode>()
                .Select(n => (n.SelectSingleNode("maml:linkText", Maml.Value.Ns)!.InnerText, n.SelectSingleNode("maml:uri", Maml.Value.Ns)!.InnerText))
                .ToList();
            Assert.Equal(new[] { ("Remove-Widget", string.Empty), ("Online help", "https://example.com/get-widget") }, links);
        }

        [Fact]
        public void Special_characters_are_escaped()
        {
            Assert.Equal("The new color & finish, e.g. <Red>.", Text(Parameter("Set-WidgetColor", "Color") + "/maml:description/maml:para"));
            Assert.Contains("color &amp; finish, e.g. &lt;Red&gt;.", Encoding.UTF8.GetString(Bytes.Value));
        }

        [Fact]
        public void Is_utf8_without_bom_with_lf_line_ends()
        {
            byte[] bytes = Bytes.Value;
            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF);
            string text = Encoding.UTF8.GetString(bytes);
            Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<helpItems", text);
            Assert.DoesNotContain('\r', text);
            Assert.EndsWith("</helpItems>\n", text);
        }

        [Fact]
        public void Output_is_byte_identical_across_runs()
        {
            byte[] again = MamlWriter.Write(HelpMerger.Merge(TestFixture.Cmdlets, TestFixture.Pages(), TestFixture.DocsDirectory).Commands);

            // Reversed input order must not matter either.
            var reversed = TestFixture.Pages();
            reversed.Reverse();
            byte[] fromReversed = MamlWriter.Write(HelpMerger.Merge(TestFixture.Cmdlets.Reverse().ToList(), reversed, TestFixture.DocsDirectory).Commands.Reverse());

            Assert.Equal(Bytes.Value, again);
            Assert.Equal(Bytes.Value, fromReversed);
        }
    }
}
