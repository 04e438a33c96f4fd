using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MlAlm.HelpCompiler.Markdown;
using MlAlm.HelpCompiler.Metadata;
using MlAlm.HelpCompiler.Problems;

namespace MlAlm.HelpCompiler.Merging
{
    /// <summary>The merged help (cmdlets with a page, by name) and every content problem found.</summary>
    public sealed record MergeResult(IReadOnlyList<CommandHelp> Commands, IReadOnlyList<HelpProblem> Problems);

    /// <summary>
    /// Joins the cmdlets read from metadata with their pages: the syntax, parameter attributes
    /// and output types come from the code, the words from the page. Reports what is missing
    /// or does not match on either side.
    /// </summary>
    public static class HelpMerger
    {
        /// <summary>Common parameters that every cmdlet has; pages do not describe them.</summary>
        public static readonly IReadOnlyList<string> CommonParameters = new[]
        {
            "Debug", "ErrorAction", "ErrorVariable", "InformationAction", "InformationVariable",
            "OutBuffer", "OutVariable", "PipelineVariable", "ProgressAction", "Verbose",
            "WarningAction", "WarningVariable",
        };

        private static readonly HashSet<string> CodeLanguages = new(StringComparer.OrdinalIgnoreCase)
        {
            string.Empty, "powershell", "pwsh", "ps", "ps1", "posh",
        };

        private static readonly Regex DefaultValuePattern = new(@"^Default value:\s*(.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>Merges cmdlets and pages.</summary>
        /// <param name="cmdlets">The module's cmdlets.</param>
        /// <param name="pages">The parsed pages.</param>
        /// <param name="docsDirectory">The pages' folder, as given on the command line (names missing pages).</param>
        /// <param name="linkTargetExists">Whether a relative related-link target exists, given the page and the target;
        /// defaults to a file check beside the page.</param>
        public static MergeResult Merge(
            IReadOnlyList<CmdletDefinition> cmdlets,
            IReadOnlyList<HelpPage> pages,
            string docsDirectory,
            Func<HelpPage, string, bool>? linkTargetExists = null)
        {
            linkTargetExists ??= LinkFileExists;
            var problems = new List<HelpProblem>();
            var commands = new List<CommandHelp>();

            var pagesByName = new Dictionary<string, HelpPage>(StringComparer.OrdinalIgnoreCase);
            foreach (HelpPage page in pages)
            {
                pagesByName[page.FileCommandName] = page;
            }

            var cmdletNames = new HashSet<string>(cmdlets.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);

            foreach (CmdletDefinition cmdlet in cmdlets.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                if (!pagesByName.TryGetValue(cmdlet.Name, out HelpPage? page))
                {
                    problems.Add(HelpProblem.Warning(Path.Combine(docsDirectory, cmdlet.Name + ".md"), 0, ProblemCodes.MissingPage,
                        $"the cmdlet '{cmdlet.Name}' ({cmdlet.ClassName}) has no help page; create this file"));
                    continue;
                }

                CheckPageContent(page, problems, linkTargetExists);
                CheckParameters(cmdlet, page, problems);
                commands.Add(Build(cmdlet, page));
            }

            foreach (HelpPage page in pages.OrderBy(p => p.FilePath, StringComparer.Ordinal))
            {
                if (!cmdletNames.Contains(page.FileCommandName))
                {
                    problems.Add(HelpProblem.Warning(page.FilePath, Math.Max(page.TitleLine, 1), ProblemCodes.UnknownCmdlet,
                        $"the module has no cmdlet '{page.FileCommandName}'; rename or remove this page"));
                    CheckPageContent(page, problems, linkTargetExists);
                }
            }

            problems.Sort(HelpProblem.Compare);
            return new MergeResult(commands, problems);
        }

        private static bool LinkFileExists(HelpPage page, string target)
        {
            string directory = Path.GetDirectoryName(page.FilePath) ?? string.Empty;
            return File.Exists(Path.Combine(directory, target));
        }

        private static int HeadingLine(HelpPage page, SectionKind kind) =>
            page.Section(kind)?.Line ?? Math.Max(page.TitleLine, 1);

        private static void CheckPageContent(HelpPage page, List<HelpProblem> problems, Func<HelpPage, string, bool> linkTargetExists)
        {
            PageSection? synopsis = page.Section(SectionKind.Synopsis);
            if (synopsis is null || Paragraphs(synopsis.Blocks).All(p => p.Trim().Length == 0))
            {
                problems.Add(HelpProblem.Warning(page.FilePath, HeadingLine(page, SectionKind.Synopsis), ProblemCodes.EmptySynopsis,
                    synopsis is null
                        ? "the page has no '## Synopsis' section"
                        : "the synopsis is empty; write one sentence saying what the cmdlet does"));
            }

            PageSection? examples = page.Section(SectionKind.Examples);
            if (examples is null || examples.Entries.Count == 0)
            {
                problems.Add(HelpProblem.Warning(page.FilePath, HeadingLine(page, SectionKind.Examples), ProblemCodes.NoExample,
                    "the page has no example; add '### Example 1: ...' with a powershell code block under '## Examples'"));
            }
            else
            {
                foreach (SectionEntry example in examples.Entries)
                {
                    if (!example.Blocks.OfType<CodeBlock>().Any(c => CodeLanguages.Contains(c.Language) && c.Code.Trim().Length > 0))
                    {
                        problems.Add(HelpProblem.Warning(page.FilePath, example.Line, ProblemCodes.ExampleWithoutCode,
                            $"the example '{example.Heading}' has no code block (```powershell ... ```)"));
                    }
                }
            }

            foreach (RelatedLink link in page.RelatedLinks)
            {
                string target = link.Target;
                int hash = target.IndexOf('#');
                string file = hash >= 0 ? target.Substring(0, hash) : target;
                if (file.Length == 0 || InlineText.IsAbsoluteUri(file) || file.Contains("://", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!linkTargetExists(page, file))
                {
                    problems.Add(HelpProblem.Warning(page.FilePath, link.Line, ProblemCodes.BrokenLink,
                        $"the related link '{link.Text}' points to '{file}', which does not exist"));
                }
            }
        }

        private static void CheckParameters(CmdletDefinition cmdlet, HelpPage page, List<HelpProblem> problems)
        {
            PageSection? section = page.Section(SectionKind.Parameters);
            List<SectionEntry> described = section?.Entries ?? new List<SectionEntry>();
            var actual = new HashSet<string>(cmdlet.Parameters.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);

            foreach (SectionEntry entry in described)
            {
                if (actual.Contains(entry.Heading) || (cmdlet.SupportsShouldProcess && IsShouldProcessParameter(entry.Heading)))
                {
                    if (Paragraphs(entry.Blocks).All(p => p.Trim().Length == 0 || DefaultValuePattern.IsMatch(p)))
                    {
                        problems.Add(HelpProblem.Warning(page.FilePath, entry.Line, ProblemCodes.EmptyParameterDescription,
                            $"the parameter -{entry.Heading} has a heading but no description"));
                    }

                    continue;
                }

                string message;
                if (CommonParameters.Contains(entry.Heading, StringComparer.OrdinalIgnoreCase))
                {
                    message = $"-{entry.Heading} is a common parameter; common parameters are not described on cmdlet pages";
                }
                else if (IsShouldProcessParameter(entry.Heading))
                {
                    message = $"'{cmdlet.Name}' does not support ShouldProcess, so it has no -{entry.Heading} parameter";
                }
                else
                {
                    message = $"'{cmdlet.Name}' has no parameter -{entry.Heading}";
                }

                problems.Add(HelpProblem.Warning(page.FilePath, entry.Line, ProblemCodes.UnknownParameter, message));
            }

            var describedNames = new HashSet<string>(described.Select(e => e.Heading), StringComparer.OrdinalIgnoreCase);
            int line = HeadingLine(page, SectionKind.Parameters);
            foreach (CmdletParameter parameter in cmdlet.Parameters)
            {
                if (!describedNames.Contains(parameter.Name))
                {
                    problems.Add(HelpProblem.Warning(page.FilePath, line, ProblemCodes.UndescribedParameter,
                        $"the parameter -{parameter.Name} of '{cmdlet.Name}' is not described; add '### -{parameter.Name}' under '## Parameters'"));
                }
            }
        }

        private static bool IsShouldProcessParameter(string name) =>
            string.Equals(name, "WhatIf", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "Confirm", StringComparison.OrdinalIgnoreCase);

        // ---- Building the merged help -------------------------------------------------------------

        private static CommandHelp Build(CmdletDefinition cmdlet, HelpPage page)
        {
            var entries = page.Section(SectionKind.Parameters)?.Entries ?? new List<SectionEntry>();
            var entryByName = new Dictionary<string, SectionEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (SectionEntry entry in entries)
            {
                entryByName[entry.Heading] = entry;
            }

            string? defaultSet = cmdlet.DefaultParameterSetName;
            var helpByName = new Dictionary<string, ParameterHelp>(StringComparer.OrdinalIgnoreCase);
            foreach (CmdletParameter parameter in cmdlet.Parameters)
            {
                entryByName.TryGetValue(parameter.Name, out SectionEntry? entry);
                helpByName[parameter.Name] = ToParameterHelp(parameter, SummaryBinding(parameter, defaultSet), entry);
            }

            if (cmdlet.SupportsShouldProcess)
            {
                foreach (ParameterHelp shouldProcess in ShouldProcessParameters(entryByName))
                {
                    helpByName[shouldProcess.Name] = shouldProcess;
                }
            }

            // PARAMETERS: the page's order, then anything it does not describe, in declaration order.
            var ordered = new List<ParameterHelp>();
            foreach (SectionEntry entry in entries)
            {
                if (helpByName.TryGetValue(entry.Heading, out ParameterHelp? help) && !ordered.Contains(help))
                {
                    ordered.Add(help);
                }
            }

            foreach (string name in cmdlet.Parameters.Select(p => p.Name).Concat(cmdlet.SupportsShouldProcess ? new[] { "WhatIf", "Confirm" } : Array.Empty<string>()))
            {
                ParameterHelp help = helpByName[name];
                if (!ordered.Contains(help))
                {
                    ordered.Add(help);
                }
            }

            return new CommandHelp(cmdlet.Verb, cmdlet.Noun)
            {
                Synopsis = SectionParagraphs(page, SectionKind.Synopsis),
                Description = SectionParagraphs(page, SectionKind.Description),
                Syntax = BuildSyntax(cmdlet, helpByName),
                Parameters = ordered,
                Inputs = BuildInputs(cmdlet, page),
                Outputs = BuildOutputs(cmdlet, page),
                Notes = SectionParagraphs(page, SectionKind.Notes),
                Examples = BuildExamples(page),
                Links = page.RelatedLinks
                    .Select(l => new LinkHelp(l.Text, InlineText.IsAbsoluteUri(l.Target) ? l.Target : string.Empty))
                    .ToList(),
            };
        }

        private static ParameterHelp ToParameterHelp(CmdletParameter parameter, ParameterBinding binding, SectionEntry? entry)
        {
            var description = new List<string>();
            string defaultValue = parameter.IsSwitch ? "False" : "None";
            if (entry is not null)
            {
                foreach (string paragraph in Paragraphs(entry.Blocks))
                {
                    Match m = DefaultValuePattern.Match(paragraph);
                    if (m.Success && !paragraph.Contains('\n'))
                    {
                        defaultValue = m.Groups[1].Value.Trim();
                    }
                    else
                    {
                        description.Add(paragraph);
                    }
                }
            }

            return new ParameterHelp(parameter.Name, parameter.TypeName, parameter.TypeFullName, binding)
            {
                IsSwitch = parameter.IsSwitch,
                IsArray = parameter.IsArray,
                Globbing = parameter.SupportsWildcards,
                Aliases = parameter.Aliases,
                AllowedValues = parameter.AllowedValues,
                Description = description,
                DefaultValue = defaultValue.Length == 0 ? (parameter.IsSwitch ? "False" : "None") : defaultValue,
            };
        }

        private static IEnumerable<ParameterHelp> ShouldProcessParameters(Dictionary<string, SectionEntry> entryByName)
        {
            var notInPipeline = new ParameterBinding(false, "named", "False");
            var whatIf = new CmdletParameter("WhatIf", "SwitchParameter", "System.Management.Automation.SwitchParameter")
            {
                IsSwitch = true,
                Aliases = new[] { "wi" },
            };
            var confirm = new CmdletParameter("Confirm", "SwitchParameter", "System.Management.Automation.SwitchParameter")
            {
                IsSwitch = true,
                Aliases = new[] { "cf" },
            };

            entryByName.TryGetValue("WhatIf", out SectionEntry? whatIfEntry);
            entryByName.TryGetValue("Confirm", out SectionEntry? confirmEntry);

            ParameterHelp whatIfHelp = ToParameterHelp(whatIf, notInPipeline, whatIfEntry);
            ParameterHelp confirmHelp = ToParameterHelp(confirm, notInPipeline, confirmEntry);

            yield return whatIfHelp.Description.Count > 0 ? whatIfHelp : With(whatIfHelp,
                "Shows what would happen if the cmdlet runs, without making any change.");
            yield return confirmHelp.Description.Count > 0 ? confirmHelp : With(confirmHelp,
                "Asks for confirmation before the cmdlet makes a change.");
        }

        private static ParameterHelp With(ParameterHelp help, string description) =>
            new(help.Name, help.TypeName, help.TypeFullName, help.Binding)
            {
                IsSwitch = help.IsSwitch,
                IsArray = help.IsArray,
                Globbing = help.Globbing,
                Aliases = help.Aliases,
                AllowedValues = help.AllowedValues,
                Description = new[] { description },
                DefaultValue = "False",
            };

        /// <summary>The parameter's attributes over all of its sets, for the PARAMETERS section.</summary>
        private static ParameterBinding SummaryBinding(CmdletParameter parameter, string? defaultSet)
        {
            IReadOnlyList<ParameterSetBinding> sets = parameter.Sets;
            bool required = sets.Count > 0 && sets.All(s => s.Mandatory);
            ParameterSetBinding? preferred = sets.FirstOrDefault(s => s.SetName == defaultSet) ?? sets.FirstOrDefault();
            int? position = preferred?.Position;
            bool byValue = sets.Any(s => s.FromPipeline);
            bool byName = sets.Any(s => s.FromPipelineByPropertyName);
            return new ParameterBinding(required, PositionText(position), PipelineText(byValue, byName));
        }

        private static ParameterBinding Binding(ParameterSetBinding set) =>
            new(set.Mandatory, PositionText(set.Position), PipelineText(set.FromPipeline, set.FromPipelineByPropertyName));

        private static string PositionText(int? position) =>
            position is int p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "named";

        private static string PipelineText(bool byValue, bool byName) => (byValue, byName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };

        /// <summary>
        /// The parameter sets as PowerShell forms them: every named set, plus the default set
        /// (which exists even when no parameter names it); parameters without a set name are in
        /// all of them. Default set first, the others by name.
        /// </summary>
        private static List<SyntaxItem> BuildSyntax(CmdletDefinition cmdlet, Dictionary<string, ParameterHelp> helpByName)
        {
            var setNames = new List<string>();
            foreach (ParameterSetBinding set in cmdlet.Parameters.SelectMany(p => p.Sets))
            {
                if (!set.InAllSets && !setNames.Contains(set.SetName))
                {
                    setNames.Add(set.SetName);
                }
            }

            string? defaultSet = string.IsNullOrEmpty(cmdlet.DefaultParameterSetName) ? null : cmdlet.DefaultParameterSetName;
            if (defaultSet is not null && !setNames.Contains(defaultSet))
            {
                setNames.Add(defaultSet);
            }

            if (setNames.Count == 0)
            {
                setNames.Add(ParameterSetBinding.AllSets);
            }

            List<string> orderedSets = setNames
                .OrderBy(n => n == defaultSet ? 0 : 1)
                .ThenBy(n => n, StringComparer.Ordinal)
                .ToList();

            var items = new List<SyntaxItem>();
            foreach (string setName in orderedSets)
            {
                var members = new List<(SyntaxParameter Parameter, ParameterSetBinding Set, int Index)>();
                for (int index = 0; index < cmdlet.Parameters.Count; index++)
                {
                    CmdletParameter parameter = cmdlet.Parameters[index];
                    ParameterSetBinding? set = parameter.Sets.FirstOrDefault(s => s.SetName == setName)
                        ?? parameter.Sets.FirstOrDefault(s => s.InAllSets);
                    if (set is not null)
                    {
                        members.Add((new SyntaxParameter(helpByName[parameter.Name], Binding(set)), set, index));
                    }
                }

                // Positional by position, then mandatory named, then optional named (switches last);
                // ties keep declaration order.
                List<SyntaxParameter> ordered = members
                    .OrderBy(m => m.Set.Position.HasValue ? 0 : m.Set.Mandatory ? 1 : m.Parameter.Parameter.IsSwitch ? 3 : 2)
                    .ThenBy(m => m.Set.Position ?? 0)
                    .ThenBy(m => m.Index)
                    .Select(m => m.Parameter)
                    .ToList();

                if (cmdlet.SupportsShouldProcess)
                {
                    ordered.Add(new SyntaxParameter(helpByName["WhatIf"], helpByName["WhatIf"].Binding));
                    ordered.Add(new SyntaxParameter(helpByName["Confirm"], helpByName["Confirm"].Binding));
                }

                items.Add(new SyntaxItem(setName, ordered));
            }

            return items;
        }

        private static List<TypeHelp> BuildInputs(CmdletDefinition cmdlet, HelpPage page)
        {
            List<TypeHelp> fromPage = TypeEntries(page, SectionKind.Inputs);
            if (fromPage.Count > 0)
            {
                return fromPage;
            }

            var types = new List<TypeHelp>();
            foreach (CmdletParameter parameter in cmdlet.Parameters.Where(p => p.Sets.Any(s => s.FromPipeline)))
            {
                string name = parameter.ElementTypeFullName ?? parameter.TypeFullName;
                if (!types.Any(t => t.TypeName == name))
                {
                    types.Add(new TypeHelp(name, new[] { $"You can pipe {name} values to the {parameter.Name} parameter." }));
                }
            }

            List<string> byName = cmdlet.Parameters
                .Where(p => p.Sets.Any(s => s.FromPipelineByPropertyName))
                .Select(p => p.Name)
                .ToList();
            if (byName.Count > 0)
            {
                types.Add(new TypeHelp("System.Management.Automation.PSObject", new[]
                {
                    $"You can pipe any object that has a property named {string.Join(", ", byName)}; each property binds to the parameter of the same name.",
                }));
            }

            if (types.Count == 0)
            {
                types.Add(new TypeHelp("None", new[] { "You cannot pipe input to this cmdlet." }));
            }

            return types;
        }

        /// <summary>What Get-Help shows for a cmdlet that writes nothing, as PowerShell's own help does.</summary>
        public const string NoOutputTypeName = "None";

        private const string VoidTypeName = "System.Void";

        private static List<TypeHelp> BuildOutputs(CmdletDefinition cmdlet, HelpPage page)
        {
            List<TypeHelp> outputs = TypeEntries(page, SectionKind.Outputs);
            var fromPage = outputs.ToList();
            foreach (CmdletOutputType output in cmdlet.OutputTypes)
            {
                // [OutputType(typeof(void))] says "writes nothing": shown as None, and described by
                // a '### None' entry (or '### System.Void', '### Void') rather than listed twice.
                bool isVoid = output.TypeFullName == VoidTypeName;
                string shownName = isVoid ? NoOutputTypeName : output.TypeFullName;
                int match = fromPage.FindIndex(t => isVoid ? IsNoOutputName(t.TypeName) : TypeNameMatches(t.TypeName, output.TypeFullName));
                if (match >= 0)
                {
                    // The code knows the exact type; the page gives the words.
                    int index = outputs.IndexOf(fromPage[match]);
                    outputs[index] = new TypeHelp(shownName, fromPage[match].Description);
                    fromPage.RemoveAt(match);
                }
                else if (isVoid)
                {
                    if (!outputs.Any(o => o.TypeName == NoOutputTypeName))
                    {
                        outputs.Add(new TypeHelp(NoOutputTypeName, new[] { NoOutputDescription }));
                    }
                }
                else
                {
                    outputs.Add(new TypeHelp(output.TypeFullName, Array.Empty<string>()));
                }
            }

            if (outputs.Count == 0)
            {
                outputs.Add(new TypeHelp(NoOutputTypeName, new[] { NoOutputDescription }));
            }

            return outputs;
        }

        private const string NoOutputDescription = "This cmdlet returns no output.";

        private static bool IsNoOutputName(string pageName) =>
            string.Equals(pageName, NoOutputTypeName, StringComparison.OrdinalIgnoreCase)
            || TypeNameMatches(pageName, VoidTypeName);

        private static bool TypeNameMatches(string pageName, string fullName)
        {
            if (string.Equals(pageName, fullName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            int bracket = fullName.IndexOf('[');
            string head = bracket >= 0 ? fullName.Substring(0, bracket) : fullName;
            string shortName = fullName.Substring(head.LastIndexOf('.') + 1);
            return string.Equals(pageName, shortName, StringComparison.OrdinalIgnoreCase);
        }

        private static List<TypeHelp> TypeEntries(HelpPage page, SectionKind kind)
        {
            PageSection? section = page.Section(kind);
            if (section is null)
            {
                return new List<TypeHelp>();
            }

            return section.Entries
                .Select(e => new TypeHelp(InlineText.ToPlain(e.Heading).Trim('`', ' '), Paragraphs(e.Blocks)))
                .ToList();
        }

        private static List<ExampleHelp> BuildExamples(HelpPage page)
        {
            var examples = new List<ExampleHelp>();
            PageSection? section = page.Section(SectionKind.Examples);
            if (section is null)
            {
                return examples;
            }

            foreach (SectionEntry entry in section.Entries)
            {
                var code = new List<string>();
                var remarks = new List<string>();
                foreach (Block block in entry.Blocks)
                {
                    if (block is CodeBlock codeBlock && CodeLanguages.Contains(codeBlock.Language))
                    {
                        code.Add(codeBlock.Code);
                    }
                    else
                    {
                        remarks.Add(Paragraph(block));
                    }
                }

                examples.Add(new ExampleHelp(InlineText.ToPlain(entry.Heading), string.Join("\n\n", code), remarks));
            }

            return examples;
        }

        private static List<string> SectionParagraphs(HelpPage page, SectionKind kind) =>
            page.Section(kind) is PageSection section ? Paragraphs(section.Blocks) : new List<string>();

        /// <summary>Blocks as Get-Help paragraphs: inline markdown resolved, lists one item a line, code verbatim.</summary>
        public static List<string> Paragraphs(IEnumerable<Block> blocks) => blocks.Select(Paragraph).ToList();

        private static string Paragraph(Block block) => block switch
        {
            ParagraphBlock p => InlineText.ToPlain(p.Text),
            ListBlock l => string.Join("\n", l.Items.Select((item, i) => (l.Ordered ? $"{i + 1}. " : "- ") + InlineText.ToPlain(item))),
            CodeBlock c => c.Code,
            _ => string.Empty,
        };
    }
}
