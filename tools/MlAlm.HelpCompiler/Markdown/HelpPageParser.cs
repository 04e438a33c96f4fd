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
        private static readonly Regex HeadingPattern = new(@"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$", RegexOptions.CultureInvariant);
        private static readonly Regex FencePattern = new(@"^ {0,3}(`{3,}|~{3,})[ \t]*([^`]*?)[ \t]*$", RegexOptions.CultureInvariant);
        private static readonly Regex ListItemPattern = new(@"^ {0,3}(?:([-*+])|(\d{1,9})[.)])(?:[ \t]+(.*))?$", RegexOptions.CultureInvariant);
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
            string[] lines = Normalize(text).Split('\n');

            int i = SkipFrontMatter(lines);
            for (; i < lines.Length; i++)
            {
                state.ProcessLine(lines[i], i + 1);
            }

            state.Finish();
            ValidateTitle(state);
            return new PageParseResult(state.Page, state.Problems);
        }

        private static string Normalize(string text)
        {
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text.Substring(1);
            }

            return text.Replace("\r\n", "\n").Replace('\r', '\n');
        }

        /// <summary>An optional YAML front matter block (--- ... ---) is allowed and ignored.</summary>
        private static int SkipFrontMatter(string[] lines)
        {
            if (lines.Length == 0 || lines[0].TrimEnd() != "---")
            {
                return 0;
            }

            for (int i = 1; i < lines.Length; i++)
            {
                if (lines[i].TrimEnd() == "---")
                {
                    return i + 1;
                }
            }

            return 0;
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

            // Paragraph being collected.
            private readonly List<string> _paragraph = new();
            private int _paragraphLine;

            // List being collected.
            private List<StringBuilder>? _listItems;
            private readonly List<int> _listItemLines = new();
            private bool _listOrdered;
            private int _listLine;

            // Fenced code block being collected.
            private string? _fence;
            private string _fenceLanguage = string.Empty;
            private int _fenceLine;
            private readonly List<string> _fenceLines = new();

            // HTML comment being skipped.
            private int _commentLine;

            // A container already reported for misplaced text (report once per container).
            private object? _reportedContainer;

            public ParserState(HelpPage page) => Page = page;

            public HelpPage Page { get; }

            public IReadOnlyList<HelpProblem> Problems => _problems;

            public void Error(int line, string code, string message) =>
                _problems.Add(HelpProblem.Error(Page.FilePath, line, code, message));

            public void ProcessLine(string line, int number)
            {
                if (_fence is not null)
                {
                    ContinueFence(line);
                    return;
                }

                if (_commentLine > 0)
                {
                    if (line.Contains("-->", StringComparison.Ordinal))
                    {
                        _commentLine = 0;
                    }

                    return;
                }

                string trimmed = line.Trim();
                if (trimmed.StartsWith("<!--", StringComparison.Ordinal))
                {
                    FlushParagraph();
                    FlushList();
                    if (!trimmed.Contains("-->", StringComparison.Ordinal))
                    {
                        _commentLine = number;
                    }

                    return;
                }

                if (trimmed.Length == 0)
                {
                    FlushParagraph();
                    FlushList();
                    return;
                }

                Match fence = FencePattern.Match(line);
                if (fence.Success)
                {
                    FlushParagraph();
                    FlushList();
                    _fence = fence.Groups[1].Value;
                    _fenceLanguage = fence.Groups[2].Value.Trim().ToLowerInvariant();
                    _fenceLine = number;
                    _fenceLines.Clear();
                    return;
                }

                Match heading = HeadingPattern.Match(line);
                if (heading.Success)
                {
                    FlushParagraph();
                    FlushList();
                    Heading(heading.Groups[1].Value.Length, heading.Groups[2].Value.Trim(), number);
                    return;
                }

                Match item = ListItemPattern.Match(line);
                bool ordered = item.Success && item.Groups[2].Success;

                // As in CommonMark, a bullet or a "1." item may start a list right after a paragraph line.
                if (item.Success && (_paragraph.Count == 0 || _listItems is not null || !ordered || item.Groups[2].Value == "1"))
                {
                    FlushParagraph();
                    if (_listItems is null || _listOrdered != ordered)
                    {
                        FlushList();
                        _listItems = new List<StringBuilder>();
                        _listItemLines.Clear();
                        _listOrdered = ordered;
                        _listLine = number;
                    }

                    _listItems.Add(new StringBuilder(item.Groups[3].Value.Trim()));
                    _listItemLines.Add(number);
                    return;
                }

                if (_listItems is not null)
                {
                    // Continuation of the last item (indented or lazy).
                    StringBuilder last = _listItems[_listItems.Count - 1];
                    if (last.Length > 0)
                    {
                        last.Append(' ');
                    }

                    last.Append(trimmed);
                    return;
                }

                if (_paragraph.Count == 0)
                {
                    _paragraphLine = number;
                }

                _paragraph.Add(trimmed);
            }

            public void Finish()
            {
                if (_fence is not null)
                {
                    Error(_fenceLine, ProblemCodes.UnclosedFence, $"the code block opened with '{_fence}' is never closed");
                    _fence = null;
                }

                if (_commentLine > 0)
                {
                    Error(_commentLine, ProblemCodes.UnclosedFence, "the HTML comment '<!--' is never closed with '-->'");
                }

                FlushParagraph();
                FlushList();
            }

            private void ContinueFence(string line)
            {
                string trimmed = line.TrimStart(' ');
                if (line.Length - trimmed.Length <= 3 && _fence is not null && trimmed.StartsWith(_fence, StringComparison.Ordinal))
                {
                    string rest = trimmed.TrimEnd();
                    bool onlyFenceChars = rest.Length >= _fence.Length && rest.Trim(_fence[0]).Length == 0;
                    if (onlyFenceChars)
                    {
                        AddBlock(new CodeBlock(_fenceLine, _fenceLanguage, TrimBlankEdges(_fenceLines)));
                        _fence = null;
                        return;
                    }
                }

                _fenceLines.Add(line);
            }

            private static string TrimBlankEdges(List<string> lines)
            {
                int start = 0;
                int end = lines.Count;
                while (start < end && lines[start].Trim().Length == 0) start++;
                while (end > start && lines[end - 1].Trim().Length == 0) end--;
                var sb = new StringBuilder();
                for (int i = start; i < end; i++)
                {
                    if (i > start) sb.Append('\n');
                    sb.Append(lines[i].TrimEnd());
                }

                return sb.ToString();
            }

            private void FlushParagraph()
            {
                if (_paragraph.Count == 0)
                {
                    return;
                }

                AddBlock(new ParagraphBlock(_paragraphLine, string.Join(" ", _paragraph)));
                _paragraph.Clear();
            }

            private void FlushList()
            {
                if (_listItems is null)
                {
                    return;
                }

                var items = new List<string>(_listItems.Count);
                foreach (StringBuilder sb in _listItems)
                {
                    items.Add(sb.ToString());
                }

                _listItems = null;
                AddBlock(new ListBlock(_listLine, _listOrdered, items, _listItemLines.ToArray()));
            }

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
