using System;

namespace MlAlm
{
    /// <summary>Where a batch job is: Queued, then Running, then Finished, Failed or Canceled.</summary>
    public enum BatchJobStatus
    {
        Queued,
        Running,
        Finished,
        Failed,
        Canceled,
    }

    /// <summary>
    /// A batch scoring (BES) job of a web service endpoint: its input, its state and, once
    /// finished, the dataset version that holds its scores.
    /// </summary>
    public sealed class MlBatchJob
    {
        internal MlBatchJob(MlWorkspace workspace, string jobId, string webService, string endpoint, BatchJobStatus status,
            DateTime submittedUtc, DateTime? startedUtc, DateTime? endedUtc, long rowsScored, string input, string outputDatasetName,
            AssetReference? outputDataset, int endpointRevision, bool cancelRequested, string? error)
        {
            Workspace = workspace;
            JobId = jobId;
            WebService = webService;
            Endpoint = endpoint;
            Status = status;
            SubmittedUtc = submittedUtc;
            StartedUtc = startedUtc;
            EndedUtc = endedUtc;
            RowsScored = rowsScored;
            Input = input;
            OutputDatasetName = outputDatasetName;
            OutputDataset = outputDataset;
            EndpointRevision = endpointRevision;
            CancelRequested = cancelRequested;
            Error = error;
        }

        /// <summary>Sortable and unique within its endpoint: the UTC submit time, then random hex (e.g. 20250314-093015-123-9f3a1c2b).</summary>
        public string JobId { get; }

        public string WebService { get; }
        public string Endpoint { get; }
        public BatchJobStatus Status { get; }
        public DateTime SubmittedUtc { get; }

        /// <summary>When the last attempt started; null while Queued.</summary>
        public DateTime? StartedUtc { get; }

        public DateTime? EndedUtc { get; }

        /// <summary>Rows scored so far (while Running, as of the last heartbeat), or in all once Finished.</summary>
        public long RowsScored { get; }

        /// <summary>What is scored, e.g. "dataset churn-scoring:3" or "upload customers.csv (sha256 3f2a...)".</summary>
        public string Input { get; }

        /// <summary>The dataset the scores go to, as a new version.</summary>
        public string OutputDatasetName { get; }

        /// <summary>The dataset version that holds the scores, once Finished; null before and otherwise.</summary>
        public AssetReference? OutputDataset { get; }

        /// <summary>The endpoint's revision at submit time: the pipeline the job scores with was pinned then.</summary>
        public int EndpointRevision { get; }

        /// <summary>Someone asked to cancel it while it was running; the runner stops at its next check.</summary>
        public bool CancelRequested { get; }

        /// <summary>Why it Failed (or what stopped it); null otherwise.</summary>
        public string? Error { get; }

        public MlWorkspace Workspace { get; }

        /// <summary>The endpoint's name again, under the name that binds to -Name of Get-MlBatchJob and Stop-MlBatchJob when a job is piped.</summary>
        public string EndpointName => Endpoint;

        public override string ToString() => WebService + "/" + Endpoint + "/" + JobId;
    }
}
