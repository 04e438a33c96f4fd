namespace MlAlm
{
    /// <summary>Where a run is: Running until it ends Finished, Failed or Canceled (then sealed).</summary>
    public enum RunStatus
    {
        Running,
        Finished,
        Failed,
        Canceled,
    }

    /// <summary>What happened to one node in a run.</summary>
    public enum NodeStatus
    {
        NotRun,
        Running,
        Finished,

        /// <summary>Its module, parameters and inputs matched an earlier run, whose outputs it reused.</summary>
        Cached,
        Failed,
        Canceled,
    }
}
