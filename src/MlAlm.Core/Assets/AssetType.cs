namespace MlAlm
{
    /// <summary>The kinds of versioned asset a graph can reference.</summary>
    public enum AssetType
    {
        Dataset,
        TrainedModel,
        Transform,
    }
}
