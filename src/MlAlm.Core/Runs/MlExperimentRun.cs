using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using MlAlm.Core.Graphs;

namespace MlAlm
{
    /// <summary>One run of an experiment: read-only history.</summary>
    public sealed class MlExperimentRun
    {
        internal MlExperimentRun(MlWorkspace workspace, string experiment, Guid experimentId, int runId, RunStatus status,
            DateTime submittedUtc, DateTime? endedUtc, string? submittedBy, bool noCache, string? error,
            IReadOnlyList<AssetReference> assets, IReadOnlyList<MlRunNode> nodes, ExperimentGraph graph)
        {
            Workspace = workspace;
            Experiment = experiment;
            ExperimentId = experimentId;
            RunId = runId;
            Status = status;
            SubmittedUtc = submittedUtc;
            EndedUtc = endedUtc;
            SubmittedBy = submittedBy;
            NoCache = noCache;
            Error = error;
            Assets = assets;
            Nodes = nodes;
            Graph = graph;
            Metrics = CollectMetrics(nodes);
        }

        /// <summary>The experiment's name; binds to -Experiment by property name.</summary>
        public string Experiment { get; }

        public Guid ExperimentId { get; }
        public int RunId { get; }
        public RunStatus Status { get; }
        public DateTime SubmittedUtc { get; }
        public DateTime? EndedUtc { get; }
        public TimeSpan? Duration => EndedUtc.HasValue ? EndedUtc.Value - SubmittedUtc : (TimeSpan?)null;
        public string? SubmittedBy { get; }
        public bool NoCache { get; }

        /// <summary>Why the run failed, naming the node.</summary>
        public string? Error { get; }

        /// <summary>The exact asset versions the run used.</summary>
        public IReadOnlyList<AssetReference> Assets { get; }

        public IReadOnlyList<MlRunNode> Nodes { get; }

        /// <summary>Metrics of the run's evaluation nodes: 'metric', or 'node.metric' when several nodes report.</summary>
        public OrderedDictionary Metrics { get; }

        public MlWorkspace Workspace { get; }

        internal ExperimentGraph Graph { get; }

        public override string ToString() => Experiment + "#" + RunId;

        private static OrderedDictionary CollectMetrics(IReadOnlyList<MlRunNode> nodes)
        {
            var reporting = nodes.Where(n => n.Metrics.Count > 0).ToList();
            var metrics = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var node in reporting)
                foreach (System.Collections.DictionaryEntry m in node.Metrics)
                    metrics[reporting.Count == 1 ? (string)m.Key : node.NodeId + "." + m.Key] = m.Value;
            return metrics;
        }
    }

    /// <summary>What one node did in a run.</summary>
    public sealed class MlRunNode
    {
        internal MlRunNode(string experiment, int runId, string nodeId, string module, NodeStatus status, DateTime? startedUtc,
            TimeSpan? duration, IReadOnlyList<MlRunOutput> outputs, OrderedDictionary metrics, IReadOnlyList<string> log, string? error)
        {
            Experiment = experiment;
            RunId = runId;
            NodeId = nodeId;
            Module = module;
            Status = status;
            StartedUtc = startedUtc;
            Duration = duration;
            Outputs = outputs;
            Metrics = metrics;
            Log = log;
            Error = error;
        }

        public string Experiment { get; }
        public int RunId { get; }
        public string NodeId { get; }
        public string Module { get; }
        public NodeStatus Status { get; }
        public DateTime? StartedUtc { get; }
        public TimeSpan? Duration { get; }
        public IReadOnlyList<MlRunOutput> Outputs { get; }
        public OrderedDictionary Metrics { get; }
        public IReadOnlyList<string> Log { get; }
        public string? Error { get; }

        public override string ToString() => NodeId + " (" + Status + ")";
    }

    /// <summary>One output port's stored value.</summary>
    public sealed class MlRunOutput
    {
        internal MlRunOutput(string port, PortType type, string contentHash, long size, int? rows, int? columns)
        {
            Port = port;
            Type = type;
            ContentHash = contentHash;
            Size = size;
            Rows = rows;
            Columns = columns;
        }

        public string Port { get; }
        public PortType Type { get; }
        public string ContentHash { get; }
        public long Size { get; }
        public int? Rows { get; }
        public int? Columns { get; }

        public override string ToString() => Port + " (" + Type + ")";
    }
}
