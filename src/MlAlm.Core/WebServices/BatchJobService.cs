using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Threading;
using MlAlm.Core.Datasets;
using MlAlm.Core.Errors;
using MlAlm.Core.Json;
using MlAlm.Core.Naming;
using MlAlm.Core.Runs;
using MlAlm.Core.Storage;
using MlAlm.Learning.Data;
using MlAlm.Learning.Scoring;

namespace MlAlm.Core.WebServices
{
    /// <summary>
    /// Batch scoring (BES) jobs of web service endpoints, kept in the workspace store (key
    /// jobs/service/endpoint/jobId) so that they outlive the process that submitted or ran them.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A job is submitted Queued with its input pinned (a dataset resolved to an exact version, or
    /// uploaded content, by hash) and the endpoint's pipeline as it is at that moment. A runner
    /// (<see cref="Run(string, string, string, IProgress{long}, CancellationToken)"/>, usually a
    /// host) claims it with a replace-if-match, so two runners never both run it; it records
    /// itself as the owner (host, process, heartbeat), streams the input through
    /// <see cref="BatchScorer"/> into a temporary file, stores that as content and registers it as
    /// a new version of the output dataset, and ends the job Finished, Failed (with an error that
    /// names the problem) or Canceled.
    /// </para>
    /// <para>
    /// Output is published only at the very end, so a job whose runner died can be run again
    /// from the start: <see cref="Pending"/> lists Queued jobs and Running jobs whose owner is dead
    /// (by the rule of <see cref="ProcessOwner"/>), and <c>Run</c> claims those too. A job whose
    /// runner died <see cref="MaxAttempts"/> times is failed instead of being tried again.
    /// </para>
    /// </remarks>
    public sealed class BatchJobService
    {
        /// <summary>Claims after which a job whose runner keeps dying is failed rather than run again.</summary>
        public const int MaxAttempts = 3;

        private const int MaxEditAttempts = 20;
        private static readonly Regex JobIdPattern = new Regex("^[0-9]{8}-[0-9]{6}-[0-9]{3}-[0-9a-f]{8}$", RegexOptions.CultureInvariant);

        private readonly MlWorkspace _workspace;

        // The job documents Pending last read, by the ETag they had: a long-lived service (a host's
        // batch worker, polling every second) reads a job again only when it changed, since on a
        // Blob workspace every read is a request. An ended job (final, never written again) keeps
        // only its ETag.
        private readonly ConcurrentDictionary<string, (ETag ETag, BatchJobDocument? Open)> _seen =
            new ConcurrentDictionary<string, (ETag, BatchJobDocument?)>(StringComparer.Ordinal);

        public BatchJobService(MlWorkspace workspace) => _workspace = workspace ?? throw new ArgumentNullException(nameof(workspace));

        /// <summary>Rows per batch while scoring.</summary>
        internal int BatchRows { get; set; } = BatchScorer.DefaultBatchRows;

        /// <summary>How often, at most, a runner reads its job between batches to see a cancel request.</summary>
        internal TimeSpan CancelCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>How often a runner beats its heart (and saves the rows scored so far).</summary>
        internal TimeSpan HeartbeatInterval { get; set; } = ProcessOwner.HeartbeatInterval;

        internal static string JobKey(string service, string endpoint, string jobId) =>
            StoreKey.Of("jobs", NameRules.ToKeySegment(service), NameRules.ToKeySegment(endpoint), jobId);

        internal static string JobsPrefix(string service, string endpoint) =>
            StoreKey.PrefixOf("jobs", NameRules.ToKeySegment(service), NameRules.ToKeySegment(endpoint));

        /// <summary>
        /// Stores uploaded data as content (streamed; identical bytes are stored once) and returns it
        /// as a job input. Its format is checked when a job runs.
        /// </summary>
        public BatchInput UploadInput(Stream content, string fileName, CancellationToken ct = default)
        {
            if (content == null) throw new ArgumentNullException(nameof(content));
            var name = BatchInput.CheckFileName(fileName);
            var stored = _workspace.Store.PutContent(content, ct);
            return BatchInput.FromContent(stored.Hash, name);
        }

        /// <summary>
        /// Queues a job that scores <paramref name="input"/> with the endpoint's pipeline as it is now,
        /// into a new version of <paramref name="outputDataset"/> (by default '&lt;service&gt;-&lt;endpoint&gt;-output').
        /// </summary>
        public MlBatchJob Submit(string service, string endpoint, BatchInput input, string? outputDataset, CancellationToken ct = default)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            NameRules.Validate(service, "web service");
            NameRules.Validate(endpoint, "endpoint");
            var pinned = new WebServiceService(_workspace).EndpointDocument(service, endpoint, ct);
            string output = outputDataset ?? pinned.Service + "-" + pinned.Name + "-output";
            if (outputDataset == null && !NameRules.IsValid(output))
                throw MlAlmException.InvalidArgument("OutputDatasetRequired",
                    $"The default output dataset name '{output}' is not a valid dataset name ({NameRules.FindProblem(output)}); name the output dataset.", output);
            NameRules.Validate(output, "dataset");
            var inputDocument = Resolve(input, ct);

            var now = DateTime.UtcNow;
            for (int attempt = 1; ; attempt++)
            {
                var document = new BatchJobDocument
                {
                    JobId = NewJobId(now),
                    Service = pinned.Service,
                    Endpoint = pinned.Name,
                    Status = BatchJobStatus.Queued,
                    SubmittedUtc = now,
                    SubmittedBy = Environment.UserName,
                    Input = inputDocument,
                    OutputDataset = output,
                    EndpointRevision = pinned.Revision,
                    Pipeline = pinned.Pipeline,
                    OutputColumns = pinned.OutputColumns,
                    HeartbeatUtc = now,
                };
                try
                {
                    _workspace.Store.CreateDocument(JobKey(document.Service, document.Endpoint, document.JobId), DocumentJson.Serialize(document), ct);
                    return Present(document);
                }
                catch (DocumentExistsException) when (attempt < 5)
                {
                    // Another job took the same id (same millisecond, same random part): draw again.
                }
            }
        }

        public MlBatchJob Get(string service, string endpoint, string jobId, CancellationToken ct = default)
        {
            var stored = Read(service, endpoint, jobId, ct);
            return Present(stored.Document);
        }

        /// <summary>The endpoint's jobs, newest first.</summary>
        public IReadOnlyList<MlBatchJob> List(string service, string endpoint, CancellationToken ct = default)
        {
            NameRules.Validate(service, "web service");
            NameRules.Validate(endpoint, "endpoint");
            var keys = _workspace.Store.ListDocuments(JobsPrefix(service, endpoint), ct);
            if (keys.Count == 0) new WebServiceService(_workspace).GetEndpoint(service, endpoint, ct); // a missing endpoint is NotFound, not an empty list
            return keys.Select(k => _workspace.Store.GetDocument(k, ct)).Where(d => d != null)
                .Select(d => DocumentJson.Deserialize<BatchJobDocument>(d!.Content, d.Key))
                .OrderByDescending(d => d.JobId, StringComparer.Ordinal)
                .Select(Present).ToList();
        }

        /// <summary>
        /// Cancels a job: a Queued one (or one whose runner died) becomes Canceled at once; a Running
        /// one gets a cancel request, which its runner sees between batches and then ends it Canceled.
        /// A job that already ended is returned as it is.
        /// </summary>
        public MlBatchJob Cancel(string service, string endpoint, string jobId, CancellationToken ct = default)
        {
            for (int attempt = 1; ; attempt++)
            {
                var (document, eTag, key) = Read(service, endpoint, jobId, ct);
                switch (document.Status)
                {
                    case BatchJobStatus.Queued:
                        Seal(document, BatchJobStatus.Canceled, "Canceled before it started.");
                        break;
                    case BatchJobStatus.Running when IsDead(document):
                        Seal(document, BatchJobStatus.Canceled, $"Canceled after its runner (process {document.ProcessId} on {document.Host}) had stopped.");
                        break;
                    case BatchJobStatus.Running:
                        if (document.CancelRequested) return Present(document);
                        document.CancelRequested = true;
                        break;
                    default:
                        return Present(document);
                }
                try
                {
                    _workspace.Store.ReplaceDocument(key, DocumentJson.Serialize(document), eTag, ct);
                    return Present(document);
                }
                catch (DocumentChangedException) when (attempt < MaxEditAttempts)
                {
                    // Claimed, beaten or ended meanwhile: look again.
                }
            }
        }

        /// <summary>
        /// Runs a job to its end and returns it Finished, Failed or Canceled. Cancelling
        /// <paramref name="ct"/> ends it Canceled. A job that already ended is returned as it is;
        /// one another live runner owns is refused (Conflict).
        /// </summary>
        public MlBatchJob Run(string service, string endpoint, string jobId, IProgress<long>? progress, CancellationToken ct = default) =>
            Run(service, endpoint, jobId, progress, requeueOnCancellation: false, ct);

        /// <param name="requeueOnCancellation">
        /// When <paramref name="ct"/> is cancelled, put the job back in the queue instead of ending
        /// it Canceled: for a host that is shutting down, so that the job runs again after it
        /// restarts (or on another replica). A cancel request still ends it Canceled.
        /// </param>
        public MlBatchJob Run(string service, string endpoint, string jobId, IProgress<long>? progress, bool requeueOnCancellation, CancellationToken ct = default)
        {
            var claim = Claim(service, endpoint, jobId, progress, ct);
            if (claim.Runner == null) return Present(claim.Document);

            using var runner = claim.Runner;
            var document = runner.Claimed;
            string outputDelimiterExtension = document.Input.Delimiter == "\t" ? "tsv" : "csv";
            try
            {
                var pipeline = PipelineSteps.Load(_workspace.Store, document.Pipeline, document.OutputColumns, runner.Token);
                string temp = Path.Combine(Path.GetTempPath(), "mlalm-bes-" + Guid.NewGuid().ToString("N") + "." + outputDelimiterExtension);
                using var scores = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
                long rows;
                using (var input = _workspace.Store.OpenContent(ContentHash.Parse(document.Input.ContentSha256), runner.Token))
                {
                    char delimiter = document.Input.Delimiter.Length == 1 ? document.Input.Delimiter[0] : ',';
                    rows = BatchScorer.Score(input, delimiter, pipeline, scores, delimiter == '\t' ? '\t' : ',', BatchRows, runner, runner.Token);
                    input.CopyTo(Stream.Null); // to the end, so the content is verified against its hash before anything is published
                }
                runner.CheckNow();
                runner.Token.ThrowIfCancellationRequested();

                scores.Position = 0;
                var stored = _workspace.Store.PutContent(scores, runner.Token);
                var dataset = new DatasetService(_workspace).ImportStoredContent(stored.Hash, document.OutputDataset,
                    $"Scores of {InputText(document)} by web service '{document.Service}', endpoint '{document.Endpoint}' (revision {document.EndpointRevision}), batch job {document.JobId}.",
                    $"{document.Service}-{document.Endpoint}-{document.JobId}.{outputDelimiterExtension}", CancellationToken.None);
                return runner.Seal(d =>
                {
                    d.Status = BatchJobStatus.Finished;
                    d.RowsScored = rows;
                    d.OutputVersion = dataset.Version;
                    d.Error = null;
                });
            }
            catch (OperationCanceledException) when (runner.Token.IsCancellationRequested)
            {
                if (runner.Lost) return Get(service, endpoint, jobId, CancellationToken.None);
                long rows = runner.Rows;
                if (runner.CancelRequested)
                    return runner.Seal(d => Seal(d, BatchJobStatus.Canceled, $"Canceled on request after {rows:N0} rows had been scored; no output dataset was written"));
                if (requeueOnCancellation)
                {
                    return runner.Seal(d =>
                    {
                        d.Status = BatchJobStatus.Queued;
                        d.Attempts = Math.Max(0, d.Attempts - 1); // a graceful stop is not a crash
                        d.StartedUtc = null;
                        d.RowsScored = 0;
                        d.Host = null;
                        d.ProcessId = 0;
                        d.ProcessStartUtc = null;
                        d.RunToken = null;
                    });
                }
                return runner.Seal(d => Seal(d, BatchJobStatus.Canceled, $"Canceled by the process running it after {rows:N0} rows; no output was written."));
            }
            catch (Exception e)
            {
                string error = Describe(e, document);
                return runner.Seal(d => Seal(d, BatchJobStatus.Failed, error));
            }
        }

        /// <summary>
        /// Jobs a runner should take up, oldest first: Queued ones, and Running ones whose owner is dead
        /// (its process is gone from this machine, or its heartbeat is stale), which
        /// <see cref="Run(string, string, string, IProgress{long}, CancellationToken)"/> runs again from the start.
        /// </summary>
        public IReadOnlyList<MlBatchJob> Pending(CancellationToken ct = default)
        {
            var pending = new List<BatchJobDocument>();
            var listed = _workspace.Store.ListDocumentETags(StoreKey.PrefixOf("jobs"), ct).Where(d => d.Key.Split('/').Length == 4).ToList();
            foreach (var gone in _seen.Keys.Except(listed.Select(d => d.Key)).ToList()) _seen.TryRemove(gone, out _);
            foreach (var job in listed)
            {
                BatchJobDocument? document;
                if (_seen.TryGetValue(job.Key, out var seen) && seen.ETag == job.ETag)
                {
                    document = seen.Open;
                }
                else
                {
                    var stored = _workspace.Store.GetDocument(job.Key, ct);
                    if (stored == null) continue; // removed since the listing
                    document = DocumentJson.Deserialize<BatchJobDocument>(stored.Content, stored.Key);
                    if (IsEnded(document.Status)) document = null;
                    _seen[job.Key] = (stored.ETag, document);
                }
                // A Running job's heartbeat is judged against the clock now, on the copy last read.
                if (document != null && (document.Status == BatchJobStatus.Queued || (document.Status == BatchJobStatus.Running && IsDead(document))))
                    pending.Add(document);
            }
            return pending.OrderBy(d => d.SubmittedUtc).ThenBy(d => d.JobId, StringComparer.Ordinal).Select(Present).ToList();
        }

        /// <summary>Finished, Failed and Canceled are final: such a job is never written again.</summary>
        private static bool IsEnded(BatchJobStatus status) => status != BatchJobStatus.Queued && status != BatchJobStatus.Running;

        /// <summary>Checks a job id given by a caller and returns it in its stored (lower-case) form.</summary>
        public static string ValidateJobId(string? jobId)
        {
            var id = jobId?.Trim().ToLowerInvariant() ?? string.Empty;
            if (!JobIdPattern.IsMatch(id))
                throw MlAlmException.InvalidArgument("InvalidBatchJobId",
                    $"'{Printable(jobId)}' is not a batch job id; ids look like 20250314-093015-123-9f3a1c2b (UTC submit time, then 8 hex digits).", jobId);
            return id;
        }

        internal static string NewJobId(DateTime utc)
        {
            var random = new byte[4];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(random);
            return utc.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture) + "-" + BitConverter.ToString(random).Replace("-", string.Empty).ToLowerInvariant();
        }

        private (Runner? Runner, BatchJobDocument Document) Claim(string service, string endpoint, string jobId, IProgress<long>? progress, CancellationToken ct)
        {
            for (int attempt = 1; ; attempt++)
            {
                var (document, eTag, key) = Read(service, endpoint, jobId, ct);
                switch (document.Status)
                {
                    case BatchJobStatus.Finished:
                    case BatchJobStatus.Failed:
                    case BatchJobStatus.Canceled:
                        return (null, document);
                    case BatchJobStatus.Running when !IsDead(document):
                        throw new MlAlmException("BatchJobRunning", ErrorKind.Conflict,
                            $"Batch job '{document.JobId}' is already running (process {document.ProcessId} on {document.Host}).", document.JobId);
                }

                // Queued, or Running under a dead owner.
                if (document.Status == BatchJobStatus.Running && document.CancelRequested)
                    Seal(document, BatchJobStatus.Canceled, $"Canceled after its runner (process {document.ProcessId} on {document.Host}) had stopped.");
                else if (document.Attempts >= MaxAttempts)
                    Seal(document, BatchJobStatus.Failed,
                        $"The job was started {document.Attempts} times and each time the process running it stopped before it ended (last: process {document.ProcessId} on {document.Host}); it is not tried again.");
                else
                    Own(document);

                try
                {
                    var newETag = _workspace.Store.ReplaceDocument(key, DocumentJson.Serialize(document), eTag, ct);
                    if (document.Status != BatchJobStatus.Running) return (null, document);
                    return (new Runner(this, key, document, newETag, progress, ct), document);
                }
                catch (DocumentChangedException) when (attempt < MaxEditAttempts)
                {
                    // Another runner claimed it, or it was canceled, meanwhile: look again.
                }
            }
        }

        private static void Own(BatchJobDocument document)
        {
            var now = DateTime.UtcNow;
            document.Status = BatchJobStatus.Running;
            document.Attempts++;
            document.StartedUtc = now;
            document.EndedUtc = null;
            document.RowsScored = 0;
            document.OutputVersion = null;
            document.Error = null;
            document.Host = ProcessOwner.CurrentHost;
            document.ProcessId = ProcessOwner.CurrentProcessId;
            document.ProcessStartUtc = ProcessOwner.CurrentProcessStartUtc;
            document.HeartbeatUtc = now;
            document.RunToken = Guid.NewGuid().ToString("N");
        }

        private static void Seal(BatchJobDocument document, BatchJobStatus status, string? error)
        {
            document.Status = status;
            document.EndedUtc = DateTime.UtcNow;
            document.Error = error;
        }

        private static bool IsDead(BatchJobDocument document) =>
            ProcessOwner.IsDead(document.Host, document.ProcessId, document.ProcessStartUtc, document.HeartbeatUtc);

        private (BatchJobDocument Document, ETag ETag, string Key) Read(string service, string endpoint, string jobId, CancellationToken ct)
        {
            NameRules.Validate(service, "web service");
            NameRules.Validate(endpoint, "endpoint");
            var id = ValidateJobId(jobId);
            var key = JobKey(service, endpoint, id);
            var stored = _workspace.Store.GetDocument(key, ct);
            if (stored == null)
            {
                new WebServiceService(_workspace).GetEndpoint(service, endpoint, ct); // a missing service or endpoint is reported as such
                throw MlAlmException.NotFound("BatchJobNotFound", $"Endpoint '{service}/{endpoint}' has no batch job '{id}'.", id);
            }
            return (DocumentJson.Deserialize<BatchJobDocument>(stored.Content, stored.Key), stored.ETag, key);
        }

        private BatchInputDocument Resolve(BatchInput input, CancellationToken ct)
        {
            if (input.Dataset != null)
            {
                var dataset = new DatasetService(_workspace).Get(input.Dataset.Name, input.Dataset.Version, ct);
                return new BatchInputDocument
                {
                    Kind = "dataset",
                    DatasetName = dataset.Name,
                    DatasetVersion = dataset.Version,
                    ContentSha256 = dataset.ContentHash,
                    FileName = dataset.SourceFileName,
                    Delimiter = dataset.Format == "tsv" ? "\t" : ",",
                };
            }

            var hash = input.Content!.Value;
            if (!_workspace.Store.ContentExists(hash, ct))
                throw MlAlmException.NotFound("BatchInputNotFound", $"The uploaded input '{input.FileName}' (sha256 {hash.Hex}) is not stored in the workspace at '{_workspace.Location}'; upload it first.", hash.Hex);
            char delimiter;
            var fromName = DelimiterDetection.FromFileName(input.FileName!);
            if (fromName.HasValue)
            {
                delimiter = fromName.Value;
            }
            else
            {
                using var head = _workspace.Store.OpenContent(hash, ct);
                delimiter = DelimiterDetection.SniffForward(head);
            }
            return new BatchInputDocument { Kind = "upload", ContentSha256 = hash.Hex, FileName = input.FileName, Delimiter = delimiter.ToString() };
        }

        private MlBatchJob Present(BatchJobDocument d) => new MlBatchJob(
            _workspace, d.JobId, d.Service, d.Endpoint, d.Status, d.SubmittedUtc, d.StartedUtc, d.EndedUtc, d.RowsScored, InputText(d),
            d.OutputDataset, d.OutputVersion.HasValue ? new AssetReference(AssetType.Dataset, d.OutputDataset, d.OutputVersion.Value) : null,
            d.EndpointRevision, d.CancelRequested, d.Error);

        private static string InputText(BatchJobDocument d) =>
            d.Input.Kind == "dataset"
                ? $"dataset {d.Input.DatasetName}:{d.Input.DatasetVersion}"
                : $"upload {d.Input.FileName} (sha256 {d.Input.ContentSha256.Substring(0, Math.Min(12, d.Input.ContentSha256.Length))}...)";

        /// <summary>The input as named in messages about its content: the uploaded file, or the dataset version.</summary>
        private static string SourceName(BatchJobDocument d) =>
            d.Input.Kind == "dataset" ? $"dataset {d.Input.DatasetName}:{d.Input.DatasetVersion}" : d.Input.FileName ?? "the uploaded input";

        /// <summary>One sentence that names what went wrong, for the job's Error.</summary>
        private static string Describe(Exception e, BatchJobDocument d)
        {
            string nothing = $"no output was written to dataset '{d.OutputDataset}'.";
            switch (e)
            {
                case TabularFormatException format:
                    return $"{format.WithSource(SourceName(d)).Message}; {nothing}";
                case ContentCorruptedException corrupted:
                    return $"The stored content of {SourceName(d)} is corrupted ({corrupted.Message}); {nothing}";
                case ContentNotFoundException missing:
                    return $"The content of {SourceName(d)} is no longer in the workspace ({missing.Message}); {nothing}";
                case MlAlmException known:
                    return known.Message;
                case ArgumentException argument:
                    return $"{SourceName(d)} cannot be scored: {argument.Message} ({nothing})";
                default:
                    return $"The job failed: {e.GetType().Name}: {e.Message} ({nothing})";
            }
        }

        private static string Printable(string? s) =>
            s == null ? string.Empty : new string(s.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());

        /// <summary>
        /// The job record a runner owns while it runs: the rows scored (it is the scorer's progress),
        /// a heartbeat on a timer, and a look at the record between batches (at most every
        /// <see cref="CancelCheckInterval"/>) to see a cancel request or that another runner took over.
        /// </summary>
        private sealed class Runner : IProgress<long>, IDisposable
        {
            private readonly BatchJobService _service;
            private readonly string _key;
            private readonly string _token;
            private readonly IProgress<long>? _progress;
            private readonly CancellationTokenSource _stop;
            private readonly Timer _heartbeat;
            private readonly object _sync = new object();
            private BatchJobDocument _document;
            private ETag _eTag;
            private DateTime _lastCheck = DateTime.UtcNow;
            private long _rows;
            private bool _sealed;

            public Runner(BatchJobService service, string key, BatchJobDocument document, ETag eTag, IProgress<long>? progress, CancellationToken ct)
            {
                _service = service;
                _key = key;
                _document = document;
                _eTag = eTag;
                _token = document.RunToken!;
                _progress = progress;
                _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                _heartbeat = new Timer(_ => Beat(), null, service.HeartbeatInterval, service.HeartbeatInterval);
            }

            public CancellationToken Token => _stop.Token;

            /// <summary>Someone asked to cancel the job.</summary>
            public bool CancelRequested { get; private set; }

            /// <summary>The job is no longer ours (another runner claimed it, or it was sealed or removed).</summary>
            public bool Lost { get; private set; }

            public long Rows => Interlocked.Read(ref _rows);

            /// <summary>The record as claimed: its input, pipeline and output do not change while it runs.</summary>
            public BatchJobDocument Claimed
            {
                get
                {
                    lock (_sync) return _document;
                }
            }

            public void Report(long value)
            {
                Interlocked.Exchange(ref _rows, value);
                _progress?.Report(value);
                if (DateTime.UtcNow - _lastCheck >= _service.CancelCheckInterval) CheckNow();
            }

            /// <summary>Reads the record: stops the work when a cancel request came or the job was lost.</summary>
            public void CheckNow()
            {
                lock (_sync)
                {
                    _lastCheck = DateTime.UtcNow;
                    if (_sealed || Lost) return;
                    var stored = _service._workspace.Store.GetDocument(_key, CancellationToken.None);
                    if (stored != null && stored.ETag == _eTag) return;
                    Adopt(stored);
                }
            }

            /// <summary>Writes the final (or requeued) state, unless the job was lost; returns the job as stored.</summary>
            public MlBatchJob Seal(Action<BatchJobDocument> change)
            {
                lock (_sync)
                {
                    if (!Lost && !_sealed)
                    {
                        Save(d =>
                        {
                            change(d);
                            if (IsEnded(d.Status)) d.EndedUtc ??= DateTime.UtcNow;
                        });
                        _sealed = true;
                    }
                    if (Lost) return _service.Get(_document.Service, _document.Endpoint, _document.JobId, CancellationToken.None);
                    return _service.Present(_document);
                }
            }

            public void Dispose()
            {
                using (var done = new ManualResetEvent(false))
                {
                    if (_heartbeat.Dispose(done)) done.WaitOne(TimeSpan.FromSeconds(30));
                }
                _stop.Dispose();
            }

            private void Beat()
            {
                try
                {
                    lock (_sync)
                    {
                        if (_sealed || Lost) return;
                        long rows = Rows;
                        Save(d => d.RowsScored = rows);
                    }
                }
                catch (Exception)
                {
                    // A missed heartbeat is retried at the next tick; a timer callback must never throw.
                }
            }

            // Replace-if-match; when the record changed (a cancel request), take the stored one and apply the change again.
            private void Save(Action<BatchJobDocument> change)
            {
                for (int attempt = 1; attempt <= MaxEditAttempts; attempt++)
                {
                    change(_document);
                    _document.HeartbeatUtc = DateTime.UtcNow;
                    try
                    {
                        _eTag = _service._workspace.Store.ReplaceDocument(_key, DocumentJson.Serialize(_document), _eTag, CancellationToken.None);
                        return;
                    }
                    catch (DocumentChangedException)
                    {
                        if (!Adopt(_service._workspace.Store.GetDocument(_key, CancellationToken.None))) return;
                    }
                }
                throw new DocumentChangedException(_key);
            }

            // Takes the stored record if it is still ours; false (and the work stopped) when it is not.
            private bool Adopt(StoredDocument? stored)
            {
                var current = stored == null ? null : DocumentJson.Deserialize<BatchJobDocument>(stored.Content, stored.Key);
                if (current == null || current.Status != BatchJobStatus.Running || current.RunToken != _token)
                {
                    Lost = true;
                    _stop.Cancel();
                    return false;
                }
                _document = current;
                _eTag = stored!.ETag;
                if (current.CancelRequested && !CancelRequested)
                {
                    CancelRequested = true;
                    _stop.Cancel();
                }
                return true;
            }
        }
    }
}
