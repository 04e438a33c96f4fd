using System;
using System.IO;
using System.Linq;
using MlAlm.HelpCompiler.Metadata;
using Xunit;

namespace MlAlm.HelpCompiler.Tests
{
    public class CmdletMetadataReaderTests
    {
        [Fact]
        public void Finds_public_non_abstract_cmdlets_sorted_by_name()
        {
            Assert.Equal(new[] { "Clear-WidgetCache", "Get-Widget", "Remove-Widget", "Set-WidgetColor" }, TestFixture.Cmdlets.Select(c => c.Name));
        }

        [Fact]
        public void Reads_the_cmdlet_attribute()
        {
            CmdletDefinition get = TestFixture.Cmdlet("Get-Widget");
            Assert.Equal(("Get", "Widget", "FixtureModule.GetWidgetCommand"), (get.Verb, get.Noun, get.ClassName));
            Assert.Equal("ByName", get.DefaultParameterSetName);
            Assert.False(get.SupportsShouldProcess);

            CmdletDefinition remove = TestFixture.Cmdlet("Remove-Widget");
            Assert.True(remove.SupportsShouldProcess);
            Assert.Null(remove.DefaultParameterSetName);
        }

        [Fact]
        public void Reads_parameters_with_types_sets_aliases_and_pipeline_input()
        {
            CmdletDefinition get = TestFixture.Cmdlet("Get-Widget");

            // Declared parameters first, then the inherited one.
            Assert.Equal(new[] { "Name", "Id", "Kind", "IncludeRetired", "Store" }, get.Parameters.Select(p => p.Name));

            CmdletParameter name = get.Parameters[0];
            Assert.Equal(("String[]", "System.String[]", "System.String"), (name.TypeName, name.TypeFullName, name.ElementTypeFullName));
            Assert.True(name.IsArray);
            Assert.True(name.SupportsWildcards);
            Assert.Equal(new[] { "WidgetName" }, name.Aliases);
            ParameterSetBinding nameSet = Assert.Single(name.Sets);
            Assert.Equal(new ParameterSetBinding("ByName", false, 0, true, true), nameSet);

            CmdletParameter id = get.Parameters[1];
            Assert.Equal("Int32", id.TypeName);
            Assert.Equal(new ParameterSetBinding("ById", true, null, false, true), Assert.Single(id.Sets));

            CmdletParameter kind = get.Parameters[2];
            Assert.Equal(("WidgetKind", "FixtureModule.WidgetKind"), (kind.TypeName, kind.TypeFullName));
            Assert.Equal(new[] { "Gear", "Spring", "Lever" }, kind.AllowedValues);
            Assert.True(Assert.Single(kind.Sets).InAllSets);

            CmdletParameter retired = get.Parameters[3];
            Assert.True(retired.IsSwitch);
            Assert.Equal("SwitchParameter", retired.TypeName);

            CmdletParameter store = get.Parameters[4];
            Assert.Equal(new[] { "Path", "Workspace" }, store.Aliases);
        }

        [Fact]
        public void Reads_friendly_type_names_validate_set_and_skips_hidden_parameters()
        {
            CmdletDefinition set = TestFixture.Cmdlet("Set-WidgetColor");

            Assert.Equal(new[] { "Name", "Color", "Properties", "Intensity", "PassThru", "Store" }, set.Parameters.Select(p => p.Name));
            Assert.Equal("Hashtable", set.Parameters.Single(p => p.Name == "Properties").TypeName);
            Assert.Equal("Int32", set.Parameters.Single(p => p.Name == "Intensity").TypeName);
            Assert.Equal(1, set.Parameters.Single(p => p.Name == "Color").Sets.Single().Position);

            CmdletDefinition remove = TestFixture.Cmdlet("Remove-Widget");
            Assert.Equal(new[] { "Obsolete", "Broken" }, remove.Parameters.Single(p => p.Name == "Reason").AllowedValues);
            Assert.Equal("Widget", remove.Parameters.Single(p => p.Name == "InputObject").TypeName);
        }

        [Fact]
        public void Reads_output_types()
        {
            Assert.Equal(new[] { "FixtureModule.Widget" }, TestFixture.Cmdlet("Get-Widget").OutputTypes.Select(o => o.TypeFullName));
            Assert.Equal(new[] { "FixtureModule.Widget", "System.String" }, TestFixture.Cmdlet("Set-WidgetColor").OutputTypes.Select(o => o.TypeFullName));
            Assert.Equal(new[] { "System.Void" }, TestFixture.Cmdlet("Clear-WidgetCache").OutputTypes.Select(o => o.TypeFullName));
        }

        [Fact]
        public void Finds_the_reference_assembly_in_the_nuget_folder_without_a_reference_option()
        {
            var cmdlets = CmdletMetadataReader.Read(TestFixture.ModuleAssembly, Array.Empty<string>());

            Assert.Equal(TestFixture.Cmdlets.Select(c => c.Name), cmdlets.Select(c => c.Name));
        }

        [Fact]
        public void Locates_power_shell_standard_under_a_package_root()
        {
            string packageRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(TestFixture.SmaReference)!, "..", "..", "..", ".."));

            string? found = ReferenceLocator.FindPowerShellStandardReference(packageRoot);

            Assert.Equal(Path.GetFullPath(TestFixture.SmaReference), found);
            Assert.Null(ReferenceLocator.FindPowerShellStandardReference(Path.Combine(packageRoot, "no-such-folder")));
        }

        [Fact]
        public void A_missing_or_unreadable_assembly_is_a_read_error()
        {
            using var scratch = new ScratchDocs(copyFixturePages: false);
            string notAnAssembly = Path.Combine(scratch.Root, "NotAnAssembly.dll");
            File.WriteAllText(notAnAssembly, "this is not a PE file");

            Assert.Throws<MetadataReadException>(() => CmdletMetadataReader.Read(Path.Combine(scratch.Root, "Missing.dll"), Array.Empty<string>()));
            Assert.Throws<MetadataReadException>(() => CmdletMetadataReader.Read(notAnAssembly, Array.Empty<string>()));
            Assert.Throws<MetadataReadException>(() => CmdletMetadataReader.Read(TestFixture.ModuleAssembly, new[] { Path.Combine(scratch.Root, "Nope.dll") }));
        }
    }
}
