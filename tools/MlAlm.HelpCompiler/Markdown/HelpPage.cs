using System.Collections.Generic;

namespace MlAlm.HelpCompiler.Markdown
{
    /// <summary>A run of text in a page section, in source order.</summary>
    public abstract record Block(int Line);

    /// <summary>A paragraph; <see cref="Text"/> is its lines joined by single spaces (markdown still inline).</summary>
    public sealed record ParagraphBlock(int Line, string Text) : Block(Line);

    /// <summary>A bulleted or numbered list; each item's lines joined by single spaces.</summary>
    public sealed record ListBlock(int Line, bool Ordered, IReadOnlyList<string> Items, IReadOnlyList<int> ItemLines) : Block(Line);

    /// <summary>A fenced code block; <see cref="Language"/> is the info string after the fence, lower case.</summary>
    public sealed record CodeBlock(int Line, string Language, string Code) : Block(Line);

    /// <summary>The level-2 sections a page may have (docs/help/README.md).</summary>
    public enum SectionKind
    {
        Synopsis,
        Description,
        Examples,
        Parameters,
        Inputs,
        Outputs,
        Notes,
        RelatedLinks,
    }

    /// <summary>A level-3 entry inside a section: one example, parameter, input or output type.</summary>
    public sealed class SectionEntry
    {
        public SectionEntry(string heading, int line)
        {
            Heading = heading;
            Line = line;
        }

        /// <summary>The heading text: example title, parameter name (without '-'), or type name.</summary>
        public string Heading { get; }

        public int Line { get; }

        public List<Block> Blocks { get; } = new();
    }

    /// <summary>A level-2 section: text blocks, or (for entry sections) level-3 entries.</summary>
    public sealed class PageSection
    {
        public PageSection(SectionKind kind, int line)
        {
            Kind = kind;
            Line = line;
        }

        public SectionKind Kind { get; }

        /// <summary>Line of the '## ' heading.</summary>
        public int Line { get; }

        public List<Block> Blocks { get; } = new();

        public List<SectionEntry> Entries { get; } = new();

        /// <summary>Examples, Parameters, Inputs and Outputs are made of '### ' entries.</summary>
        public static bool HasEntries(SectionKind kind) =>
            kind is SectionKind.Examples or SectionKind.Parameters or SectionKind.Inputs or SectionKind.Outputs;
    }

    /// <summary>One link of the Related links section.</summary>
    public sealed record RelatedLink(int Line, string Text, string Target);

    /// <summary>One parsed docs/help/&lt;Verb-Noun&gt;.md page.</summary>
    public sealed class HelpPage
    {
        public HelpPage(string filePath, string fileCommandName)
        {
            FilePath = filePath;
            FileCommandName = fileCommandName;
        }

        /// <summary>The path the page was read from, as given (used in problem messages).</summary>
        public string FilePath { get; }

        /// <summary>The command name taken from the file name (Get-Thing.md -> Get-Thing).</summary>
        public string FileCommandName { get; }

        /// <summary>The '# ' title, or null when the page has none.</summary>
        public string? Title { get; set; }

        public int TitleLine { get; set; }

        public Dictionary<SectionKind, PageSection> Sections { get; } = new();

        public List<RelatedLink> RelatedLinks { get; } = new();

        public PageSection? Section(SectionKind kind) => Sections.TryGetValue(kind, out PageSection? s) ? s : null;
    }
}
