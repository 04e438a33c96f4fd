using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlAlm.Core.Errors;
using MlAlm.Core.WebServices;
using MlAlm.Host.Endpoints;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MlAlm.Host.Batch
{
    /// <summary>
    /// Runs the workspace's batch jobs in the background, at most <see cref="HostOptions.BatchConcurrency"/>
    /// at a time. It looks for work when a job is submitted here and every poll interval (jobs
    /// submitted by other processes, and on start-up the jobs a stopped host left: Queued ones, and
    /// Running ones whose runner died, which run again from the start or are failed after
    /// <see cref="BatchJobService.MaxAttempts"/> tries). A host limited to an environment runs only
    /// the jobs of endpoints it serves. On shutdown a running job is put back in the queue, so the
    /// next host (or another replica) runs it.
    /// </summary>
    internal sealed class BatchWorker : BackgroundService
    {
        private readonly BatchJobService _jobs;
        private readonly EndpointRegistry _registry;
        private readonly HostOptions _options;
        private readonly ILogger<BatchWorker> _log;
        private readonly SemaphoreSlim _slots;
        private readonly SemaphoreSlim _wake = new SemaphoreSlim(0, int.MaxValue);
        private readonly ConcurrentDictionary<string, Task> _running = new ConcurrentDictionary<string, Task>(StringComparer.Ordinal);

        public BatchWorker(MlWorkspace workspace, EndpointRegistry registry, HostOptions options, ILogger<BatchWorker> log)
        {
            _jobs = new BatchJobService(workspace);
            _registry = registry;
            _options = options;
            _log = log;
            _slots = new SemaphoreSlim(options.BatchConcurrency, options.BatchConcurrency);
        }

        /// <summary>Looks for work now (after a submission).</summary>
        public void Wake() => _wake.Release();

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await StartPending(stoppingToken);
                    await _wake.WaitAsync(_options.PollIntervalMs, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            // Running jobs see the cancellation between batches and go back to the queue.
            await Task.WhenAll(_running.Values.ToArray());
        }

        private async Task StartPending(CancellationToken stoppingToken)
        {
            IReadOnlyList<MlBatchJob> pending;
            try
            {
                pending = await Task.Run(() => _jobs.Pending(stoppingToken), stoppingToken);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                _log.LogWarning("Could not list pending batch jobs: {Message}", e.Message);
                return;
            }
            foreach (var job in pending)
            {
                if (_running.ContainsKey(job.JobId)) continue;
                if (_options.Environment != null && _registry.Current.Find(job.WebService, job.Endpoint) == null) continue; // another host's job
                if (!_slots.Wait(0)) return; // all slots busy: look again when one frees up
                var task = Task.Run(() => RunOne(job, stoppingToken), CancellationToken.None);
                _running[job.JobId] = task;
                _ = task.ContinueWith(_ =>
                {
                    _running.TryRemove(job.JobId, out Task? _);
                    _slots.Release();
                    Wake();
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        private void RunOne(MlBatchJob job, CancellationToken stoppingToken)
        {
            try
            {
                _log.LogInformation("Batch job {Job} of {Service}/{Endpoint} starts ({Input}).", job.JobId, job.WebService, job.Endpoint, job.Input);
                var done = _jobs.Run(job.WebService, job.Endpoint, job.JobId, null, requeueOnCancellation: true, stoppingToken);
                if (done.Status == BatchJobStatus.Queued)
                    _log.LogInformation("Batch job {Job} goes back to the queue: the host is stopping.", job.JobId);
                else
                    _log.LogInformation("Batch job {Job} ended {Status} ({Rows} rows in the output){Error}.", job.JobId, done.Status, done.RowsScored, done.Error == null ? "" : ": " + done.Error.TrimEnd('.'));
            }
            catch (MlAlmException e) when (e.Kind == ErrorKind.Conflict || e.Kind == ErrorKind.NotFound)
            {
                // Another runner claimed it first, or it was removed: nothing to do here.
                _log.LogDebug("Batch job {Job} was not run here: {Message}", job.JobId, e.Message);
            }
            catch (Exception e)
            {
                _log.LogError("Batch job {Job} could not be run: {Message}", job.JobId, e.Message);
            }
        }
    }
}
