using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using MlAlm.Core.Graphs;
using MlAlm.Core.Storage;

namespace MlAlm
{
    /// <summary>An experiment: a named, editable graph of modules.</summary>
    public sealed class MlExperiment
    {
        internal MlExperiment(MlWorkspace workspace, Guid id, string name, string? description, DateTime createdUtc, DateTime modifiedUtc, ExperimentGraph graph, ETag eTag)
        {
            Workspace = workspace;
            Id = id;
            Name = name;
            Description = description;
            CreatedUtc = createdUtc;
            ModifiedUtc = modifiedUtc;
            Graph = graph;
            ETag = eTag;
            Nodes = graph.Nodes.OrderBy(n => n.Id, StringComparer.Ordinal).Select(n => new MlExperimentNode(this, n, graph)).ToList();
            UserAssets = graph.AssetReferences();
        }

        public string Name { get; }
        public Guid Id { get; }
        public string? Description { get; }
        public int NodeCount => Nodes.Count;
        public int EdgeCount => Graph.Edges.Count;
        public IReadOnlyList<MlExperimentNode> Nodes { get; }

        /// <summary>The dataset, trained model and transform versions the graph uses.</summary>
        public IReadOnlyList<AssetReference> UserAssets { get; }

        public DateTime CreatedUtc { get; }
        public DateTime ModifiedUtc { get; }
        public MlWorkspace Workspace { get; }

        internal ExperimentGraph Graph { get; }
        internal ETag ETag { get; }

        public override string ToString() => Name;
    }

    /// <summary>One node of an experiment, with its explicit parameters and the edges feeding it.</summary>
    public sealed class MlExperimentNode
    {
        internal MlExperimentNode(MlExperiment experiment, GraphNode node, ExperimentGraph graph)
        {
            ExperimentName = experiment.Name;
            Workspace = experiment.Workspace;
            NodeId = node.Id;
            Module = node.Module;
            Comment = node.Comment;
            Parameters = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var p in node.Parameters) Parameters[p.Key] = p.Value is string[] list ? (object)list.Clone() : p.Value;
            Inputs = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var edge in graph.Edges.Where(e => string.Equals(e.To.NodeId, node.Id, StringComparison.OrdinalIgnoreCase)).OrderBy(e => e.To.Port, StringComparer.Ordinal))
                Inputs[edge.To.Port] = edge.From.ToString();
        }

        /// <summary>The experiment's name; binds to -Experiment by property name.</summary>
        public string ExperimentName { get; }

        public string NodeId { get; }
        public string Module { get; }

        /// <summary>Parameters set explicitly (the module's defaults fill in the rest).</summary>
        public Hashtable Parameters { get; }

        /// <summary>Input port -> 'node.port' feeding it.</summary>
        public Hashtable Inputs { get; }

        public string? Comment { get; }
        public MlWorkspace Workspace { get; }

        public override string ToString() => ExperimentName + "/" + NodeId;
    }
}
