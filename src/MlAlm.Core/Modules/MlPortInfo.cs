namespace MlAlm
{
    /// <summary>A typed input or output of a module.</summary>
    public sealed class MlPortInfo
    {
        public MlPortInfo(string name, PortType type, string description, bool optional = false)
        {
            Name = name;
            Type = type;
            Description = description;
            Optional = optional;
        }

        public string Name { get; }
        public PortType Type { get; }
        public string Description { get; }

        /// <summary>An input that may stay unconnected (always false for outputs).</summary>
        public bool Optional { get; }

        public override string ToString() => Name + " (" + Type + ")";
    }
}
