using System;
using System.Collections.Generic;
using System.Linq;

namespace MlAlm.Core.Graphs
{
    /// <summary>An experiment's nodes and edges. Order in memory carries no meaning; the JSON writer sorts.</summary>
    public sealed class ExperimentGraph
    {
        public const int CurrentSchemaVersion = 1;

        public List<GraphNode> Nodes { get; } = new List<GraphNode>();
        public List<GraphEdge> Edges { get; } = new List<GraphEdge>();

        public GraphNode? FindNode(string id) =>
            Nodes.FirstOrDefault(n => string.Equals(n.Id, id, StringComparison.OrdinalIgnoreCase));

        /// <summary>The edge feeding an input port, if any.</summary>
        public GraphEdge? EdgeInto(string nodeId, string port) =>
            Edges.FirstOrDefault(e => e.To.Equals(new PortAddress(nodeId, port)));

        /// <summary>Every asset version the graph names, once each, in a stable order.</summary>
        public IReadOnlyList<AssetReference> AssetReferences() =>
            Nodes.SelectMany(n => n.Parameters.Values.OfType<AssetReference>())
                 .Distinct()
                 .OrderBy(a => a.Type).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.Version)
                 .ToList();

        public ExperimentGraph Clone()
        {
            var copy = new ExperimentGraph();
            copy.Nodes.AddRange(Nodes.Select(n => n.Clone()));
            copy.Edges.AddRange(Edges);
            return copy;
        }
    }
}
