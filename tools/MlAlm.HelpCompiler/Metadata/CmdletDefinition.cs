using System.Collections.Generic;

namespace MlAlm.HelpCompiler.Metadata
{
    /// <summary>How a parameter takes part in one parameter set (one [Parameter] attribute).</summary>
    public sealed record ParameterSetBinding(
        string SetName,
        bool Mandatory,
        int? Position,
        bool FromPipeline,
        bool FromPipelineByPropertyName)
    {
        /// <summary>The set name PowerShell uses for a [Parameter] without ParameterSetName.</summary>
        public const string AllSets = "__AllParameterSets";

        public bool InAllSets => SetName == AllSets;
    }

    /// <summary>A cmdlet parameter as declared in metadata.</summary>
    public sealed class CmdletParameter
    {
        public CmdletParameter(string name, string typeName, string typeFullName)
        {
            Name = name;
            TypeName = typeName;
            TypeFullName = typeFullName;
        }

        public string Name { get; }

        /// <summary>Short type name as PowerShell users read it: String, String[], Int32, SwitchParameter.</summary>
        public string TypeName { get; }

        /// <summary>Namespace-qualified type name: System.String[].</summary>
        public string TypeFullName { get; }

        /// <summary>For array parameters, the element type's full name (what the pipeline delivers one at a time).</summary>
        public string? ElementTypeFullName { get; init; }

        public bool IsSwitch { get; init; }

        public bool IsArray { get; init; }

        public bool SupportsWildcards { get; init; }

        /// <summary>[Alias] names, in declaration order.</summary>
        public IReadOnlyList<string> Aliases { get; init; } = new List<string>();

        /// <summary>Enum names or [ValidateSet] values, when the parameter only takes those.</summary>
        public IReadOnlyList<string> AllowedValues { get; init; } = new List<string>();

        /// <summary>One entry per [Parameter] attribute.</summary>
        public IReadOnlyList<ParameterSetBinding> Sets { get; init; } = new List<ParameterSetBinding>();
    }

    /// <summary>An [OutputType] type.</summary>
    public sealed record CmdletOutputType(string TypeFullName, IReadOnlyList<string> ParameterSets);

    /// <summary>A cmdlet class as read from metadata.</summary>
    public sealed class CmdletDefinition
    {
        public CmdletDefinition(string verb, string noun, string className)
        {
            Verb = verb;
            Noun = noun;
            ClassName = className;
        }

        public string Verb { get; }

        public string Noun { get; }

        public string Name => Verb + "-" + Noun;

        /// <summary>The implementing class's full name.</summary>
        public string ClassName { get; }

        public bool SupportsShouldProcess { get; init; }

        public string? DefaultParameterSetName { get; init; }

        /// <summary>Parameters in declaration order (most derived class first).</summary>
        public IReadOnlyList<CmdletParameter> Parameters { get; init; } = new List<CmdletParameter>();

        public IReadOnlyList<CmdletOutputType> OutputTypes { get; init; } = new List<CmdletOutputType>();

        /// <summary>[Alias] names on the class: other names for the whole command.</summary>
        public IReadOnlyList<string> Aliases { get; init; } = new List<string>();
    }
}
