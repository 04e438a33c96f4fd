namespace MlAlm
{
    /// <summary>What flows along an edge. An output connects only to an input of the same type.</summary>
    public enum PortType
    {
        DataTable,
        TrainedModel,
        Transform,
        Metrics,
    }

    /// <summary>The kinds of value a module parameter takes.</summary>
    public enum ParameterKind
    {
        String,
        Integer,
        Number,
        Boolean,
        Choice,
        Column,
        Columns,
        Asset,
    }
}
