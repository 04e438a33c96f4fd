namespace MlAlm.Core.Graphs
{
    /// <summary>What a graph file holds: the graph and the experiment's name and description.</summary>
    public sealed class GraphDocument
    {
        public GraphDocument(string? name, string? description, ExperimentGraph graph)
        {
            Name = name;
            Description = description;
            Graph = graph;
        }

        public string? Name { get; }
        public string? Description { get; }
        public ExperimentGraph Graph { get; }
    }
}
