using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MlAlm.HelpCompiler.Metadata;
using Xunit;

namespace MlAlm.Tests
{
    /// <summary>
    /// The conventions of DESIGN.md section 7 and COMMANDS.md, checked on the built module folder
    /// (out/MlAlm) without a PowerShell: approved verbs, names, output types, ShouldProcess,
    /// manifest export lists, format views and help pages.
    /// </summary>
    public class CmdletConventionTests
    {
        private static readonly string RepositoryRoot = FindRepositoryRoot();
        private static readonly string ModuleFolder = Path.Combine(RepositoryRoot, "out", "MlAlm");
        private static readonly IReadOnlyList<CmdletDefinition> Cmdlets =
            CmdletMetadataReader.Read(Path.Combine(ModuleFolder, "MlAlm.dll"), Array.Empty<string>());

        // Verbs of the approved-verb classes, read from the reference assembly's constants.
        private static readonly HashSet<string> ApprovedVerbs = ReadApprovedVerbs();

        // Verbs that change nothing and so need no -WhatIf.
        private static readonly string[] ReadOnlyVerbs = { "Get", "Test", "Connect", "Compare", "Find", "Search" };

        // Commands whose verb usually changes things but which here change nothing: scoring rows over HTTP.
        private static readonly string[] ReadOnlyCommands = { "Invoke-MlRrsEndpoint" };

        // Verbs PowerShell 5.1 lacks; DESIGN.md section 7 rules them out.
        private static readonly string[] Avoided = { "Build", "Deploy" };

        [Fact]
        public void The_module_has_the_commands_of_this_release()
        {
            Assert.True(Cmdlets.Count >= 20, $"only {Cmdlets.Count} cmdlets were found in {ModuleFolder}");
        }

        [Fact]
        public void Every_cmdlet_uses_an_approved_verb_and_the_Ml_prefix()
        {
            foreach (var cmdlet in Cmdlets)
            {
                Assert.True(ApprovedVerbs.Contains(cmdlet.Verb), $"{cmdlet.Name}: '{cmdlet.Verb}' is not an approved verb");
                Assert.DoesNotContain(cmdlet.Verb, Avoided);
                Assert.StartsWith("Ml", cmdlet.Noun);
                Assert.EndsWith("." + cmdlet.Verb + cmdlet.Noun + "Command", cmdlet.ClassName);
            }
        }

        [Fact]
        public void Every_cmdlet_declares_its_output_type()
        {
            foreach (var cmdlet in Cmdlets) Assert.True(cmdlet.OutputTypes.Count > 0, cmdlet.Name + " has no [OutputType]");
        }

        [Fact]
        public void Every_cmdlet_that_changes_something_supports_ShouldProcess()
        {
            foreach (var cmdlet in Cmdlets.Where(c => !ReadOnlyVerbs.Contains(c.Verb) && !ReadOnlyCommands.Contains(c.Name)))
                Assert.True(cmdlet.SupportsShouldProcess, cmdlet.Name + " changes things but has no -WhatIf/-Confirm");
        }

        [Fact]
        public void Workspace_bound_cmdlets_take_Workspace_by_property_name()
        {
            // These either create or pick the workspace, need none, or take run objects that carry theirs.
            var unbound = new[] { "New-MlWorkspace", "Connect-MlWorkspace", "Get-MlModule", "Compare-MlExperimentRun", "Save-MlExperimentNodeOutput", "Invoke-MlRrsEndpoint", "Invoke-MlBesEndpoint" };
            foreach (var cmdlet in Cmdlets.Where(c => !unbound.Contains(c.Name)))
            {
                var workspace = cmdlet.Parameters.SingleOrDefault(p => p.Name == "Workspace");
                Assert.True(workspace != null, cmdlet.Name + " has no -Workspace");
                Assert.Contains(workspace!.Sets, s => s.FromPipelineByPropertyName);
            }
        }

        [Fact]
        public void Unapproved_classic_names_are_aliases_of_approved_cmdlets()
        {
            var aliases = Cmdlets.SelectMany(c => c.Aliases.Select(a => (Alias: a, Cmdlet: c.Name))).ToList();
            Assert.Contains(("Upload-MlDataset", "Import-MlDataset"), aliases);
            Assert.Contains(("Download-MlDataset", "Export-MlDataset"), aliases);
            Assert.Contains(("Replace-MlExperimentUserAsset", "Set-MlExperimentUserAsset"), aliases);
            Assert.Contains(("Download-MlExperimentNodeOutput", "Save-MlExperimentNodeOutput"), aliases);
            Assert.Contains(("Promote-MlTrainedModel", "Register-MlTrainedModel"), aliases);
            Assert.Contains(("Promote-MlTransform", "Register-MlTransform"), aliases);
        }

        [Fact]
        public void The_manifest_exports_exactly_the_cmdlets_and_aliases_and_carries_the_build_version()
        {
            var manifest = File.ReadAllText(Path.Combine(ModuleFolder, "MlAlm.psd1"));
            Assert.Equal(Cmdlets.Select(c => c.Name).OrderBy(n => n), ManifestList(manifest, "CmdletsToExport").OrderBy(n => n));
            Assert.Equal(Cmdlets.SelectMany(c => c.Aliases).OrderBy(n => n), ManifestList(manifest, "AliasesToExport").OrderBy(n => n));

            var props = XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Build.props"));
            var version = props.Descendants("Version").Single().Value;
            Assert.Matches($"ModuleVersion\\s*=\\s*'{Regex.Escape(version)}'", manifest);
            Assert.Matches("CompatiblePSEditions\\s*=\\s*@\\('Desktop', 'Core'\\)", manifest);
            Assert.Matches("PowerShellVersion\\s*=\\s*'5.1'", manifest);
        }

        [Fact]
        public void Every_output_type_has_a_format_view()
        {
            var formats = XDocument.Load(Path.Combine(ModuleFolder, "MlAlm.Format.ps1xml"));
            var viewed = new HashSet<string>(formats.Descendants("TypeName").Select(t => t.Value));
            // Files and scored rows (PSObjects whose properties are the data) keep PowerShell's own formatting.
            var exempt = new[] { "System.Void", "System.IO.FileInfo", "System.Management.Automation.PSObject" };
            foreach (var output in Cmdlets.SelectMany(c => c.OutputTypes).Select(o => o.TypeFullName).Distinct().Where(t => !exempt.Contains(t)))
                Assert.True(viewed.Contains(output), $"no format view for {output}");
        }

        [Fact]
        public void Every_cmdlet_has_compiled_help_with_an_example()
        {
            var help = XDocument.Load(Path.Combine(ModuleFolder, "en-US", "MlAlm.dll-Help.xml"));
            XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
            XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
            var documented = help.Root!.Elements(command + "command").ToDictionary(
                c => c.Element(command + "details")!.Element(command + "name")!.Value.Trim());
            foreach (var cmdlet in Cmdlets)
            {
                Assert.True(documented.ContainsKey(cmdlet.Name), cmdlet.Name + " has no help");
                var entry = documented[cmdlet.Name];
                Assert.NotEmpty(entry.Element(command + "details")!.Element(maml + "description")!.Value.Trim());
                Assert.Contains(entry.Descendants(command + "example").Select(e => e.Element(dev + "code")?.Value ?? string.Empty),
                    code => code.Contains(cmdlet.Name.Split('-')[1]));
            }
        }

        private static readonly XNamespace dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        private static IEnumerable<string> ManifestList(string manifest, string key)
        {
            var block = Regex.Match(manifest, key + @"\s*=\s*@\(([^)]*)\)").Groups[1].Value;
            return Regex.Matches(block, "'([^']+)'").Select(m => m.Groups[1].Value);
        }

        private static HashSet<string> ReadApprovedVerbs()
        {
            var sma = ReferenceLocator.FindPowerShellStandardReference() ?? throw new InvalidOperationException("PowerShellStandard.Library reference not found");
            var resolver = new PathAssemblyResolver(Directory.GetFiles(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Append(sma));
            using var context = new MetadataLoadContext(resolver);
            var assembly = context.LoadFromAssemblyPath(sma);
            var classes = new[] { "VerbsCommon", "VerbsCommunications", "VerbsData", "VerbsDiagnostic", "VerbsLifecycle", "VerbsOther", "VerbsSecurity" };
            return new HashSet<string>(classes.SelectMany(c => assembly.GetType("System.Management.Automation." + c)!
                .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!)));
        }

        internal static string FindRepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory != null && !File.Exists(Path.Combine(directory.FullName, "MlAlm.sln"))) directory = directory.Parent;
            return directory?.FullName ?? throw new InvalidOperationException("MlAlm.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
