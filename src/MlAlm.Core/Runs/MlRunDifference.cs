namespace MlAlm
{
    /// <summary>One difference between two runs (Compare-MlExperimentRun).</summary>
    public sealed class MlRunDifference
    {
        public MlRunDifference(string kind, string? nodeId, string name, object? referenceValue, object? differenceValue)
        {
            Kind = kind;
            NodeId = nodeId;
            Name = name;
            ReferenceValue = referenceValue;
            DifferenceValue = differenceValue;
        }

        /// <summary>Node, Module, Parameter, Input, Asset, Metric or Status.</summary>
        public string Kind { get; }

        public string? NodeId { get; }

        /// <summary>The parameter, asset, metric or port that differs.</summary>
        public string Name { get; }

        public object? ReferenceValue { get; }
        public object? DifferenceValue { get; }

        public override string ToString() => $"{Kind} {(NodeId == null ? "" : NodeId + ".")}{Name}: {ReferenceValue} -> {DifferenceValue}";
    }
}
