using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using MlAlm.HelpCompiler.Problems;

namespace MlAlm.HelpCompiler.Markdown
{
    /// <summary>
    /// Splits markdown lines into headings and blocks (paragraphs, lists, fenced code blocks;
    /// HTML comments dropped), the small subset the help formats use. It knows nothing of
    /// sections: <see cref="HelpPageParser"/> and <see cref="AboutTopicParser"/> decide where
    /// each heading and block belongs. Feed it with <see cref="ProcessLine"/>, then call
    /// <see cref="Finish"/>.
    /// </summary>
    public sealed class MarkdownBlockReader
    {
        private static readonly Regex HeadingPattern = new(@"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$", RegexOptions.CultureInvariant);
        private static readonly Regex FencePattern = new(@"^ {0,3}(`{3,}|~{3,})[ \t]*([^`]*?)[ \t]*$", RegexOptions.CultureInvariant);
        private static readonly Regex ListItemPattern = new(@"^ {0,3}(?:([-*+])|(\d{1,9})[.)])(?:[ \t]+(.*))?$", RegexOptions.CultureInvariant);

        private readonly Action<int, string, int> _heading;
        private readonly Action<Block> _block;
        private readonly Action<int, string, string> _error;

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

        /// <param name="heading">Called with the level (1-6), the text and the line of each heading.</param>
        /// <param name="block">Called with each finished block, in source order.</param>
        /// <param name="error">Called with the line, problem code and message of an unclosed code block or comment.</param>
        public MarkdownBlockReader(Action<int, string, int> heading, Action<Block> block, Action<int, string, string> error)
        {
            _heading = heading;
            _block = block;
            _error = error;
        }

        /// <summary>Text with a leading byte order mark removed and every line end made LF.</summary>
        public static string Normalize(string text)
        {
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text.Substring(1);
            }

            return text.Replace("\r\n", "\n").Replace('\r', '\n');
        }

        /// <summary>An optional YAML front matter block (--- ... ---) is allowed and ignored; returns the first line after it.</summary>
        public static int SkipFrontMatter(string[] lines)
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
                _heading(heading.Groups[1].Value.Length, heading.Groups[2].Value.Trim(), number);
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

        /// <summary>Ends the text: flushes what is open and reports an unclosed code block or comment.</summary>
        public void Finish()
        {
            if (_fence is not null)
            {
                _error(_fenceLine, ProblemCodes.UnclosedFence, $"the code block opened with '{_fence}' is never closed");
                _fence = null;
            }

            if (_commentLine > 0)
            {
                _error(_commentLine, ProblemCodes.UnclosedFence, "the HTML comment '<!--' is never closed with '-->'");
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
                    _block(new CodeBlock(_fenceLine, _fenceLanguage, TrimBlankEdges(_fenceLines)));
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

            _block(new ParagraphBlock(_paragraphLine, string.Join(" ", _paragraph)));
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
            _block(new ListBlock(_listLine, _listOrdered, items, _listItemLines.ToArray()));
        }
    }
}
