using System;
using System.Buffers;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using MlAlm.Core.Errors;
using MlAlm.Core.WebServices;
using MlAlm.Host.Endpoints;
using MlAlm.Host.Http;
using MlAlm.Host.Scoring;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MlAlm.Host.Batch
{
    /// <summary>
    /// BES routes, with the same key check as RRS:
    /// POST .../jobs (a JSON body {"input":{"dataset":"name[:version]"},"outputDataset":"name"}, or a
    /// text/csv body stored as content, with ?outputDataset=name&amp;fileName=x.csv) answers 202 with
    /// the job and its URL in Location; GET .../jobs lists the endpoint's jobs; GET .../jobs/{jobId}
    /// is its status; DELETE .../jobs/{jobId} cancels it.
    /// </summary>
    internal sealed class BatchHandler
    {
        public const string JobsRoute = "/services/{service}/endpoints/{endpoint}/jobs";
        public const string JobRoute = "/services/{service}/endpoints/{endpoint}/jobs/{jobId}";

        private readonly BatchJobService _jobs;
        private readonly RrsHandler _rrs;
        private readonly BatchWorker _worker;
        private readonly HostOptions _options;

        public BatchHandler(MlWorkspace workspace, RrsHandler rrs, BatchWorker worker, HostOptions options)
        {
            _jobs = new BatchJobService(workspace);
            _rrs = rrs;
            _worker = worker;
            _options = options;
        }

        public Task Jobs(HttpContext context) => Guard(context, async () =>
        {
            var method = context.Request.Method;
            if (!HttpMethods.IsPost(method) && !HttpMethods.IsGet(method))
                throw new ApiError(StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", $"Use POST to submit a batch job or GET to list them, not {method}.") { Allow = "GET, POST" };
            var endpoint = _rrs.Resolve(context);
            RrsHandler.Authorize(context, endpoint);
            if (HttpMethods.IsGet(method))
            {
                var jobs = await Task.Run(() => _jobs.List(endpoint.Service, endpoint.Name, context.RequestAborted));
                await WriteJson(context, StatusCodes.Status200OK, w =>
                {
                    w.WriteStartArray();
                    foreach (var job in jobs) WriteJob(w, job);
                    w.WriteEndArray();
                });
                return;
            }

            BatchInput input;
            string? output;
            if (JsonContent.IsCsv(context.Request.ContentType))
            {
                output = NullIfEmpty(context.Request.Query["outputDataset"]);
                string fileName = NullIfEmpty(context.Request.Query["fileName"]) ?? "upload.csv";
                input = await Upload(context, fileName);
            }
            else if (JsonContent.IsJson(context.Request.ContentType))
            {
                (input, output) = await ReadSubmission(context);
            }
            else throw RrsHandler.UnsupportedMediaType(context, "application/json (a dataset) or text/csv (an upload)");

            var submitted = await Task.Run(() => _jobs.Submit(endpoint.Service, endpoint.Name, input, output, context.RequestAborted));
            _worker.Wake();
            context.Response.Headers.Location = $"/services/{Uri.EscapeDataString(submitted.WebService)}/endpoints/{Uri.EscapeDataString(submitted.Endpoint)}/jobs/{submitted.JobId}";
            await WriteJson(context, StatusCodes.Status202Accepted, w => WriteJob(w, submitted));
        });

        public Task Job(HttpContext context) => Guard(context, async () =>
        {
            var method = context.Request.Method;
            if (!HttpMethods.IsGet(method) && !HttpMethods.IsDelete(method))
                throw new ApiError(StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", $"Use GET for a job's status or DELETE to cancel it, not {method}.") { Allow = "GET, DELETE" };
            var endpoint = _rrs.Resolve(context);
            RrsHandler.Authorize(context, endpoint);
            string jobId = context.Request.RouteValues["jobId"] as string ?? string.Empty;
            var job = await Task.Run(() => HttpMethods.IsGet(method)
                ? _jobs.Get(endpoint.Service, endpoint.Name, jobId, context.RequestAborted)
                : _jobs.Cancel(endpoint.Service, endpoint.Name, jobId, context.RequestAborted));
            await WriteJson(context, StatusCodes.Status200OK, w => WriteJob(w, job));
        });

        /// <summary>Streams a CSV body into a temporary file (up to the upload limit), then into the store as content.</summary>
        private async Task<BatchInput> Upload(HttpContext context, string fileName)
        {
            var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (limit != null && !limit.IsReadOnly) limit.MaxRequestBodySize = _options.MaxUploadBytes;
            if (context.Request.ContentLength > _options.MaxUploadBytes) throw RrsHandler.TooLarge(_options.MaxUploadBytes);
            string temp = Path.Combine(Path.GetTempPath(), "mlalm-upload-" + Guid.NewGuid().ToString("N"));
            await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                long total = 0;
                int n;
                while ((n = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    total += n;
                    if (total > _options.MaxUploadBytes) throw RrsHandler.TooLarge(_options.MaxUploadBytes);
                    await file.WriteAsync(buffer.AsMemory(0, n), context.RequestAborted);
                }
                if (total == 0) throw ApiError.BadRequest("EmptyUpload", "The uploaded CSV is empty.");
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            file.Position = 0;
            return await Task.Run(() => _jobs.UploadInput(file, fileName, context.RequestAborted));
        }

        private async Task<(BatchInput Input, string? Output)> ReadSubmission(HttpContext context)
        {
            var body = await RrsHandler.ReadWholeBody(context, _options.MaxBodyBytes);
            try
            {
                using var json = JsonDocument.Parse(body.Buffer, new JsonDocumentOptions { MaxDepth = 16 });
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw ApiError.BadRequest("InvalidRequest", "Send {\"input\":{\"dataset\":\"name[:version]\"},\"outputDataset\":\"name\"}.");
                var input = Property(root, "input");
                var dataset = input is { ValueKind: JsonValueKind.Object } i ? Property(i, "dataset") : null;
                if (dataset is not { ValueKind: JsonValueKind.String } d || string.IsNullOrWhiteSpace(d.GetString()))
                    throw ApiError.BadRequest("InvalidRequest", "The job needs \"input\":{\"dataset\":\"name[:version]\"} (or upload a CSV with Content-Type text/csv).");
                string? output = null;
                if (Property(root, "outputDataset") is { } o && o.ValueKind != JsonValueKind.Null)
                {
                    if (o.ValueKind != JsonValueKind.String) throw ApiError.BadRequest("InvalidRequest", "\"outputDataset\" must be a dataset name.");
                    output = NullIfEmpty(o.GetString());
                }
                return (BatchInput.FromDataset(MlAlm.AssetSpec.Parse(d.GetString()!, "dataset")), output);
            }
            catch (JsonException e)
            {
                throw ApiError.BadRequest("InvalidJson", "The request body is not valid JSON: " + e.Message);
            }
            finally
            {
                context.Request.BodyReader.AdvanceTo(body.Buffer.End);
            }
        }

        private static JsonElement? Property(JsonElement element, string name)
        {
            foreach (var p in element.EnumerateObject())
                if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
            return null;
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

        /// <summary>Runs a handler: ApiError and the workspace's own errors become JSON 4xx answers.</summary>
        private static async Task Guard(HttpContext context, Func<Task> handler)
        {
            try
            {
                await handler();
            }
            catch (ApiError e)
            {
                await e.Write(context);
            }
            catch (MlAlmException e)
            {
                int status = e.Kind switch
                {
                    ErrorKind.NotFound => StatusCodes.Status404NotFound,
                    ErrorKind.AlreadyExists or ErrorKind.Conflict => StatusCodes.Status409Conflict,
                    ErrorKind.InvalidArgument or ErrorKind.InvalidData => StatusCodes.Status400BadRequest,
                    ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
                    _ => StatusCodes.Status500InternalServerError,
                };
                if (status == StatusCodes.Status500InternalServerError) throw;
                await ApiError.Write(context, status, e.ErrorId, e.Message);
            }
            catch (BadHttpRequestException e)
            {
                bool tooLarge = e.StatusCode == StatusCodes.Status413PayloadTooLarge;
                await ApiError.Write(context, e.StatusCode, tooLarge ? "PayloadTooLarge" : "BadRequest", tooLarge ? "The request body is too large for this host." : e.Message);
            }
            catch (Exception e) when (context.RequestAborted.IsCancellationRequested && (e is OperationCanceledException || e is IOException))
            {
            }
        }

        private static async Task WriteJson(HttpContext context, int status, Action<Utf8JsonWriter> write)
        {
            var buffer = new ArrayBufferWriter<byte>(1024);
            using (var w = new Utf8JsonWriter(buffer, JsonContent.WriterOptions)) write(w);
            context.Response.StatusCode = status;
            context.Response.ContentType = JsonContent.ContentType;
            context.Response.ContentLength = buffer.WrittenCount;
            await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
        }

        internal static void WriteJob(Utf8JsonWriter w, MlBatchJob job)
        {
            w.WriteStartObject();
            w.WriteString("id", job.JobId);
            w.WriteString("service", job.WebService);
            w.WriteString("endpoint", job.Endpoint);
            w.WriteString("status", job.Status.ToString());
            w.WriteString("submittedUtc", job.SubmittedUtc);
            if (job.StartedUtc.HasValue) w.WriteString("startedUtc", job.StartedUtc.Value);
            else w.WriteNull("startedUtc");
            if (job.EndedUtc.HasValue) w.WriteString("endedUtc", job.EndedUtc.Value);
            else w.WriteNull("endedUtc");
            w.WriteNumber("rowsScored", job.RowsScored);
            w.WriteString("input", job.Input);
            w.WriteStartObject("outputDataset");
            w.WriteString("name", job.OutputDatasetName);
            if (job.OutputDataset != null) w.WriteNumber("version", job.OutputDataset.Version);
            else w.WriteNull("version");
            w.WriteEndObject();
            w.WriteNumber("endpointRevision", job.EndpointRevision);
            w.WriteBoolean("cancelRequested", job.CancelRequested);
            if (job.Error != null) w.WriteString("error", job.Error);
            else w.WriteNull("error");
            w.WriteEndObject();
        }
    }
}
