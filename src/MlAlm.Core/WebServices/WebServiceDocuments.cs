using System;
using System.Collections.Generic;
using MlAlm.Core.Models;

namespace MlAlm.Core.WebServices
{
    /// <summary>The stored record of a web service (key services/name/service): what it takes and returns.</summary>
    internal sealed class WebServiceDocument
    {
        public int SchemaVersion { get; set; } = 1;
        public Guid Id { get; set; }
        public string Name { get; set; } = string.Empty;
        public string? Description { get; set; }
        public DateTime CreatedUtc { get; set; }
        public DateTime ModifiedUtc { get; set; }

        /// <summary>How it was made: TrainedModel, Experiment, Run or Definition, with the experiment and run when known.</summary>
        public string SourceKind { get; set; } = string.Empty;
        public string? SourceExperiment { get; set; }
        public int? SourceRunId { get; set; }

        public List<ColumnDocument> InputSchema { get; set; } = new List<ColumnDocument>();
        public List<ColumnDocument> OutputSchema { get; set; } = new List<ColumnDocument>();
    }

    /// <summary>
    /// The stored record of one endpoint (key services/service/endpoints/name): a point-in-time copy
    /// of the pipeline (exact asset versions and their content hashes), its keys and limits. The
    /// revision goes up on every change, so a host can tell it must recompile.
    /// </summary>
    internal sealed class EndpointDocument
    {
        public int SchemaVersion { get; set; } = 1;
        public string Service { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public string? Environment { get; set; }
        public int MaxConcurrentCalls { get; set; }
        public string PrimaryKey { get; set; } = string.Empty;
        public string SecondaryKey { get; set; } = string.Empty;
        public int Revision { get; set; }
        public DateTime CreatedUtc { get; set; }
        public DateTime ModifiedUtc { get; set; }
        public List<PipelineStepDocument> Pipeline { get; set; } = new List<PipelineStepDocument>();
        public List<string> OutputColumns { get; set; } = new List<string>();
    }

    /// <summary>One step of a pipeline: a transform or the trained model, pinned to an exact version and its content.</summary>
    internal sealed class PipelineStepDocument
    {
        public AssetType Type { get; set; }
        public string Name { get; set; } = string.Empty;
        public int Version { get; set; }
        public string ContentSha256 { get; set; } = string.Empty;
    }
}
