using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using MlAlm.HelpCompiler.Problems;

namespace MlAlm.HelpCompiler.Markdown
{
    /// <summary>The outcome of parsing one page: the page, and every format problem found in it.</summary>
    public sealed record PageParseResult(HelpPage Page, IReadOnlyList<HelpProblem> Problems);

    /// <summary>
    /// Parses the help page format described in docs/help/README.md: a small, strict subset of
    /// markdown (ATX headings, paragraphs, lists, fenced code blocks, HTML comments).
    /// Every structural problem is reported as an error; parsing always goes on to the end so
    /// that all of them are reported at once.
    /// </summary>
    public static class HelpPageParser
    {
        private static readonly Regex ParameterHeadingPattern = new(@"^-([A-Za-z_][A-Za-z0-9_]*)$", RegexOptions.CultureInvariant);

        /// <summary>Reads and parses a page file.</summary>
        /// <param name="path">The page path; also used verbatim in problems.</param>
        public static PageParseResult ParseFile(string path)
        {
            string text = File.ReadAllText(path, Encoding.UTF8);
            return Parse(text, path);
        }

        /// <summary>Parses page text.</summary>
        /// <param name="text">The markdown.</param>
        /// <param name="path">The page path (its file name gives the expected command name).</param>
        public static PageParseResult Parse(string text, string path)
        {
            string commandName = Path.GetFileNameWithoutExtension(path);
            var state = new ParserState(new HelpPage(path, commandName));
            string[] lines = MarkdownBlockReader.Normalize(text).Split('\n');

            int i = MarkdownBlockReader.SkipFrontMatter(lines);
            for (; i < lines.Length; i++)
            {
                state.ProcessLine(lines[i], i + 1);
            }

            state.Finish();
            ValidateTitle(state);
            return new PageParseResult(state.Page, state.Problems);
        }

        private static void ValidateTitle(ParserState state)
        {
            HelpPage page = state.Page;
            if (page.Title is null)
            {
                state.Error(1, ProblemCodes.BadTitle, $"the page has no '# {page.FileCommandName}' title");
            }
            else if (!string.Equals(page.Title, page.FileCommandName, StringComparison.Ordinal))
            {
                state.Error(page.TitleLine, ProblemCodes.BadTitle,
                    $"the title '{page.Title}' does not match the file name; expected '# {page.FileCommandName}'");
            }
        }

        internal static bool TryMapSection(string heading, out SectionKind kind)
        {
            string key = Regex.Replace(heading.Trim(), @"\s+", " ").ToUpperInvariant();
            switch (key)
            {
                case "SYNOPSIS": kind = SectionKind.Synopsis; return true;
                case "DESCRIPTION": kind = SectionKind.Description; return true;
                case "EXAMPLES": kind = SectionKind.Examples; return true;
                case "PARAMETERS": kind = SectionKind.Parameters; return true;
                case "INPUTS": kind = SectionKind.Inputs; return true;
                case "OUTPUTS": kind = SectionKind.Outputs; return true;
                case "NOTES": kind = SectionKind.Notes; return true;
                case "RELATED LINKS": kind = SectionKind.RelatedLinks; return true;
                default: kind = default; return false;
            }
        }

        private enum Where
        {
            BeforeTitle,
            Preamble,
            Section,
            Entry,
            Ignored,
        }

        /// <summary>Line-by-line state machine; blocks are flushed into the current container.</summary>
        private sealed class ParserState
        {
            private readonly List<HelpProblem> _problems = new();

            private Where _where = Where.BeforeTitle;
            private PageSection? _section;
            private SectionEntry? _entry;

            // A container already reported for misplaced text (report once per container).
            private object? _reportedContainer;

            private readonly MarkdownBlockReader _reader;

            public ParserState(HelpPage page)
            {
                Page = page;
                _reader = new MarkdownBlockReader(Heading, AddBlock, Error);
            }

            public HelpPage Page { get; }

            public IReadOnlyList<HelpProblem> Problems => _problems;

            public void Error(int line, string code, string message) =>
                _problems.Add(HelpProblem.Error(Page.FilePath, line, code, message));

            public void ProcessLine(string line, int number) => _reader.ProcessLine(line, number);

            public void Finish() => _reader.Finish();

            private void AddBlock(Block block)
            {
                switch (_where)
                {
                    case Where.BeforeTitle:
                        ReportMisplacedOnce(Page, block.Line, "text before the '# Verb-Noun' title");
                        return;
                    case Where.Preamble:
                        ReportMisplacedOnce(Page.Sections, block.Line, "text between the title and the first '## ' section belongs in a section (e.g. '## Synopsis')");
                        return;
                    case Where.Ignored:
                        return;
                    case Where.Entry:
                        _entry!.Blocks.Add(block);
                        return;
                    case Where.Section:
                        PageSection section = _section!;
                        if (PageSection.HasEntries(section.Kind))
                        {
                            ReportMisplacedOnce(section, block.Line,
                                $"text in '## {SectionTitle(section.Kind)}' must follow a '### ' heading ({EntryHint(section.Kind)})");
                            return;
                        }

                        if (section.Kind == SectionKind.RelatedLinks)
                        {
                            AddRelatedLinks(block);
                            return;
                        }

                        section.Blocks.Add(block);
                        return;
                }
            }

            private void AddRelatedLinks(Block block)
            {
                if (block is not ListBlock list)
                {
                    Error(block.Line, ProblemCodes.MisplacedContent, "'## Related links' may only hold a list of links ('- [Text](Target)')");
                    return;
                }

                for (int i = 0; i < list.Items.Count; i++)
                {
                    Page.RelatedLinks.Add(InlineText.ParseLink(list.ItemLines[i], list.Items[i]));
                }
            }

            private void ReportMisplacedOnce(object container, int line, string message)
            {
                if (ReferenceEquals(_reportedContainer, container))
                {
                    return;
                }

                _reportedContainer = container;
                Error(line, ProblemCodes.MisplacedContent, message);
            }

            private void Heading(int level, string text, int number)
            {
                switch (level)
                {
                    case 1:
                        if (Page.Title is null && _where == Where.BeforeTitle)
                        {
                            Page.Title = text;
                            Page.TitleLine = number;
                            _where = Where.Preamble;
                        }
                        else
                        {
                            Error(number, ProblemCodes.BadTitle, "a page has exactly one '# ' title, on its first heading");
                        }

                        return;

                    case 2:
                        if (_where == Where.BeforeTitle)
                        {
                            // Reported once by ValidateTitle; keep parsing the sections.
                            _where = Where.Preamble;
                        }

                        _entry = null;
                        if (!TryMapSection(text, out SectionKind kind))
                        {
                            string hint = string.Equals(text.Trim(), "syntax", StringComparison.OrdinalIgnoreCase)
                                ? "the syntax is generated from the cmdlet; remove this section"
                                : "expected one of Synopsis, Description, Examples, Parameters, Inputs, Outputs, Notes, Related links";
                            Error(number, ProblemCodes.UnknownSection, $"unknown section '## {text}': {hint}");
                            _where = Where.Ignored;
                            _section = null;
                            return;
                        }

                        if (Page.Sections.ContainsKey(kind))
                        {
                            Error(number, ProblemCodes.DuplicateSection,
                                $"section '## {SectionTitle(kind)}' appears more than once (first on line {Page.Sections[kind].Line})");
                            _where = Where.Ignored;
                            _section = null;
                            return;
                        }

                        _section = new PageSection(kind, number);
                        Page.Sections.Add(kind, _section);
                        _where = Where.Section;
                        return;

                    case 3:
                        if (_section is null || !PageSection.HasEntries(_section.Kind))
                        {
                            if (_where != Where.Ignored)
                            {
                                Error(number, ProblemCodes.MisplacedContent,
                                    "'### ' headings are only allowed in Examples, Parameters, Inputs and Outputs");
                            }

                            return;
                        }

                        StartEntry(_section, text, number);
                        return;

                    default:
                        if (_where != Where.Ignored)
                        {
                            Error(number, ProblemCodes.MisplacedContent,
                                $"'{new string('#', level)} ' headings are not part of the help page format");
                        }

                        return;
                }
            }

            private void StartEntry(PageSection section, string text, int number)
            {
                string heading = text;
                if (section.Kind == SectionKind.Parameters)
                {
                    Match m = ParameterHeadingPattern.Match(text);
                    if (!m.Success)
                    {
                        Error(number, ProblemCodes.BadParameterHeading, $"parameter heading '### {text}' must be '### -ParameterName'");
                        _entry = null;
                        _where = Where.Ignored;
                        return;
                    }

                    heading = m.Groups[1].Value;
                }

                if (heading.Length == 0)
                {
                    Error(number, ProblemCodes.MisplacedContent, "a '### ' heading needs text");
                    _where = Where.Ignored;
                    return;
                }

                if (section.Kind != SectionKind.Examples)
                {
                    foreach (SectionEntry existing in section.Entries)
                    {
                        if (string.Equals(existing.Heading, heading, StringComparison.OrdinalIgnoreCase))
                        {
                            Error(number, ProblemCodes.DuplicateEntry,
                                $"'### {text}' appears more than once in '## {SectionTitle(section.Kind)}' (first on line {existing.Line})");
                            _entry = null;
                            _where = Where.Ignored;
                            return;
                        }
                    }
                }

                _entry = new SectionEntry(heading, number);
                section.Entries.Add(_entry);
                _where = Where.Entry;
            }

            private static string EntryHint(SectionKind kind) => kind switch
            {
                SectionKind.Examples => "'### Example 1: Title'",
                SectionKind.Parameters => "'### -ParameterName'",
                _ => "'### TypeName'",
            };
        }

        /// <summary>The canonical spelling of a section heading.</summary>
        public static string SectionTitle(SectionKind kind) => kind switch
        {
            SectionKind.RelatedLinks => "Related links",
            _ => kind.ToString(),
        };
    }
}
