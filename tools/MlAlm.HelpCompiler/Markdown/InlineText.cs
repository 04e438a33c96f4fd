using System;
using System.Text;
using System.Text.RegularExpressions;

namespace MlAlm.HelpCompiler.Markdown
{
    /// <summary>
    /// Turns inline markdown into the plain text Get-Help prints: links become their text
    /// (plus the address when it is absolute), emphasis markers and backslash escapes go,
    /// code spans keep their backticks (PowerShell users read them as code).
    /// </summary>
    public static class InlineText
    {
        private static readonly Regex CodeSpan = new(@"(`+)(.+?)\1", RegexOptions.CultureInvariant);
        private static readonly Regex Image = new(@"!\[([^\]]*)\]\(([^)\s]*)(?:\s+""[^""]*"")?\)", RegexOptions.CultureInvariant);
        private static readonly Regex Link = new(@"\[([^\]]+)\]\(([^)\s]*)(?:\s+""[^""]*"")?\)", RegexOptions.CultureInvariant);
        private static readonly Regex AutoLink = new(@"<((?:https?|mailto):[^>\s]+)>", RegexOptions.CultureInvariant);
        private static readonly Regex Strong = new(@"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", RegexOptions.CultureInvariant);
        private static readonly Regex Escape = new(@"\\([\\`*_{}\[\]()#+\-.!<>|])", RegexOptions.CultureInvariant);
        private static readonly Regex WholeLink = new(@"^\[([^\]]+)\]\(([^)\s]*)(?:\s+""[^""]*"")?\)", RegexOptions.CultureInvariant);
        private static readonly Regex WholeAutoLink = new(@"^<([^>\s]+)>", RegexOptions.CultureInvariant);

        /// <summary>Plain text for display.</summary>
        public static string ToPlain(string markdown)
        {
            var result = new StringBuilder(markdown.Length);
            int position = 0;
            foreach (Match span in CodeSpan.Matches(markdown))
            {
                result.Append(PlainSegment(markdown.Substring(position, span.Index - position)));
                result.Append(span.Value);
                position = span.Index + span.Length;
            }

            result.Append(PlainSegment(markdown.Substring(position)));
            return result.ToString();
        }

        private static string PlainSegment(string text)
        {
            if (text.Length == 0)
            {
                return text;
            }

            text = Image.Replace(text, m => m.Groups[1].Value);
            text = Link.Replace(text, m => IsAbsoluteUri(m.Groups[2].Value)
                ? $"{m.Groups[1].Value} ({m.Groups[2].Value})"
                : m.Groups[1].Value);
            text = AutoLink.Replace(text, m => m.Groups[1].Value);
            text = Strong.Replace(text, m => m.Groups[2].Value);
            text = Escape.Replace(text, m => m.Groups[1].Value);
            return text;
        }

        /// <summary>True for http, https and mailto addresses (the ones Get-Help -Online can open).</summary>
        public static bool IsAbsoluteUri(string target) =>
            target.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || target.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

        /// <summary>Reads one Related links item: '[Text](Target)', '&lt;https://...&gt;' or plain text.</summary>
        public static RelatedLink ParseLink(int line, string item)
        {
            string trimmed = item.Trim();
            Match m = WholeLink.Match(trimmed);
            if (m.Success)
            {
                return new RelatedLink(line, ToPlain(m.Groups[1].Value).Trim(), m.Groups[2].Value);
            }

            m = WholeAutoLink.Match(trimmed);
            if (m.Success)
            {
                return new RelatedLink(line, m.Groups[1].Value, m.Groups[1].Value);
            }

            return new RelatedLink(line, ToPlain(trimmed), string.Empty);
        }
    }
}
