using System;
using System.Buffers;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace MlAlm.Host.Http
{
    /// <summary>
    /// A client mistake (or a refusal) turned into a 4xx response with the body
    /// <c>{"error":{"code":"...","message":"..."}}</c>. Thrown from deep inside request parsing and
    /// caught at the edge of each handler.
    /// </summary>
    internal sealed class ApiError : Exception
    {
        public ApiError(int status, string code, string message)
            : base(message)
        {
            Status = status;
            Code = code;
        }

        public int Status { get; }
        public string Code { get; }

        /// <summary>Whether to close the connection after answering (a body too large to read to its end).</summary>
        public bool CloseConnection { get; set; }

        /// <summary>The Allow header of a 405.</summary>
        public string? Allow { get; init; }

        public static ApiError BadRequest(string code, string message) => new ApiError(StatusCodes.Status400BadRequest, code, message);

        public static ApiError NotFound(string code, string message) => new ApiError(StatusCodes.Status404NotFound, code, message);

        /// <summary>Writes an error response (headers are replaced; nothing was written yet).</summary>
        public static Task Write(HttpContext context, int status, string code, string message, string? allow = null)
        {
            var response = context.Response;
            if (response.HasStarted) return Task.CompletedTask; // too late to change anything; the connection ends as it is
            response.Clear();
            response.StatusCode = status;
            response.ContentType = JsonContent.ContentType;
            if (allow != null) response.Headers.Allow = allow;
            if (status == StatusCodes.Status401Unauthorized) response.Headers.WWWAuthenticate = "Bearer";
            if (status == StatusCodes.Status429TooManyRequests || status == StatusCodes.Status503ServiceUnavailable) response.Headers.RetryAfter = "1";
            var body = Body(code, message);
            response.ContentLength = body.Length;
            if (HttpMethods.IsHead(context.Request.Method)) return Task.CompletedTask;
            return response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
        }

        public Task Write(HttpContext context)
        {
            var task = Write(context, Status, Code, Message, Allow);
            if (CloseConnection && !context.Response.HasStarted) context.Response.Headers.Connection = "close";
            return task;
        }

        public static byte[] Body(string code, string message)
        {
            var buffer = new ArrayBufferWriter<byte>(128 + message.Length * 2);
            using (var writer = new Utf8JsonWriter(buffer, JsonContent.WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteStartObject("error");
                writer.WriteString("code", code);
                writer.WriteString("message", message);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }
    }

    internal static class JsonContent
    {
        public const string ContentType = "application/json; charset=utf-8";

        /// <summary>
        /// For answers that are only ever served as application/json: quotes, apostrophes and
        /// non-ASCII letters in messages stay readable (no \u0027), while control characters and
        /// the JSON delimiters are still escaped.
        /// </summary>
        public static readonly System.Text.Json.JsonWriterOptions WriterOptions = new System.Text.Json.JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        /// <summary>
        /// Whether a Content-Type header announces JSON in UTF-8: application/json (or a +json type)
        /// with no charset or charset=utf-8.
        /// </summary>
        public static bool IsJson(string? contentType) => IsMediaType(contentType, "application/json", allowJsonSuffix: true);

        public static bool IsCsv(string? contentType) => IsMediaType(contentType, "text/csv", allowJsonSuffix: false);

        private static bool IsMediaType(string? contentType, string expected, bool allowJsonSuffix)
        {
            if (string.IsNullOrEmpty(contentType)) return false;
            if (string.Equals(contentType, expected, StringComparison.OrdinalIgnoreCase)) return true;
            if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)) return false;
            var media = parsed.MediaType.Value ?? string.Empty;
            bool typeOk = string.Equals(media, expected, StringComparison.OrdinalIgnoreCase) ||
                (allowJsonSuffix && media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
            if (!typeOk) return false;
            var charset = parsed.Charset.Value;
            return charset == null || string.Equals(charset.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase) || string.Equals(charset.Trim('"'), "utf8", StringComparison.OrdinalIgnoreCase);
        }
    }
}
