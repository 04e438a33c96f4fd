using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace MlAlm.Core.Storage.Blob
{
    /// <summary>
    /// The handful of Blob REST operations the store needs, on one container, over Azure.Core's
    /// pipeline: retries with exponential backoff on throttling, 5xx and network failures,
    /// request signing, request ids. Kept to the store's needs so that Azure.Storage.Blobs's
    /// BlobContainerClient can replace it the day that package restores.
    /// Statuses a caller acts on (404, 409, 412) come back as values; authorisation failures and
    /// anything unexpected become store exceptions with the service's error code and message.
    /// </summary>
    internal sealed class BlobRestClient
    {
        // A version every Azurite 3.x and the service understand, and new enough for Put Block List
        // conditions and uncommitted-blob listings.
        private const string ServiceVersion = "2021-12-02";

        private readonly BlobContainerAddress _address;
        private readonly HttpPipeline _pipeline;
        private readonly RequestCountingPolicy _counter = new RequestCountingPolicy();

        public BlobRestClient(BlobContainerAddress address, BlobStoreOptions options)
        {
            _address = address;
            var clientOptions = new MlAlmBlobClientOptions();
            clientOptions.Retry.Mode = RetryMode.Exponential;
            clientOptions.Retry.MaxRetries = options.MaxRetries;
            clientOptions.Retry.Delay = options.RetryDelay;
            clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
            clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
            clientOptions.Diagnostics.ApplicationId = "MlAlm";
            var credentialPolicy = address.Credential.CreatePolicy();
            // A SAS goes on the URI once per call; a signature or token is made again for each attempt.
            bool perCall = credentialPolicy is SasQueryPolicy;
            _pipeline = HttpPipelineBuilder.Build(
                clientOptions,
                perCall ? new[] { credentialPolicy } : Array.Empty<HttpPipelinePolicy>(),
                perCall ? new HttpPipelinePolicy[] { _counter } : new[] { credentialPolicy, _counter },
                new ResponseClassifier());
        }

        /// <summary>HTTP requests sent so far, retries included.</summary>
        public long RequestCount => _counter.Count;

        public Uri BlobUri(string blobName) => new Uri(_address.ContainerUri.AbsoluteUri + "/" + BlobContainerAddress.EscapeBlobName(blobName));

        /// <summary>
        /// Whether the container exists, by listing at most one blob: a SAS scoped to the
        /// container may list but not read the container's properties.
        /// </summary>
        public bool ContainerExists(CancellationToken ct)
        {
            using var message = NewMessage(RequestMethod.Get, _address.ContainerUri.AbsoluteUri + "?restype=container&comp=list&maxresults=1");
            var response = Send(message, ct, "look up the container");
            if (response.Status == 200) return true;
            if (response.Status == 404) return false;
            throw Unexpected(response, "look up the container");
        }

        public bool CreateContainer(CancellationToken ct)
        {
            using var message = NewMessage(RequestMethod.Put, _address.ContainerUri.AbsoluteUri + "?restype=container");
            var response = Send(message, ct, "create the container");
            if (response.Status == 201) return true;
            if (response.Status == 409) return false; // ContainerAlreadyExists
            throw Unexpected(response, "create the container");
        }

        /// <summary>A whole small blob, or null when it (or the container) does not exist.</summary>
        public (byte[] Content, string ETag)? GetBlob(string name, CancellationToken ct)
        {
            using var message = NewMessage(RequestMethod.Get, BlobUri(name));
            var response = Send(message, ct, "read " + name);
            if (response.Status == 404) return null;
            if (response.Status != 200) throw Unexpected(response, "read " + name);
            return (response.Content.ToArray(), RequiredHeader(response, "ETag"));
        }

        /// <summary>Streams a blob from <paramref name="offset"/>; null when it does not exist. With an ETag, only that version.</summary>
        public BlobDownload? OpenRead(string name, long offset, string? ifMatch, CancellationToken ct)
        {
            var message = NewMessage(RequestMethod.Get, BlobUri(name));
            message.BufferResponse = false;
            if (offset > 0) message.Request.Headers.SetValue("x-ms-range", "bytes=" + offset.ToString(CultureInfo.InvariantCulture) + "-");
            if (ifMatch != null) message.Request.Headers.SetValue("If-Match", ifMatch);
            try
            {
                var response = Send(message, ct, "read " + name);
                if (response.Status == 404) return null;
                if (response.Status == 412) throw new StoreUnavailableException($"The blob '{name}' changed while it was being read.");
                if (response.Status != 200 && response.Status != 206) throw Unexpected(response, "read " + name);
                var stream = message.ExtractResponseContent() ?? new MemoryStream();
                return new BlobDownload(stream, RequiredHeader(response, "ETag"));
            }
            finally
            {
                message.Dispose();
            }
        }

        public BlobProperties? GetProperties(string name, CancellationToken ct)
        {
            using var message = NewMessage(RequestMethod.Head, BlobUri(name));
            var response = Send(message, ct, "look up " + name);
            if (response.Status == 404) return null;
            if (response.Status != 200) throw Unexpected(response, "look up " + name);
            response.Headers.TryGetValue("x-ms-copy-status", out var copyStatus);
            long length = response.Headers.TryGetValue("Content-Length", out var lengthText) ? long.Parse(lengthText, CultureInfo.InvariantCulture) : 0;
            return new BlobProperties(RequiredHeader(response, "ETag"), length, copyStatus);
        }

        /// <summary>Uploads a whole blob in one request. Returns the new ETag, or null when the condition failed.</summary>
        public string? PutBlob(string name, byte[] content, int offset, int count, BlobCondition condition, CancellationToken ct) =>
            PutBlob(name, content, offset, count, condition, ct, out _);

        /// <param name="retried">
        /// Whether the request was sent more than once. A conditional write whose first attempt
        /// landed but whose answer was lost fails its own retry's condition: the caller can tell
        /// by reading the blob back.
        /// </param>
        public string? PutBlob(string name, byte[] content, int offset, int count, BlobCondition condition, CancellationToken ct, out bool retried)
        {
            using var message = NewMessage(RequestMethod.Put, BlobUri(name));
            message.Request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
            condition.Apply(message.Request);
            message.Request.Content = RequestContent.Create(content, offset, count);
            SetContentMd5(message.Request, content, offset, count);
            var response = Send(message, ct, "write " + name);
            retried = message.ProcessingContext.RetryNumber > 0;
            if (response.Status == 201) return RequiredHeader(response, "ETag");
            if (condition.IsConditional && IsConditionFailure(response)) return null;
            // If-Match on a blob that is gone: as much a failed condition as a changed ETag.
            if (condition.RequiresExisting && response.Status == 404 && !IsContainerMissing(response)) return null;
            throw Unexpected(response, "write " + name);
        }

        public BlobDeleteResult DeleteBlob(string name, string? ifMatch, CancellationToken ct)
        {
            using var message = NewMessage(RequestMethod.Delete, BlobUri(name));
            if (ifMatch != null) message.Request.Headers.SetValue("If-Match", ifMatch);
            var response = Send(message, ct, "delete " + name);
            if (response.Status == 202) return BlobDeleteResult.Deleted;
            // Gone on a retry: the first attempt, whose answer was lost, deleted it.
            if (response.Status == 404) return message.ProcessingContext.RetryNumber > 0 ? BlobDeleteResult.Deleted : BlobDeleteResult.NotFound;
            if (response.Status == 412) return BlobDeleteResult.Changed;
            throw Unexpected(response, "delete " + name);
        }

        public void PutBlock(string name, string blockId, byte[] content, int count, CancellationToken ct)
        {
            using var message = NewMessage(RequestMethod.Put, BlobUri(name) + "?comp=block&blockid=" + Uri.EscapeDataString(blockId));
            message.Request.Content = RequestContent.Create(content, 0, count);
            SetContentMd5(message.Request, content, 0, count);
            var response = Send(message, ct, "upload a block of " + name);
            if (response.Status != 201) throw Unexpected(response, "upload a block of " + name);
        }

        /// <summary>Commits staged blocks in order. Returns false when the condition failed.</summary>
        public bool PutBlockList(string name, IReadOnlyList<string> blockIds, BlobCondition condition, CancellationToken ct)
        {
            using var message = NewMessage(RequestMethod.Put, BlobUri(name) + "?comp=blocklist");
            condition.Apply(message.Request);
            var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
            foreach (var id in blockIds) xml.Append("<Latest>").Append(id).Append("</Latest>");
            xml.Append("</BlockList>");
            message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml.ToString()));
            var response = Send(message, ct, "commit " + name);
            if (response.Status == 201) return true;
            // The condition failed on a retry: the first attempt, whose answer was lost, committed it.
            if (condition.IsConditional && IsConditionFailure(response) && message.ProcessingContext.RetryNumber > 0) return true;
            if (condition.IsConditional && IsConditionFailure(response)) return false;
            throw Unexpected(response, "commit " + name);
        }

        /// <summary>Starts a server-side copy. Returns null when the destination condition failed, else the copy status.</summary>
        public string? CopyBlob(string destination, string source, BlobCondition condition, CancellationToken ct)
        {
            using var message = NewMessage(RequestMethod.Put, BlobUri(destination));
            message.Request.Headers.SetValue("x-ms-copy-source", _address.Credential.CopySourceUri(BlobUri(source)));
            condition.Apply(message.Request);
            var response = Send(message, ct, "copy " + source + " to " + destination);
            if (response.Status == 202 || response.Status == 201)
                return response.Headers.TryGetValue("x-ms-copy-status", out var status) ? status : "success";
            if (condition.IsConditional && IsConditionFailure(response)) return null;
            throw Unexpected(response, "copy " + source + " to " + destination);
        }

        /// <summary>Every blob whose name starts with the prefix, a page per request; an absent container lists nothing.</summary>
        public IEnumerable<ListedBlob> ListBlobs(string prefix, bool includeUncommitted, int pageSize, CancellationToken ct)
        {
            string? marker = null;
            do
            {
                var url = new StringBuilder(_address.ContainerUri.AbsoluteUri)
                    .Append("?restype=container&comp=list&maxresults=").Append(pageSize.ToString(CultureInfo.InvariantCulture));
                if (prefix.Length > 0) url.Append("&prefix=").Append(Uri.EscapeDataString(prefix));
                if (includeUncommitted) url.Append("&include=uncommittedblobs");
                if (!string.IsNullOrEmpty(marker)) url.Append("&marker=").Append(Uri.EscapeDataString(marker));
                XDocument page;
                using (var message = NewMessage(RequestMethod.Get, url.ToString()))
                {
                    var response = Send(message, ct, "list " + prefix + "*");
                    if (response.Status == 404) yield break; // ContainerNotFound
                    if (response.Status != 200) throw Unexpected(response, "list " + prefix + "*");
                    page = XDocument.Parse(response.Content.ToString());
                }
                foreach (var blob in page.Root!.Element("Blobs")?.Elements("Blob") ?? Enumerable.Empty<XElement>())
                {
                    var properties = blob.Element("Properties");
                    var modified = properties?.Element("Last-Modified")?.Value;
                    var length = properties?.Element("Content-Length")?.Value;
                    yield return new ListedBlob(
                        blob.Element("Name")!.Value,
                        modified == null ? (DateTime?)null : DateTime.Parse(modified, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                        length == null ? 0 : long.Parse(length, CultureInfo.InvariantCulture),
                        QuotedETag(properties?.Element("Etag")?.Value));
                }
                marker = page.Root.Element("NextMarker")?.Value;
            }
            while (!string.IsNullOrEmpty(marker));
        }

        // A listing gives an ETag bare (0x8D...) where a response header quotes it ("0x8D..."):
        // quoted, the two compare equal, so a listed ETag can stand for the one a read returns.
        private static string QuotedETag(string? listed) =>
            string.IsNullOrEmpty(listed) ? string.Empty : listed![0] == '"' ? listed : "\"" + listed + "\"";

        /// <summary>
        /// The service checks a body against its Content-MD5 and refuses one damaged in transit
        /// (400 Md5Mismatch). Azurite also skips its own, slow, checksum of a block that has one.
        /// Where MD5 is not allowed (FIPS mode) the header is left out.
        /// </summary>
        private static void SetContentMd5(Request request, byte[] content, int offset, int count)
        {
            byte[] digest;
            try
            {
                using var md5 = System.Security.Cryptography.MD5.Create();
                digest = md5.ComputeHash(content, offset, count);
            }
            catch (InvalidOperationException)
            {
                return;
            }
            catch (System.Reflection.TargetInvocationException)
            {
                return;
            }
            request.Headers.SetValue("Content-MD5", Convert.ToBase64String(digest));
        }

        private HttpMessage NewMessage(RequestMethod method, Uri uri) => NewMessage(method, uri.AbsoluteUri);

        private HttpMessage NewMessage(RequestMethod method, string uri)
        {
            var message = _pipeline.CreateMessage();
            message.Request.Method = method;
            message.Request.Uri.Reset(new Uri(uri));
            message.Request.Headers.SetValue("x-ms-version", ServiceVersion);
            return message;
        }

        private Response Send(HttpMessage message, CancellationToken ct, string what)
        {
            try
            {
                _pipeline.Send(message, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Azure.Identity.AuthenticationFailedException e)
            {
                throw new StoreAccessDeniedException(
                    $"No Azure AD token could be obtained for '{_address.ContainerUri}' (to {what}): {e.Message.Split('\n')[0]} " +
                    "Sign in (az login, Connect-AzAccount, a managed identity), or give a SAS URI or a connection string.", e);
            }
            catch (Exception e) when (e is RequestFailedException || e is AggregateException || e is IOException || e is HttpRequestException || e is OperationCanceledException)
            {
                // The pipeline has already retried with backoff: the service is out of reach.
                throw new StoreUnavailableException(
                    $"Azure Blob Storage at '{_address.ContainerUri}' could not be reached to {what}: {Innermost(e).Message}", e);
            }
            var response = message.Response;
            if (response.Status == 401 || response.Status == 403) throw AccessDenied(response, what);
            return response;
        }

        private StoreException AccessDenied(Response response, string what)
        {
            var (code, text) = ErrorOf(response);
            return new StoreAccessDeniedException(
                $"Azure Blob Storage refused the {_address.Credential.Kind} credential for '{_address.ContainerUri}' ({response.Status} {code}) when asked to {what}: {text} " +
                "Check the account key, the SAS token's permissions and expiry, or the role assignment of the signed-in identity.");
        }

        private StoreException Unexpected(Response response, string what)
        {
            var (code, text) = ErrorOf(response);
            return new StoreUnavailableException(
                $"Azure Blob Storage at '{_address.ContainerUri}' answered {response.Status} {code} when asked to {what}: {text}");
        }

        private static bool IsConditionFailure(Response response) => response.Status == 409 || response.Status == 412;

        private static bool IsContainerMissing(Response response) =>
            response.Headers.TryGetValue("x-ms-error-code", out var code) && code == "ContainerNotFound";

        private static (string Code, string Message) ErrorOf(Response response)
        {
            response.Headers.TryGetValue("x-ms-error-code", out var code);
            string message = response.ReasonPhrase;
            try
            {
                if (response.ContentStream != null && response.ContentStream.CanSeek && response.ContentStream.Length > 0)
                {
                    var xml = XDocument.Parse(response.Content.ToString());
                    message = xml.Root?.Element("Message")?.Value?.Split('\n')[0] ?? message;
                    code ??= xml.Root?.Element("Code")?.Value;
                }
            }
            catch (System.Xml.XmlException)
            {
                // Not an XML error body: the reason phrase will do.
            }
            return (code ?? "(no error code)", message);
        }

        private static string RequiredHeader(Response response, string name) =>
            response.Headers.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
                ? value
                : throw new StoreUnavailableException($"Azure Blob Storage answered without the '{name}' header.");

        private static Exception Innermost(Exception e)
        {
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Count > 0) e = aggregate.InnerExceptions[aggregate.InnerExceptions.Count - 1];
            while (e.InnerException != null) e = e.InnerException;
            return e;
        }

        private sealed class MlAlmBlobClientOptions : ClientOptions
        {
        }

        /// <summary>Counts requests on the wire (each retry too): benchmarks and tests read it.</summary>
        private sealed class RequestCountingPolicy : HttpPipelineSynchronousPolicy
        {
            private long _count;

            public long Count => Interlocked.Read(ref _count);

            public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
        }
    }

    /// <summary>A request's precondition on the blob's current state.</summary>
    internal readonly struct BlobCondition
    {
        private readonly string? _ifMatch;
        private readonly bool _ifNoneExists;

        private BlobCondition(string? ifMatch, bool ifNoneExists)
        {
            _ifMatch = ifMatch;
            _ifNoneExists = ifNoneExists;
        }

        public static BlobCondition None => default;

        /// <summary>Only if no blob exists under the name (If-None-Match: *).</summary>
        public static BlobCondition IfNotExists => new BlobCondition(null, true);

        /// <summary>Only if the blob is still that version (If-Match).</summary>
        public static BlobCondition IfMatch(string eTag) => new BlobCondition(eTag, false);

        public bool IsConditional => _ifMatch != null || _ifNoneExists;

        public bool RequiresExisting => _ifMatch != null;

        public void Apply(Request request)
        {
            if (_ifNoneExists) request.Headers.SetValue("If-None-Match", "*");
            if (_ifMatch != null) request.Headers.SetValue("If-Match", _ifMatch);
        }
    }

    internal enum BlobDeleteResult
    {
        Deleted,
        NotFound,
        Changed,
    }

    internal sealed class BlobProperties
    {
        public BlobProperties(string eTag, long length, string? copyStatus)
        {
            ETag = eTag;
            Length = length;
            CopyStatus = copyStatus;
        }

        public string ETag { get; }
        public long Length { get; }

        /// <summary>pending, success, aborted or failed for a copy destination; null otherwise.</summary>
        public string? CopyStatus { get; }

        public bool IsComplete => CopyStatus == null || CopyStatus == "success";
    }

    internal sealed class ListedBlob
    {
        public ListedBlob(string name, DateTime? lastModifiedUtc, long length, string eTag)
        {
            Name = name;
            LastModifiedUtc = lastModifiedUtc;
            Length = length;
            ETag = eTag;
        }

        public string Name { get; }
        public DateTime? LastModifiedUtc { get; }
        public long Length { get; }
        public string ETag { get; }
    }

    internal sealed class BlobDownload
    {
        public BlobDownload(Stream stream, string eTag)
        {
            Stream = stream;
            ETag = eTag;
        }

        public Stream Stream { get; }
        public string ETag { get; }
    }
}
