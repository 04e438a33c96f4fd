using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;

namespace MlAlm
{
    /// <summary>One version of a registered trained model: what it predicts, from what, how well, and where it came from.</summary>
    public sealed class MlTrainedModel
    {
        internal MlTrainedModel(MlWorkspace workspace, string name, int version, string? description, string learner, string task, string? labelColumn,
            IReadOnlyList<MlDatasetColumn> inputColumns, OrderedDictionary metrics, MlLineage? lineage, Hashtable tags,
            string contentHash, long size, DateTime createdUtc, string? createdBy)
        {
            Workspace = workspace;
            Name = name;
            Version = version;
            Description = description;
            Learner = learner;
            Task = task;
            LabelColumn = labelColumn;
            InputColumns = inputColumns;
            Metrics = metrics;
            Lineage = lineage;
            Tags = tags;
            ContentHash = contentHash;
            Size = size;
            CreatedUtc = createdUtc;
            CreatedBy = createdBy;
        }

        public string Name { get; }
        public int Version { get; }
        public string? Description { get; }

        /// <summary>LinearRegression, LogisticRegression or BoostedDecisionTree.</summary>
        public string Learner { get; }

        /// <summary>Regression or BinaryClassification.</summary>
        public string Task { get; }

        public string? LabelColumn { get; }

        /// <summary>The columns the model reads and their types.</summary>
        public IReadOnlyList<MlDatasetColumn> InputColumns { get; }

        /// <summary>The metrics of the run it came from.</summary>
        public OrderedDictionary Metrics { get; }

        /// <summary>The run, node and dataset versions it came from; null for a model registered from a file.</summary>
        public MlLineage? Lineage { get; }

        public Hashtable Tags { get; }
        public string ContentHash { get; }
        public long Size { get; }
        public DateTime CreatedUtc { get; }
        public string? CreatedBy { get; }
        public MlWorkspace Workspace { get; }

        public AssetReference ToReference() => new AssetReference(AssetType.TrainedModel, Name, Version);

        public override string ToString() => Name + ":" + Version;
    }

    /// <summary>One version of a registered transform.</summary>
    public sealed class MlTransform
    {
        internal MlTransform(MlWorkspace workspace, string name, int version, string? description, string kind, IReadOnlyList<MlDatasetColumn> columns,
            MlLineage? lineage, Hashtable tags, string contentHash, long size, DateTime createdUtc, string? createdBy)
        {
            Workspace = workspace;
            Name = name;
            Version = version;
            Description = description;
            Kind = kind;
            Columns = columns;
            Lineage = lineage;
            Tags = tags;
            ContentHash = contentHash;
            Size = size;
            CreatedUtc = createdUtc;
            CreatedBy = createdBy;
        }

        public string Name { get; }
        public int Version { get; }
        public string? Description { get; }

        /// <summary>CleanMissingData or NormalizeData.</summary>
        public string Kind { get; }

        /// <summary>The columns it changes and their types.</summary>
        public IReadOnlyList<MlDatasetColumn> Columns { get; }

        public MlLineage? Lineage { get; }
        public Hashtable Tags { get; }
        public string ContentHash { get; }
        public long Size { get; }
        public DateTime CreatedUtc { get; }
        public string? CreatedBy { get; }
        public MlWorkspace Workspace { get; }

        public AssetReference ToReference() => new AssetReference(AssetType.Transform, Name, Version);

        public override string ToString() => Name + ":" + Version;
    }

    /// <summary>Where a registered asset came from.</summary>
    public sealed class MlLineage
    {
        internal MlLineage(string experiment, Guid experimentId, int runId, string nodeId, string port, IReadOnlyList<AssetReference> datasets,
            Guid? workspaceId, string? workspace)
        {
            WorkspaceId = workspaceId;
            Workspace = workspace;
            Experiment = experiment;
            ExperimentId = experimentId;
            RunId = runId;
            NodeId = nodeId;
            Port = port;
            Datasets = datasets;
        }

        public string Experiment { get; }
        public Guid ExperimentId { get; }
        public int RunId { get; }
        public string NodeId { get; }
        public string Port { get; }

        /// <summary>The dataset versions upstream of the node in that run.</summary>
        public IReadOnlyList<AssetReference> Datasets { get; }

        /// <summary>
        /// For an asset copied from another workspace, that workspace's id and location: the
        /// experiment, run and dataset versions are found there. Null when they are in the
        /// asset's own workspace.
        /// </summary>
        public Guid? WorkspaceId { get; }
        public string? Workspace { get; }

        public override string ToString() =>
            $"{Experiment}#{RunId} {NodeId}.{Port}" + (Workspace == null ? string.Empty : " in " + Workspace);
    }
}
