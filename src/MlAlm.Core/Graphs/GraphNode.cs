using System;
using System.Collections.Generic;

namespace MlAlm.Core.Graphs
{
    /// <summary>A step of an experiment: a module with parameter values. Parameters hold only what was set explicitly.</summary>
    public sealed class GraphNode
    {
        public GraphNode(string id, string module)
        {
            Id = id;
            Module = module;
        }

        public string Id { get; set; }
        public string Module { get; set; }

        /// <summary>Canonical values: string, long, double, bool, string[] or AssetReference.</summary>
        public SortedDictionary<string, object> Parameters { get; } = new SortedDictionary<string, object>(StringComparer.Ordinal);

        public string? Comment { get; set; }

        public GraphNode Clone()
        {
            var copy = new GraphNode(Id, Module) { Comment = Comment };
            foreach (var p in Parameters) copy.Parameters[p.Key] = p.Value is string[] list ? (string[])list.Clone() : p.Value;
            return copy;
        }
    }

    /// <summary>Data flowing from an output port to an input port.</summary>
    public sealed class GraphEdge
    {
        public GraphEdge(PortAddress from, PortAddress to)
        {
            From = from;
            To = to;
        }

        public PortAddress From { get; }
        public PortAddress To { get; }

        public override string ToString() => From + " -> " + To;
    }
}
