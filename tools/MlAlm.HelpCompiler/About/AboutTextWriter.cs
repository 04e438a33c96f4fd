using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MlAlm.HelpCompiler.Markdown;

namespace MlAlm.HelpCompiler.About
{
    /// <summary>
    /// Writes an about topic as the plain text PowerShell shows for <c>Get-Help about_Name</c>
    /// (<c>&lt;culture&gt;/about_Name.help.txt</c> beside the module): the classic layout of
    /// TOPIC, SHORT DESCRIPTION, LONG DESCRIPTION and then the topic's other sections, headings
    /// in capitals at the margin, subheadings indented two spaces right above their text, text
    /// indented four spaces (code eight) and wrapped at <see cref="Width"/>
    /// columns. Get-Help takes the fifth line of the file as the topic's synopsis, so the short
    /// description always starts there. Output is deterministic: UTF-8 without a byte order
    /// mark, LF line ends, no trailing spaces, one final newline.
    /// </summary>
    public static class AboutTextWriter
    {
        /// <summary>The widest a line of text gets (code lines are never wrapped).</summary>
        public const int Width = 80;

        private const string TextIndent = "    ";
        private const string SubheadingIndent = "  ";
        private const string CodeIndent = "        ";

        /// <summary>The file name Get-Help looks for: about_Name.help.txt.</summary>
        public static string FileName(AboutTopic topic) => topic.FileTopicName + ".help.txt";

        public static byte[] Write(AboutTopic topic) =>
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(ToText(topic));

        public static string ToText(AboutTopic topic)
        {
            var lines = new List<string> { "TOPIC", TextIndent + topic.FileTopicName };

            AboutSection? shortDescription = topic.Section(AboutTopic.ShortDescription);
            AboutSection? longDescription = topic.Section(AboutTopic.LongDescription);

            // Always present and always first: line 5 is the synopsis Get-Help lists.
            Section(lines, AboutTopic.ShortDescription, shortDescription?.Blocks ?? new List<Block>());
            if (longDescription is not null)
            {
                Section(lines, AboutTopic.LongDescription, longDescription.Blocks);
            }

            foreach (AboutSection section in topic.Sections.Where(s => s != shortDescription && s != longDescription))
            {
                Section(lines, section.Heading, section.Blocks);
            }

            var text = new StringBuilder();
            foreach (string line in lines)
            {
                text.Append(line.TrimEnd()).Append('\n');
            }

            return text.ToString();
        }

        private static void Section(List<string> lines, string heading, IReadOnlyList<Block> blocks)
        {
            lines.Add(string.Empty);
            lines.Add(heading.ToUpperInvariant());
            for (int i = 0; i < blocks.Count; i++)
            {
                // Blocks are a blank line apart, except that a subheading sits right on its text.
                if (i > 0 && blocks[i - 1] is not SubheadingBlock)
                {
                    lines.Add(string.Empty);
                }

                Block(lines, blocks[i]);
            }
        }

        private static void Block(List<string> lines, Block block)
        {
            switch (block)
            {
                case SubheadingBlock subheading:
                    lines.AddRange(Wrap(InlineText.ToPlain(subheading.Text), SubheadingIndent, SubheadingIndent));
                    break;
                case ParagraphBlock paragraph:
                    lines.AddRange(Wrap(InlineText.ToPlain(paragraph.Text), TextIndent, TextIndent));
                    break;
                case ListBlock list:
                    for (int i = 0; i < list.Items.Count; i++)
                    {
                        string marker = list.Ordered ? (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ". " : "- ";
                        lines.AddRange(Wrap(InlineText.ToPlain(list.Items[i]), TextIndent + marker, TextIndent + new string(' ', marker.Length)));
                    }

                    break;
                case CodeBlock code:
                    foreach (string line in code.Code.Split('\n'))
                    {
                        lines.Add(line.Length == 0 ? string.Empty : CodeIndent + line);
                    }

                    break;
            }
        }

        /// <summary>Fills lines up to <see cref="Width"/> columns; a word longer than a line gets a line of its own.</summary>
        public static IEnumerable<string> Wrap(string text, string firstIndent, string nextIndent)
        {
            string[] words = text.Split(new[] { ' ', '\t', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            var line = new StringBuilder(firstIndent);
            bool empty = true;
            foreach (string word in words)
            {
                if (!empty && line.Length + 1 + word.Length > Width)
                {
                    yield return line.ToString();
                    line.Clear().Append(nextIndent);
                    empty = true;
                }

                if (!empty)
                {
                    line.Append(' ');
                }

                line.Append(word);
                empty = false;
            }

            if (!empty)
            {
                yield return line.ToString();
            }
        }
    }
}
