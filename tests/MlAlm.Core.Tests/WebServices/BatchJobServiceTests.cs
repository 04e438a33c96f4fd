using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using MlAlm.Core.Datasets;
using MlAlm.Core.Engine;
using MlAlm.Core.Errors;
using MlAlm.Core.Experiments;
using MlAlm.Core.Json;
using MlAlm.Core.Models;
using MlAlm.Core.Naming;
using MlAlm.Core.Runs;
using MlAlm.Core.Storage;
using MlAlm.Core.Tests.Support;
using MlAlm.Core.WebServices;
using MlAlm.Learning.Data;
using Xunit;
using Xunit.Abstractions;

namespace MlAlm.Core.Tests.WebServices
{
    public class BatchJobServiceTests
    {
        private const string Service = "churn";
        private const string Endpoint = "default";
        private const string TemplateData = "template-binary";

        private readonly ITestOutputHelper _output;

        public BatchJobServiceTests(ITestOutputHelper output) => _output = output;

        /// <summary>
        /// A workspace with web service 'churn': the BinaryClassification template run, its model
        /// and its normalization registered, and the service made from them.
        /// </summary>
        private static TempWorkspace NewWorkspace()
        {
            var temp = new TempWorkspace();
            new ExperimentService(temp.Workspace).CreateFromTemplate("demo", ExperimentTemplates.BinaryClassification, null);
            var run = new ExperimentEngine(temp.Workspace).Start("demo", false);
            new TrainedModelService(temp.Workspace).RegisterFromRun(run, "train", null, "churn-model", null, null);
            new TransformService(temp.Workspace).RegisterFromRun(run, "normalize", null, "churn-scaling", null, null);
            new WebServiceService(temp.Workspace).CreateFromModel(Service, new AssetSpec("churn-model", null), new[] { new AssetSpec("churn-scaling", null) }, null, null);
            return temp;
        }

        private static byte[] Export(TempWorkspace temp, string dataset, int version)
        {
            var file = new DatasetService(temp.Workspace).Export(dataset, version, Path.Combine(temp.Root, Guid.NewGuid().ToString("N")), overwrite: false);
            return File.ReadAllBytes(file.FullName);
        }

        /// <summary>What the endpoint's pipeline gives for the whole table, written as CSV.</summary>
        private static byte[] Expected(TempWorkspace temp, byte[] input)
        {
            var pipeline = new WebServiceService(temp.Workspace).LoadPipeline(Service, Endpoint);
            var table = DataTableReader.Read(new MemoryStream(input), ',', null, CancellationToken.None);
            var output = new MemoryStream();
            DataTableWriter.Write(pipeline.Score(table), output);
            return output.ToArray();
        }

        private static MemoryStream Utf8(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

        private sealed class Recorder : IProgress<long>
        {
            public List<long> Values { get; } = new List<long>();
            public Action<long>? Then { get; set; }

            public void Report(long value)
            {
                Values.Add(value);
                Then?.Invoke(value);
            }
        }

        private static void Rewrite(TempWorkspace temp, MlBatchJob job, Action<BatchJobDocument> change)
        {
            var store = temp.Workspace.Store;
            var key = BatchJobService.JobKey(job.WebService, job.Endpoint, job.JobId);
            var stored = store.GetDocument(key)!;
            var document = DocumentJson.Deserialize<BatchJobDocument>(stored.Content, key);
            change(document);
            store.ReplaceDocument(key, DocumentJson.Serialize(document), stored.ETag);
        }

        [Fact]
        public void Looking_for_pending_jobs_again_reads_only_the_jobs_that_changed()
        {
            using var temp = NewWorkspace();
            var workspace = MlAlm.Core.Tests.Storage.ObservedStore.Over(temp.Workspace, out var observed);
            var jobs = new BatchJobService(workspace);
            var done = jobs.Submit(Service, Endpoint, BatchInput.FromDataset(new AssetSpec(TemplateData, null)), null);
            Assert.Equal(BatchJobStatus.Finished, jobs.Run(Service, Endpoint, done.JobId, null).Status);
            var queued = jobs.Submit(Service, Endpoint, BatchInput.FromDataset(new AssetSpec(TemplateData, null)), null);
            var doneKey = BatchJobService.JobKey(Service, Endpoint, done.JobId);
            var queuedKey = BatchJobService.JobKey(Service, Endpoint, queued.JobId);

            int before = observed.DocumentsRead.Count;
            Assert.Equal(new[] { queued.JobId }, jobs.Pending().Select(j => j.JobId));
            Assert.Equal(new[] { doneKey, queuedKey }, observed.DocumentsRead.Skip(before).OrderBy(k => k, StringComparer.Ordinal));

            // Nothing changed: the listing says so, and no job is read (the queued one is still pending).
            before = observed.DocumentsRead.Count;
            Assert.Equal(new[] { queued.JobId }, jobs.Pending().Select(j => j.JobId));
            Assert.Empty(observed.DocumentsRead.Skip(before));

            // Another process runs the queued job: only that job is read again, and it is no longer pending.
            Assert.Equal(BatchJobStatus.Finished, new BatchJobService(temp.Workspace).Run(Service, Endpoint, queued.JobId, null).Status);
            before = observed.DocumentsRead.Count;
            Assert.Empty(jobs.Pending());
            Assert.Equal(new[] { queuedKey }, observed.DocumentsRead.Skip(before));

            // And once ended, neither is read again.
            before = observed.DocumentsRead.Count;
            Assert.Empty(jobs.Pending());
            Assert.Empty(observed.DocumentsRead.Skip(before));
        }

        [Fact]
        public void A_job_from_a_dataset_runs_into_a_new_version_of_the_output_dataset()
        {
            using var temp = NewWorkspace();
            var jobs = new BatchJobService(temp.Workspace);

            var job = jobs.Submit(Service, Endpoint, BatchInput.FromDataset(new AssetSpec(TemplateData, null)), null);
            Assert.Equal(BatchJobStatus.Queued, job.Status);
            Assert.Equal(job.JobId, BatchJobService.ValidateJobId(job.JobId));
            Assert.Equal("dataset template-binary:1", job.Input);
            Assert.Equal("churn-default-output", job.OutputDatasetName);
            Assert.Null(job.OutputDataset);
            Assert.Equal(1, job.EndpointRevision);
            Assert.Equal(job.JobId, jobs.Get(Service, Endpoint, job.JobId).JobId);
            Assert.Equal(new[] { job.JobId }, jobs.List(Service, Endpoint).Select(j => j.JobId));
            Assert.Equal(new[] { job.JobId }, jobs.Pending().Select(j => j.JobId));

            var progress = new Recorder();
            var ran = jobs.Run(Service, Endpoint, job.JobId, progress);
            Assert.True(ran.Status == BatchJobStatus.Finished, ran.Error);
            Assert.Equal(5000, ran.RowsScored);
            Assert.Equal(new AssetReference(AssetType.Dataset, "churn-default-output", 1), ran.OutputDataset);
            Assert.NotNull(ran.StartedUtc);
            Assert.True(ran.EndedUtc >= ran.StartedUtc);
            Assert.Null(ran.Error);
            Assert.Equal(5000, progress.Values.Last());
            Assert.Empty(jobs.Pending());

            var output = new DatasetService(temp.Workspace).Get("churn-default-output", 1);
            Assert.Equal(5000, output.RowCount);
            Assert.Equal(new[] { "Scored Labels", "Scored Probabilities" }, output.Columns.Select(c => c.Name));
            Assert.Contains(job.JobId, output.Description, StringComparison.Ordinal);
            Assert.Equal(Expected(temp, Export(temp, TemplateData, 1)), Export(temp, "churn-default-output", 1));

            // Running it again changes nothing.
            var again = jobs.Run(Service, Endpoint, job.JobId, null);
            Assert.Equal(BatchJobStatus.Finished, again.Status);
            Assert.Equal(1, new DatasetService(temp.Workspace).LatestVersion("churn-default-output"));
        }

        [Fact]
        public void A_job_from_uploaded_content_scores_in_batches_with_the_pipeline_pinned_at_submit()
        {
            using var temp = NewWorkspace();
            var jobs = new BatchJobService(temp.Workspace) { BatchRows = 700 };
            var data = Export(temp, TemplateData, 1);
            // Tab-separated, with a name that does not tell: the delimiter is sniffed.
            var tsv = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(data).Replace(',', '\t'));
            var input = jobs.UploadInput(new MemoryStream(tsv), "dir/customers.txt");
            Assert.Equal("customers.txt", input.FileName);

            var job = jobs.Submit(Service, Endpoint, input, "churn scores");
            Assert.StartsWith("upload customers.txt (sha256 ", job.Input, StringComparison.Ordinal);
            var expected = Encoding.UTF8.GetString(Expected(temp, data)).Replace(',', '\t');

            // Changing the endpoint after submit does not change what the job scores with.
            var revision = new WebServiceService(temp.Workspace).UpdateEndpoint(Service, Endpoint, null, Array.Empty<AssetSpec>(), null).Revision;
            Assert.Equal(2, revision);

            var progress = new Recorder();
            var ran = jobs.Run(Service, Endpoint, job.JobId, progress);
            Assert.True(ran.Status == BatchJobStatus.Finished, ran.Error);
            Assert.Equal(Enumerable.Range(1, 8).Select(b => Math.Min(5000L, b * 700L)), progress.Values);

            var output = new DatasetService(temp.Workspace).Get("churn scores", 1);
            Assert.Equal("tsv", output.Format);
            Assert.Equal(expected, Encoding.UTF8.GetString(Export(temp, "churn scores", 1)));
            Assert.NotEqual(expected, Encoding.UTF8.GetString(Expected(temp, data)).Replace(',', '\t')); // the endpoint now scores otherwise
        }

        [Fact]
        public void A_queued_job_is_canceled_at_once()
        {
            using var temp = NewWorkspace();
            var jobs = new BatchJobService(temp.Workspace);
            var job = jobs.Submit(Service, Endpoint, BatchInput.FromDataset(new AssetSpec(TemplateData, 1)), null);

            var canceled = jobs.Cancel(Service, Endpoint, job.JobId);
            Assert.Equal(BatchJobStatus.Canceled, canceled.Status);
            Assert.NotNull(canceled.EndedUtc);
            Assert.Empty(jobs.Pending());
            Assert.Equal(BatchJobStatus.Canceled, jobs.Run(Service, Endpoint, job.JobId, null).Status);
            Assert.Equal(BatchJobStatus.Canceled, jobs.Cancel(Service, Endpoint, job.JobId).Status);
            Assert.Null(new DatasetService(temp.Workspace).LatestVersion("churn-default-output"));
        }

        [Fact]
        public void A_running_job_sees_a_cancel_request_between_batches()
        {
            using var temp = NewWorkspace();
            var runner = new BatchJobService(temp.Workspace) { BatchRows = 500, CancelCheckInterval = TimeSpan.Zero };
            var job = runner.Submit(Service, Endpoint, BatchInput.FromDataset(new AssetSpec(TemplateData, null)), null);

            MlBatchJob? whileRunning = null;
            var progress = new Recorder
            {
                // Another process (another service instance) asks, once the first batch is done.
                Then = rows => whileRunning ??= new BatchJobService(temp.Workspace).Cancel(Service, Endpoint, job.JobId),
            };
            var ended = runner.Run(Service, Endpoint, job.JobId, progress);

            Assert.Equal(BatchJobStatus.Running, whileRunning!.Status);
            Assert.True(whileRunning.CancelRequested);
            Assert.Equal(BatchJobStatus.Canceled, ended.Status);
            _output.WriteLine(ended.Error);
            Assert.Contains("Canceled on request", ended.Error, StringComparison.Ordinal);
            Assert.True(progress.Values.Count < 10, $"{progress.Values.Count} batches were scored");
            Assert.Null(ended.OutputDataset);
            Assert.Null(new DatasetService(temp.Workspace).LatestVersion("churn-default-output"));
        }

        [Fact]
        public void Cancelling_the_runner_ends_the_job_Canceled_or_puts_it_back_in_the_queue()
        {
            using var temp = NewWorkspace();
            var jobs = new BatchJobService(temp.Workspace) { BatchRows = 500 };
            var first = jobs.Submit(Service, Endpoint, BatchInput.FromDataset(new AssetSpec(TemplateData, null)), null);
            var second = jobs.Submit(Service, Endpoint, BatchInput.FromDataset(new AssetSpec(TemplateData, null)), null);

            using (var cts = new CancellationTokenSource())
            {
                var canceled = jobs.Run(Service, Endpoint, first.JobId, new Recorder { Then = _ => cts.Cancel() }, cts.Token);
                Assert.Equal(BatchJobStatus.Canceled, canceled.Status);
                Assert.Contains("by the process running it", canceled.Error, StringComparison.Ordinal);
            }

            using (var cts = new CancellationTokenSource())
            {
                var requeued = jobs.Run(Service, Endpoint, second.JobId, new Recorder { Then = _ => cts.Cancel() }, requeueOnCancellation: true, cts.Token);
                Assert.Equal(BatchJobStatus.Queued, requeued.Status);
                Assert.Null(requeued.StartedUtc);
            }
            Assert.Equal(new[] { second.JobId }, jobs.Pending().Select(j => j.JobId));
            Assert.Equal(BatchJobStatus.Finished, jobs.Run(Service, Endpoint, second.JobId, null).Status);
            Assert.Equal(1, new DatasetService(temp.Workspace).LatestVersion("churn-default-output"));
        }

        [Fact]
        public void A_job_whose_runner_died_is_pending_and_runs_again_from_the_start()
        {
            using var temp = NewWorkspace();
            var jobs = new BatchJobService(temp.Workspace);
            var input = BatchInput.FromDataset(new AssetSpec(TemplateData, null));
            var deadProcess = jobs.Submit(Service, Endpoint, input, null);
            var staleHeartbeat = jobs.Submit(Service, Endpoint, input, null);
            var alive = jobs.Submit(Service, Endpoint, input, null);

            // A runner on this machine whose process is gone, one elsewhere that stopped beating, and this live process.
            Rewrite(temp, deadProcess, d =>
            {
                d.Status = BatchJobStatus.Running;
                d.Attempts = 1;
                d.Host = Environment.MachineName;
                d.ProcessId = int.MaxValue;
                d.HeartbeatUtc = DateTime.UtcNow;
                d.RunToken = "dead";
                d.RowsScored = 1234;
            });
            Rewrite(temp, staleHeartbeat, d =>
            {
                d.Status = BatchJobStatus.Running;
                d.Attempts = 1;
                d.Host = "another-machine";
                d.ProcessId = 42;
                d.HeartbeatUtc = DateTime.UtcNow - TimeSpan.FromMinutes(10);
                d.RunToken = "stale";
            });
            Rewrite(temp, alive, d =>
            {
                d.Status = BatchJobStatus.Running;
                d.Attempts = 1;
                d.Host = ProcessOwner.CurrentHost;
                d.ProcessId = ProcessOwner.CurrentProcessId;
                d.ProcessStartUtc = ProcessOwner.CurrentProcessStartUtc;
                d.HeartbeatUtc = DateTime.UtcNow;
                d.RunToken = "alive";
            });

            Assert.Equal(new[] { deadProcess.JobId, staleHeartbeat.JobId }.OrderBy(id => id, StringComparer.Ordinal),
                jobs.Pending().Select(j => j.JobId).OrderBy(id => id, StringComparer.Ordinal));
            var conflict = Assert.Throws<MlAlmException>(() => jobs.Run(Service, Endpoint, alive.JobId, null));
            Assert.Equal("BatchJobRunning", conflict.ErrorId);
            Assert.Equal(ErrorKind.Conflict, conflict.Kind);

            foreach (var pending in jobs.Pending())
            {
                var ran = jobs.Run(pending.WebService, pending.Endpoint, pending.JobId, null);
                Assert.True(ran.Status == BatchJobStatus.Finished, ran.Error);
                Assert.Equal(5000, ran.RowsScored);
            }
            Assert.Empty(jobs.Pending());
            var datasets = new DatasetService(temp.Workspace);
            Assert.Equal(2, datasets.LatestVersion("churn-default-output"));
            Assert.Equal(datasets.Get("churn-default-output", 1).ContentHash, datasets.Get("churn-default-output", 2).ContentHash);
        }

        [Fact]
        public void A_job_whose_runner_keeps_dying_is_failed_and_a_dead_one_is_canceled_at_once()
        {
            using var temp = NewWorkspace();
            var jobs = new BatchJobService(temp.Workspace);
            var input = BatchInput.FromDataset(new AssetSpec(TemplateData, null));
            var crashing = jobs.Submit(Service, Endpoint, input, null);
            var canceled = jobs.Submit(Service, Endpoint, input, null);
            foreach (var (job, cancel) in new[] { (crashing, false), (canceled, true) })
            {
                Rewrite(temp, job, d =>
                {
                    d.Status = BatchJobStatus.Running;
                    d.Attempts = BatchJobService.MaxAttempts;
                    d.Host = Environment.MachineName;
                    d.ProcessId = int.MaxValue;
                    d.HeartbeatUtc = DateTime.UtcNow;
                    d.CancelRequested = cancel;
                });
            }

            var orphan = jobs.Submit(Service, Endpoint, input, null);
            Rewrite(temp, orphan, d =>
            {
                d.Status = BatchJobStatus.Running;
                d.Attempts = 1;
                d.Host = "another-machine";
                d.HeartbeatUtc = DateTime.UtcNow - TimeSpan.FromHours(1);
            });
            var canceledAtOnce = jobs.Cancel(Service, Endpoint, orphan.JobId); // no runner is left to see a request
            Assert.Equal(BatchJobStatus.Canceled, canceledAtOnce.Status);
            Assert.Contains("had stopped", canceledAtOnce.Error, StringComparison.Ordinal);

            var failed = jobs.Run(Service, Endpoint, crashing.JobId, null);
            _output.WriteLine(failed.Error);
            Assert.Equal(BatchJobStatus.Failed, failed.Status);
            Assert.Contains($"started {BatchJobService.MaxAttempts} times", failed.Error, StringComparison.Ordinal);
            Assert.Equal(BatchJobStatus.Canceled, jobs.Run(Service, Endpoint, canceled.JobId, null).Status);
            Assert.Null(new DatasetService(temp.Workspace).LatestVersion("churn-default-output"));
        }

        [Theory]
        [InlineData("f1,f2,f3,f4,f5,f6,f7,f8\n1,2,3,4,5,6,7,8\n1,2,abc,4,5,6,7,8\n", "bad.csv, line 3: column 3 'f3' is Number in the schema but 'abc' is not a number")]
        [InlineData("f1,f2,f4,f5,f6,f7,f8\n1,2,4,5,6,7,8\n", "bad.csv, line 1: the header has no column 'f3' (Number)")]
        [InlineData("f1,f2,f3,f4,f5,f6,f7,f8\n1,2,3,4,5,6,7\n", "bad.csv, line 2: expected 8 fields but found 7")]
        [InlineData("", "bad.csv, line 1: the file is empty")]
        [InlineData("f1,f2,f3,f4,f5,f6,f7,f8\n1,2,3,4,5,6,7,\u0000\n", "not UTF-8 text")]
        public void A_bad_input_file_fails_the_job_with_an_error_that_names_the_problem(string content, string error)
        {
            using var temp = NewWorkspace();
            var jobs = new BatchJobService(temp.Workspace);
            var job = jobs.Submit(Service, Endpoint, jobs.UploadInput(Utf8(content), "bad.csv"), null);

            var failed = jobs.Run(Service, Endpoint, job.JobId, null);
            _output.WriteLine(failed.Error);
            Assert.Equal(BatchJobStatus.Failed, failed.Status);
            Assert.Contains(error, failed.Error, StringComparison.Ordinal);
            Assert.EndsWith("no output was written to dataset 'churn-default-output'.", failed.Error, StringComparison.Ordinal);
            Assert.Null(failed.OutputDataset);
            Assert.NotNull(failed.EndedUtc);
            Assert.Null(new DatasetService(temp.Workspace).LatestVersion("churn-default-output"));
            Assert.Empty(jobs.Pending());
        }

        [Fact]
        public void Names_ids_and_inputs_are_checked()
        {
            using var temp = NewWorkspace();
            var jobs = new BatchJobService(temp.Workspace);
            var input = BatchInput.FromDataset(new AssetSpec(TemplateData, null));

            Assert.Equal("InvalidBatchJobId", Assert.Throws<MlAlmException>(() => jobs.Get(Service, Endpoint, "../../services")).ErrorId);
            Assert.Equal("InvalidBatchJobId", Assert.Throws<MlAlmException>(() => jobs.Cancel(Service, Endpoint, "20250101-000000-000-xyz")).ErrorId);
            Assert.Equal("BatchJobNotFound", Assert.Throws<MlAlmException>(() => jobs.Get(Service, Endpoint, "20250101-000000-000-0123ABCD")).ErrorId);
            Assert.Equal("EndpointNotFound", Assert.Throws<MlAlmException>(() => jobs.Submit(Service, "nope", input, null)).ErrorId);
            Assert.Equal("EndpointNotFound", Assert.Throws<MlAlmException>(() => jobs.List(Service, "nope")).ErrorId);
            Assert.Equal("WebServiceNotFound", Assert.Throws<MlAlmException>(() => jobs.Get("nope", Endpoint, "20250101-000000-000-0123abcd")).ErrorId);
            Assert.Throws<InvalidNameException>(() => jobs.Submit(Service, "a/b", input, null));
            Assert.Throws<InvalidNameException>(() => jobs.Submit(Service, Endpoint, input, "bad/name"));
            Assert.Equal("DatasetVersionNotFound", Assert.Throws<MlAlmException>(() => jobs.Submit(Service, Endpoint, BatchInput.FromDataset(new AssetSpec(TemplateData, 9)), null)).ErrorId);
            Assert.Equal("DatasetNotFound", Assert.Throws<MlAlmException>(() => jobs.Submit(Service, Endpoint, BatchInput.FromDataset(new AssetSpec("nope", null)), null)).ErrorId);
            var missing = BatchInput.FromContent(ContentHash.Compute(new byte[] { 1, 2, 3 }), "x.csv");
            Assert.Equal("BatchInputNotFound", Assert.Throws<MlAlmException>(() => jobs.Submit(Service, Endpoint, missing, null)).ErrorId);
            Assert.Equal("InvalidFileName", Assert.Throws<MlAlmException>(() => jobs.UploadInput(Utf8("a\n1\n"), "dir/")).ErrorId);
            Assert.Empty(jobs.List(Service, Endpoint));
        }
    }
}
