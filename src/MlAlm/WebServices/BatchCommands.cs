using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Threading;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Datasets;
using MlAlm.Core.WebServices;
using MlAlm.Core.WebServices.Client;

namespace MlAlm.Commands.WebServices
{
    /// <summary>
    /// Submits a batch (BES) job to the scoring host serving the endpoint: a dataset version or a
    /// CSV file, scored into a new dataset version. Waits with progress (up to -TimeoutSec) unless
    /// -NoWait; with -OutputPath the scored rows are also written to a file.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "MlBesEndpoint", SupportsShouldProcess = true, DefaultParameterSetName = DatasetSet)]
    [Alias("Invoke-MlWebServiceBesEndpoint")]
    [OutputType(typeof(MlBatchJob))]
    public sealed class InvokeMlBesEndpointCommand : MlCmdlet
    {
        private const string DatasetSet = "InputDataset";
        private const string PathSet = "InputPath";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MlWebServiceEndpoint? Endpoint { get; set; }

        /// <summary>A dataset of the endpoint's workspace: 'name' (latest), 'name:version' or the object.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DatasetSet)]
        [AssetSpecTransformation]
        [ValidateNotNullOrEmpty]
        public string InputDataset { get; set; } = string.Empty;

        /// <summary>A CSV file, uploaded to the host.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string InputPath { get; set; } = string.Empty;

        /// <summary>The dataset that receives the scores as a new version; '&lt;service&gt;-&lt;endpoint&gt;-output' when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutputDataset { get; set; }

        /// <summary>Also write the scored rows to this file once the job finishes.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutputPath { get; set; }

        /// <summary>Return the queued job at once instead of waiting.</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        /// <summary>How long to wait for the job (default 600 s); the job keeps running when the wait ends.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; } = 600;

        protected override void ProcessRecord()
        {
            var endpoint = Endpoint!;
            var source = ParameterSetName == PathSet ? InputPath : "dataset " + InputDataset;
            if (!ShouldProcess($"endpoint '{endpoint}'", $"Score {source} in batch")) return;
            TryRun(() =>
            {
                var url = endpoint.Url ?? throw new Core.Errors.MlAlmException("HostNotRunning", Core.Errors.ErrorKind.Unavailable,
                    $"No scoring host serving endpoint '{endpoint}' runs on this machine; start one with Start-MlWebServiceHost.", endpoint);
                string jobId;
                using (var client = new BatchClient())
                {
                    var jobs = BatchClient.JobsUri(url);
                    jobId = ParameterSetName == PathSet
                        ? client.SubmitFile(jobs, endpoint.PrimaryKey, SessionState.Path.GetUnresolvedProviderPathFromPSPath(InputPath), OutputDataset, CancellationToken)
                        : client.SubmitDataset(jobs, endpoint.PrimaryKey, InputDataset, OutputDataset, CancellationToken);
                }
                var service = new BatchJobService(endpoint.Workspace);
                var job = service.Get(endpoint.WebService, endpoint.Name, jobId, CancellationToken);
                if (!NoWait) job = Wait(service, job);
                if (OutputPath != null && job.Status == BatchJobStatus.Finished && job.OutputDataset != null)
                    new DatasetService(endpoint.Workspace).Export(job.OutputDataset.Name, job.OutputDataset.Version,
                        SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutputPath), overwrite: true, CancellationToken);
                WriteObject(job);
                if (job.Status == BatchJobStatus.Failed)
                    WriteError(new ErrorRecord(new Core.Errors.MlAlmException("BatchJobFailed", Core.Errors.ErrorKind.InvalidData, $"Batch job {job.JobId} failed: {job.Error}"),
                        "BatchJobFailed", ErrorCategory.InvalidResult, job));
            }, endpoint);
        }

        private MlBatchJob Wait(BatchJobService service, MlBatchJob job)
        {
            var clock = Stopwatch.StartNew();
            var progress = new ProgressRecord(4, "Invoke-MlBesEndpoint", $"Batch job {job.JobId}");
            while (job.Status == BatchJobStatus.Queued || job.Status == BatchJobStatus.Running)
            {
                if (clock.Elapsed.TotalSeconds > TimeoutSec)
                {
                    WriteWarning($"Batch job {job.JobId} is still {job.Status} after {TimeoutSec} s; it keeps running. Follow it with Get-MlBatchJob.");
                    break;
                }
                progress.StatusDescription = $"{job.Status}: {job.RowsScored:N0} rows scored, {clock.Elapsed.TotalSeconds:N0} s";
                WriteProgress(progress);
                CancellationToken.WaitHandle.WaitOne(500);
                CancellationToken.ThrowIfCancellationRequested();
                job = service.Get(job.WebService, job.Endpoint, job.JobId, CancellationToken);
            }
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
            return job;
        }
    }

    /// <summary>Lists an endpoint's batch jobs (newest first), or gets one.</summary>
    [Cmdlet(VerbsCommon.Get, "MlBatchJob")]
    [OutputType(typeof(MlBatchJob))]
    public sealed class GetMlBatchJobCommand : EndpointCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JobId { get; set; }

        protected override void ProcessRecord()
        {
            var jobs = new BatchJobService(EndpointWorkspace);
            TryRun(() =>
            {
                if (JobId != null) WriteObject(jobs.Get(ServiceName, EndpointName, JobId, CancellationToken));
                else WriteObject(jobs.List(ServiceName, EndpointName, CancellationToken), enumerateCollection: true);
            }, Target);
        }
    }

    /// <summary>Cancels a batch job: a queued one at once, a running one between batches.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "MlBatchJob", SupportsShouldProcess = true)]
    [OutputType(typeof(MlBatchJob))]
    public sealed class StopMlBatchJobCommand : EndpointCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string JobId { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"batch job {JobId} of '{Target}'", "Cancel")) return;
            TryRun(() => WriteObject(new BatchJobService(EndpointWorkspace).Cancel(ServiceName, EndpointName, JobId, CancellationToken)), JobId);
        }
    }
}
