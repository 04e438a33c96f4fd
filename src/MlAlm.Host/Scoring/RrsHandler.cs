using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MlAlm.Host.Endpoints;
using MlAlm.Host.Http;
using MlAlm.Learning.Data;
using Microsoft.AspNetCore.Http;

namespace MlAlm.Host.Scoring
{
    /// <summary>
    /// POST /services/{service}/endpoints/{endpoint}/execute. Checks, in this order: method (405),
    /// endpoint served here (404), key (401), content type (415), body size (413), then parses, scores
    /// and answers (400 for input that does not fit the schema). Parsing, scoring and writing run
    /// synchronously on one thread with that thread's reusable parser and output buffer; only the
    /// body read, the wait for a concurrency slot and the final flush are asynchronous.
    /// </summary>
    internal sealed class RrsHandler
    {
        private readonly EndpointRegistry _registry;
        private readonly HostOptions _options;

        [ThreadStatic] private static Scratch? t_scratch;

        public RrsHandler(EndpointRegistry registry, HostOptions options)
        {
            _registry = registry;
            _options = options;
        }

        public async Task Execute(HttpContext context)
        {
            try
            {
                await ExecuteCore(context);
            }
            catch (ApiError e)
            {
                await e.Write(context);
            }
            catch (BadHttpRequestException e)
            {
                // Kestrel's own checks while reading the body: its size limit, a malformed chunk, a body cut short, too slow.
                bool tooLarge = e.StatusCode == StatusCodes.Status413PayloadTooLarge;
                await ApiError.Write(context, e.StatusCode, tooLarge ? "PayloadTooLarge" : "BadRequest",
                    tooLarge ? $"The request body is larger than {_options.MaxBodyBytes} bytes, this host's limit." : e.Message);
            }
            catch (Exception e) when (context.RequestAborted.IsCancellationRequested && (e is OperationCanceledException || e is IOException))
            {
                // The client went away; nobody is left to answer.
            }
        }

        private async Task ExecuteCore(HttpContext context)
        {
            var request = context.Request;
            if (!HttpMethods.IsPost(request.Method))
                throw new ApiError(StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", $"Use POST to call an endpoint, not {request.Method}.") { Allow = "POST" };
            var endpoint = Resolve(context);
            Authorize(context, endpoint);
            if (!JsonContent.IsJson(request.ContentType)) throw UnsupportedMediaType(context, "application/json");

            var reader = request.BodyReader;
            var body = await ReadWholeBody(context, _options.MaxBodyBytes);
            var limit = endpoint.Limit.Semaphore;
            try
            {
                if (!limit.Wait(0) && !await limit.WaitAsync(_options.QueueTimeoutMs, context.RequestAborted))
                {
                    throw new ApiError(StatusCodes.Status429TooManyRequests, "TooManyRequests",
                        $"Endpoint '{endpoint.Service}/{endpoint.Name}' is already serving {endpoint.Limit.Max} calls (its MaxConcurrentCalls); retry shortly.");
                }
                try
                {
                    Score(context, endpoint, body.Buffer);
                }
                finally
                {
                    limit.Release();
                }
            }
            finally
            {
                reader.AdvanceTo(body.Buffer.End);
            }
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        }

        /// <summary>Parses, scores and copies the response into the response pipe (not flushed yet).</summary>
        private static void Score(HttpContext context, CompiledEndpoint endpoint, ReadOnlySequence<byte> body)
        {
            var scratch = t_scratch ??= new Scratch();
            byte[]? copy = null;
            try
            {
                ReadOnlySpan<byte> json;
                if (body.IsSingleSegment) json = body.FirstSpan;
                else
                {
                    copy = ArrayPool<byte>.Shared.Rent(checked((int)body.Length));
                    body.CopyTo(copy);
                    json = copy.AsSpan(0, (int)body.Length);
                }
                var table = scratch.Parser.Parse(json, endpoint, out var form);
                DataTable scored;
                try
                {
                    scored = endpoint.Pipeline.Score(table);
                }
                catch (ArgumentException e)
                {
                    throw ApiError.BadRequest("InvalidInput", "The input could not be scored: " + e.Message);
                }
                var output = scratch.Output;
                output.ResetWrittenCount();
                var writer = scratch.Writer;
                writer.Reset(output);
                ResponseWriter.Write(writer, form, endpoint.Outputs, scored);
                writer.Flush();

                var response = context.Response;
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = JsonContent.ContentType;
                response.ContentLength = output.WrittenCount;
                response.BodyWriter.Write(output.WrittenSpan);
                scratch.Trim();
            }
            finally
            {
                if (copy != null) ArrayPool<byte>.Shared.Return(copy);
            }
        }

        /// <summary>The endpoint named by the route; 404 when this host does not serve it.</summary>
        internal CompiledEndpoint Resolve(HttpContext context)
        {
            var values = context.Request.RouteValues;
            var service = values["service"] as string;
            var name = values["endpoint"] as string;
            var endpoint = _registry.Current.Find(service, name);
            if (endpoint != null) return endpoint;
            string where = _options.Environment == null ? "" : $" (it serves only endpoints of environment '{_options.Environment}')";
            throw ApiError.NotFound("EndpointNotFound", $"This host serves no endpoint '{name}' of web service '{service}'{where}.");
        }

        /// <summary>401 unless the request carries one of the endpoint's keys. Never logs the header.</summary>
        internal static void Authorize(HttpContext context, CompiledEndpoint endpoint)
        {
            var headers = context.Request.Headers.Authorization;
            string? message = null;
            if (headers.Count == 0) message = "The request has no key: send the header 'Authorization: Bearer <key>' with the endpoint's primary or secondary key.";
            else if (headers.Count > 1) message = "The request has more than one Authorization header.";
            else
            {
                var value = (headers[0] ?? string.Empty).AsSpan().Trim();
                if (value.Length < 7 || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                    message = "The Authorization header must be 'Bearer <key>'.";
                else if (!endpoint.Authorizes(value.Slice(7).Trim()))
                    message = "The key is not the endpoint's primary or secondary key.";
            }
            if (message != null) throw new ApiError(StatusCodes.Status401Unauthorized, "Unauthorized", message);
        }

        internal static ApiError UnsupportedMediaType(HttpContext context, string expected) =>
            new ApiError(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType",
                $"Send the body as {expected} (UTF-8), not '{context.Request.ContentType ?? "(no Content-Type)"}'.");

        internal static ApiError TooLarge(long max) =>
            new ApiError(StatusCodes.Status413PayloadTooLarge, "PayloadTooLarge", $"The request body is larger than {max} bytes, this host's limit.");

        /// <summary>How much of a too-large body is read and thrown away, so the client gets a clean 413 instead of a reset connection.</summary>
        internal const long DrainBytes = 1024 * 1024;

        /// <summary>Reads until the body ends; the caller must AdvanceTo the returned buffer's end. 413 past <paramref name="max"/>.</summary>
        internal static async ValueTask<ReadResult> ReadWholeBody(HttpContext context, long max)
        {
            var reader = context.Request.BodyReader;
            var ct = context.RequestAborted;
            if (context.Request.ContentLength > max) throw await Refuse(context, reader, max);
            while (true)
            {
                var result = await reader.ReadAsync(ct);
                if (result.Buffer.Length > max)
                {
                    reader.AdvanceTo(result.Buffer.End);
                    throw await Refuse(context, reader, max);
                }
                if (result.IsCompleted || result.IsCanceled) return result;
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
        }

        /// <summary>Reads and discards up to <see cref="DrainBytes"/> more, then the 413 to answer (closing the connection when the body goes on).</summary>
        private static async Task<ApiError> Refuse(HttpContext context, System.IO.Pipelines.PipeReader reader, long max)
        {
            var error = TooLarge(max);
            long declared = context.Request.ContentLength ?? 0;
            if (declared > max + DrainBytes)
            {
                error.CloseConnection = true;
                return error;
            }
            long drained = 0;
            try
            {
                while (drained <= DrainBytes)
                {
                    var result = await reader.ReadAsync(context.RequestAborted);
                    drained += result.Buffer.Length;
                    reader.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted) return error;
                }
            }
            catch (BadHttpRequestException)
            {
            }
            error.CloseConnection = true;
            return error;
        }

        /// <summary>Per-thread reusable state: used only between awaits, never across one.</summary>
        private sealed class Scratch
        {
            private const int KeepBytes = 1 << 20;

            public Scratch() => Writer = new Utf8JsonWriter(Output, new JsonWriterOptions { SkipValidation = true });

            public RequestParser Parser { get; } = new RequestParser();
            public ArrayBufferWriter<byte> Output { get; private set; } = new ArrayBufferWriter<byte>(4096);
            public Utf8JsonWriter Writer { get; }

            /// <summary>Lets go of a buffer grown by a very large response.</summary>
            public void Trim()
            {
                if (Output.Capacity <= KeepBytes) return;
                Output = new ArrayBufferWriter<byte>(4096);
                Writer.Reset(Output);
            }
        }
    }
}
