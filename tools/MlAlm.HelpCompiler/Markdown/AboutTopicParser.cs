using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using MlAlm.HelpCompiler.Problems;

namespace MlAlm.HelpCompiler.Markdown
{
    /// <summary>A '### ' heading inside a section of an about topic.</summary>
    public sealed record SubheadingBlock(int Line, string Text) : Block(Line);

    /// <summary>A '## ' section of an about topic: blocks and subheadings, in source order.</summary>
    public sealed class AboutSection
    {
        public AboutSection(string heading, int line)
        {
            Heading = heading;
            Line = line;
        }

        /// <summary>The heading text as written, whitespace runs made single spaces.</summary>
        public string Heading { get; }

        public int Line { get; }

        public List<Block> Blocks { get; } = new();

        /// <summary>Whether the section has any text (subheadings alone do not count).</summary>
        public bool HasText => Blocks.Any(b => b is not SubheadingBlock);
    }

    /// <summary>One parsed docs/help/about_&lt;Name&gt;.md conceptual topic.</summary>
    public sealed class AboutTopic
    {
        public const string ShortDescription = "Short description";
        public const string LongDescription = "Long description";

        public AboutTopic(string filePath, string fileTopicName)
        {
            FilePath = filePath;
            FileTopicName = fileTopicName;
        }

        /// <summary>The path the topic was read from, as given (used in problem messages).</summary>
        public string FilePath { get; }

        /// <summary>The topic name taken from the file name (about_Things.md -> about_Things).</summary>
        public string FileTopicName { get; }

        public string? Title { get; set; }

        public int TitleLine { get; set; }

        /// <summary>Sections in source order.</summary>
        public List<AboutSection> Sections { get; } = new();

        /// <summary>A section by heading, ignoring case.</summary>
        public AboutSection? Section(string heading) =>
            Sections.FirstOrDefault(s => string.Equals(s.Heading, heading, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The outcome of parsing one about topic: the topic, and every problem found in it.</summary>
    public sealed record AboutParseResult(AboutTopic Topic, IReadOnlyList<HelpProblem> Problems);

    /// <summary>
    /// Parses a conceptual topic, docs/help/about_&lt;Name&gt;.md (format: docs/help/README.md):
    /// a '# about_Name' title, then '## ' sections, of which 'Short description' and
    /// 'Long description' are expected; '### ' subheadings may divide a section. The text is the
    /// same markdown subset as the cmdlet pages. Structural problems are errors, a missing
    /// description a warning; all are reported at once.
    /// </summary>
    public static class AboutTopicParser
    {
        /// <summary>Whether a file name is an about topic's (about_*.md).</summary>
        public static bool IsAboutFileName(string fileName) =>
            fileName.StartsWith("about_", StringComparison.OrdinalIgnoreCase)
            && fileName.EndsWith(".md", StringComparison.OrdinalIgnoreCase);

        public static AboutParseResult ParseFile(string path) =>
            Parse(File.ReadAllText(path, Encoding.UTF8), path);

        /// <param name="text">The markdown.</param>
        /// <param name="path">The topic's path (its file name gives the expected topic name).</param>
        public static AboutParseResult Parse(string text, string path)
        {
            var state = new State(new AboutTopic(path, Path.GetFileNameWithoutExtension(path)));
            string[] lines = MarkdownBlockReader.Normalize(text).Split('\n');
            for (int i = MarkdownBlockReader.SkipFrontMatter(lines); i < lines.Length; i++)
            {
                state.Reader.ProcessLine(lines[i], i + 1);
            }

            state.Reader.Finish();
            state.Check();
            return new AboutParseResult(state.Topic, state.Problems);
        }

        private sealed class State
        {
            private AboutSection? _section;
            private bool _ignoring;
            private object? _reportedContainer;

            public State(AboutTopic topic)
            {
                Topic = topic;
                Reader = new MarkdownBlockReader(Heading, AddBlock, Error);
            }

            public AboutTopic Topic { get; }

            public MarkdownBlockReader Reader { get; }

            public List<HelpProblem> Problems { get; } = new();

            private void Error(int line, string code, string message) =>
                Problems.Add(HelpProblem.Error(Topic.FilePath, line, code, message));

            private void Warning(int line, string code, string message) =>
                Problems.Add(HelpProblem.Warning(Topic.FilePath, line, code, message));

            private void Heading(int level, string text, int line)
            {
                switch (level)
                {
                    case 1:
                        if (Topic.Title is null && Topic.Sections.Count == 0)
                        {
                            Topic.Title = text;
                            Topic.TitleLine = line;
                        }
                        else
                        {
                            Error(line, ProblemCodes.BadTitle, "an about topic has exactly one '# ' title, on its first heading");
                        }

                        return;

                    case 2:
                        string heading = Regex.Replace(text.Trim(), @"\s+", " ");
                        if (heading.Length == 0)
                        {
                            Error(line, ProblemCodes.MisplacedContent, "a '## ' heading needs text");
                            _section = null;
                            _ignoring = true;
                            return;
                        }

                        AboutSection? existing = Topic.Section(heading);
                        if (existing is not null)
                        {
                            Error(line, ProblemCodes.DuplicateSection, $"section '## {heading}' appears more than once (first on line {existing.Line})");
                            _section = null;
                            _ignoring = true;
                            return;
                        }

                        _section = new AboutSection(heading, line);
                        Topic.Sections.Add(_section);
                        _ignoring = false;
                        return;

                    case 3:
                        if (_section is null)
                        {
                            if (!_ignoring)
                            {
                                Error(line, ProblemCodes.MisplacedContent, "a '### ' heading must be inside a '## ' section");
                            }

                            return;
                        }

                        _section.Blocks.Add(new SubheadingBlock(line, text.Trim()));
                        return;

                    default:
                        Error(line, ProblemCodes.MisplacedContent, $"'{new string('#', level)} ' headings are not part of the about topic format; use '### '");
                        return;
                }
            }

            private void AddBlock(Block block)
            {
                if (_section is not null)
                {
                    _section.Blocks.Add(block);
                }
                else if (Topic.Title is null)
                {
                    ReportMisplacedOnce(Topic, block.Line, $"text before the '# {Topic.FileTopicName}' title");
                }
                else if (!_ignoring)
                {
                    ReportMisplacedOnce(Topic.Sections, block.Line,
                        $"text between the title and the first '## ' section belongs in a section (e.g. '## {AboutTopic.ShortDescription}')");
                }
            }

            private void ReportMisplacedOnce(object container, int line, string message)
            {
                if (!ReferenceEquals(_reportedContainer, container))
                {
                    _reportedContainer = container;
                    Error(line, ProblemCodes.MisplacedContent, message);
                }
            }

            public void Check()
            {
                if (Topic.Title is null)
                {
                    Error(1, ProblemCodes.BadTitle, $"the about topic has no '# {Topic.FileTopicName}' title");
                }
                else if (!string.Equals(Topic.Title, Topic.FileTopicName, StringComparison.Ordinal))
                {
                    Error(Topic.TitleLine, ProblemCodes.BadTitle,
                        $"the title '{Topic.Title}' does not match the file name; expected '# {Topic.FileTopicName}'");
                }

                foreach (string required in new[] { AboutTopic.ShortDescription, AboutTopic.LongDescription })
                {
                    AboutSection? section = Topic.Section(required);
                    if (section is null)
                    {
                        Warning(Math.Max(Topic.TitleLine, 1), ProblemCodes.AboutWithoutDescription,
                            $"the about topic has no '## {required}' section");
                    }
                    else if (!section.HasText)
                    {
                        Warning(section.Line, ProblemCodes.AboutWithoutDescription, $"the '## {required}' section is empty");
                    }
                }
            }
        }
    }
}
