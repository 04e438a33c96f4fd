using System.Collections.Generic;

namespace MlAlm.HelpCompiler.Merging
{
    /// <summary>
    /// The help of one cmdlet, page text and metadata merged: exactly what the MAML file says.
    /// Text is already plain (inline markdown resolved); each string of a paragraph list is one
    /// paragraph, and may hold line breaks (lists, preformatted text).
    /// </summary>
    public sealed class CommandHelp
    {
        public CommandHelp(string verb, string noun)
        {
            Verb = verb;
            Noun = noun;
        }

        public string Verb { get; }

        public string Noun { get; }

        public string Name => Verb + "-" + Noun;

        public IReadOnlyList<string> Synopsis { get; init; } = new List<string>();

        public IReadOnlyList<string> Description { get; init; } = new List<string>();

        /// <summary>One item per parameter set, the default set first.</summary>
        public IReadOnlyList<SyntaxItem> Syntax { get; init; } = new List<SyntaxItem>();

        public IReadOnlyList<ParameterHelp> Parameters { get; init; } = new List<ParameterHelp>();

        public IReadOnlyList<TypeHelp> Inputs { get; init; } = new List<TypeHelp>();

        public IReadOnlyList<TypeHelp> Outputs { get; init; } = new List<TypeHelp>();

        public IReadOnlyList<string> Notes { get; init; } = new List<string>();

        public IReadOnlyList<ExampleHelp> Examples { get; init; } = new List<ExampleHelp>();

        public IReadOnlyList<LinkHelp> Links { get; init; } = new List<LinkHelp>();
    }

    /// <summary>What Get-Help shows about a parameter, for one set or summed over all of its sets.</summary>
    /// <param name="Required">"true" or "false".</param>
    /// <param name="Position">"named" or the 0-based position.</param>
    /// <param name="PipelineInput">"False", "True (ByValue)", "True (ByPropertyName)" or "True (ByValue, ByPropertyName)".</param>
    public sealed record ParameterBinding(bool Required, string Position, string PipelineInput);

    /// <summary>A parameter of the PARAMETERS section.</summary>
    public sealed class ParameterHelp
    {
        public ParameterHelp(string name, string typeName, string typeFullName, ParameterBinding binding)
        {
            Name = name;
            TypeName = typeName;
            TypeFullName = typeFullName;
            Binding = binding;
        }

        public string Name { get; }

        public string TypeName { get; }

        public string TypeFullName { get; }

        public ParameterBinding Binding { get; }

        public bool IsSwitch { get; init; }

        public bool IsArray { get; init; }

        public bool Globbing { get; init; }

        public IReadOnlyList<string> Aliases { get; init; } = new List<string>();

        public IReadOnlyList<string> AllowedValues { get; init; } = new List<string>();

        public IReadOnlyList<string> Description { get; init; } = new List<string>();

        /// <summary>Shown as "Default value": the page's "Default value:" line, else "None" ("False" for a switch).</summary>
        public string DefaultValue { get; init; } = "None";
    }

    /// <summary>A parameter as it appears in one syntax line.</summary>
    public sealed record SyntaxParameter(ParameterHelp Parameter, ParameterBinding Binding);

    /// <summary>One syntax line: a parameter set.</summary>
    public sealed record SyntaxItem(string SetName, IReadOnlyList<SyntaxParameter> Parameters);

    /// <summary>An INPUTS or OUTPUTS entry.</summary>
    public sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);

    public sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);

    /// <summary>A related link; <see cref="Uri"/> is empty unless the target is an absolute address.</summary>
    public sealed record LinkHelp(string Text, string Uri);
}
