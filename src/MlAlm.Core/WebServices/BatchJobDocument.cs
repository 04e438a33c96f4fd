using System;
using System.Collections.Generic;

namespace MlAlm.Core.WebServices
{
    /// <summary>
    /// The stored record of one batch job (key jobs/service/endpoint/jobId). The input (an exact
    /// dataset version or uploaded content, with its hash) and the endpoint's pipeline are pinned
    /// at submit; status, owner and progress are written as it runs. Only create-if-absent and
    /// replace-if-match write it, so a claim, a cancel request and a heartbeat never overwrite
    /// one another.
    /// </summary>
    internal sealed class BatchJobDocument
    {
        public int SchemaVersion { get; set; } = 1;
        public string JobId { get; set; } = string.Empty;
        public string Service { get; set; } = string.Empty;
        public string Endpoint { get; set; } = string.Empty;
        public BatchJobStatus Status { get; set; }
        public DateTime SubmittedUtc { get; set; }
        public string? SubmittedBy { get; set; }
        public DateTime? StartedUtc { get; set; }
        public DateTime? EndedUtc { get; set; }
        public long RowsScored { get; set; }

        public BatchInputDocument Input { get; set; } = new BatchInputDocument();

        /// <summary>The dataset the output becomes a new version of, and that version once published.</summary>
        public string OutputDataset { get; set; } = string.Empty;
        public int? OutputVersion { get; set; }

        /// <summary>The endpoint as it was at submit: its revision, pipeline and output columns.</summary>
        public int EndpointRevision { get; set; }
        public List<PipelineStepDocument> Pipeline { get; set; } = new List<PipelineStepDocument>();
        public List<string> OutputColumns { get; set; } = new List<string>();

        public bool CancelRequested { get; set; }

        /// <summary>How many times a runner claimed it (a job whose runner keeps dying is failed, not retried forever).</summary>
        public int Attempts { get; set; }

        /// <summary>The runner that owns it while Running, so a reader can tell a dead runner from a live one.</summary>
        public string? Host { get; set; }
        public int ProcessId { get; set; }
        public DateTime? ProcessStartUtc { get; set; }
        public DateTime HeartbeatUtc { get; set; }

        /// <summary>Unique per claim: a runner that finds another token has lost the job to another runner.</summary>
        public string? RunToken { get; set; }

        public string? Error { get; set; }
    }

    internal sealed class BatchInputDocument
    {
        /// <summary>dataset or upload.</summary>
        public string Kind { get; set; } = string.Empty;
        public string? DatasetName { get; set; }
        public int? DatasetVersion { get; set; }
        public string ContentSha256 { get; set; } = string.Empty;

        /// <summary>The file the data came from (the dataset's source file, or the upload's name), for messages.</summary>
        public string? FileName { get; set; }

        /// <summary>The field separator: "," or "\t" (or ";" sniffed from an upload).</summary>
        public string Delimiter { get; set; } = ",";
    }
}
