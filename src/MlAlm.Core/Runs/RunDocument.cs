using System;
using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace MlAlm.Core.Runs
{
    /// <summary>
    /// The stored record of one run (key runs/experiment/0000000007). The graph and the asset
    /// versions (with their content hashes) are frozen when it is submitted; node status and
    /// outputs are written as it goes; it is sealed when the status leaves Running.
    /// </summary>
    internal sealed class RunDocument
    {
        public int SchemaVersion { get; set; } = 1;
        public int RunId { get; set; }
        public string Experiment { get; set; } = string.Empty;
        public Guid ExperimentId { get; set; }
        public RunStatus Status { get; set; }
        public DateTime SubmittedUtc { get; set; }
        public DateTime? EndedUtc { get; set; }
        public string? SubmittedBy { get; set; }
        public bool NoCache { get; set; }

        /// <summary>Which process runs it, so a reader can tell a run whose process died from one in progress.</summary>
        public string? Host { get; set; }
        public int ProcessId { get; set; }
        public DateTime HeartbeatUtc { get; set; }

        /// <summary>The frozen graph, in the graph file format.</summary>
        public JObject Graph { get; set; } = new JObject();

        public List<RunAssetDocument> Assets { get; set; } = new List<RunAssetDocument>();
        public List<RunNodeDocument> Nodes { get; set; } = new List<RunNodeDocument>();
        public string? Error { get; set; }
    }

    internal sealed class RunAssetDocument
    {
        public AssetType Type { get; set; }
        public string Name { get; set; } = string.Empty;
        public int Version { get; set; }
        public string ContentSha256 { get; set; } = string.Empty;
    }

    internal sealed class RunNodeDocument
    {
        public string Id { get; set; } = string.Empty;
        public string Module { get; set; } = string.Empty;
        public NodeStatus Status { get; set; }
        public DateTime? StartedUtc { get; set; }
        public double? DurationSeconds { get; set; }
        public Dictionary<string, RunOutputDocument> Outputs { get; set; } = new Dictionary<string, RunOutputDocument>();
        public Dictionary<string, double> Metrics { get; set; } = new Dictionary<string, double>();
        public List<string> Log { get; set; } = new List<string>();
        public string? Error { get; set; }
    }

    internal sealed class RunOutputDocument
    {
        public PortType Type { get; set; }
        public string Sha256 { get; set; } = string.Empty;
        public long Length { get; set; }
        public int? Rows { get; set; }
        public int? Columns { get; set; }
    }
}
