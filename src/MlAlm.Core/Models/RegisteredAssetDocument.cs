using System;
using System.Collections.Generic;

namespace MlAlm.Core.Models
{
    /// <summary>The stored record of one trained model or transform version (models/name/N, transforms/name/N).</summary>
    internal sealed class RegisteredAssetDocument
    {
        public int SchemaVersion { get; set; } = 1;
        public string Name { get; set; } = string.Empty;
        public int Version { get; set; }
        public string? Description { get; set; }
        public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();
        public DateTime CreatedUtc { get; set; }
        public string? CreatedBy { get; set; }
        public string ContentSha256 { get; set; } = string.Empty;
        public long ContentLength { get; set; }

        /// <summary>What the package holds: learner and task for a model, transform kind for a transform.</summary>
        public string? Learner { get; set; }
        public string? Task { get; set; }
        public string? LabelColumn { get; set; }
        public string? TransformKind { get; set; }

        /// <summary>The columns it reads, with their types (the input schema a web service will check).</summary>
        public List<ColumnDocument> Columns { get; set; } = new List<ColumnDocument>();

        public Dictionary<string, double> Metrics { get; set; } = new Dictionary<string, double>();
        public LineageDocument? Lineage { get; set; }
        public string? SourceFileName { get; set; }
    }

    internal sealed class ColumnDocument
    {
        public string Name { get; set; } = string.Empty;
        public string Type { get; set; } = string.Empty;
    }

    internal sealed class LineageDocument
    {
        public string Experiment { get; set; } = string.Empty;
        public Guid ExperimentId { get; set; }
        public int RunId { get; set; }
        public string NodeId { get; set; } = string.Empty;
        public string Port { get; set; } = string.Empty;
        public List<AssetReferenceDocument> Datasets { get; set; } = new List<AssetReferenceDocument>();

        /// <summary>
        /// Set when the asset was copied from another workspace: the experiment, run and dataset
        /// versions above are that workspace's, not this one's. Null for lineage recorded here.
        /// </summary>
        public Guid? WorkspaceId { get; set; }
        public string? Workspace { get; set; }
    }

    internal sealed class AssetReferenceDocument
    {
        public string Name { get; set; } = string.Empty;
        public int Version { get; set; }
    }
}
