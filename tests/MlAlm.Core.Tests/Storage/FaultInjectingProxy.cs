using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>What the proxy does with one request.</summary>
    internal enum ProxyFault
    {
        /// <summary>Forward it and return the answer.</summary>
        None,

        /// <summary>Answer 503 ServerBusy without forwarding (the service throttling).</summary>
        Throttle,

        /// <summary>Forward it, then close the connection instead of answering (the answer is lost).</summary>
        LoseResponse,
    }

    /// <summary>One request as the proxy saw it, for the decision function.</summary>
    internal sealed class ProxiedRequest
    {
        public ProxiedRequest(string method, string target, Dictionary<string, string> headers)
        {
            Method = method;
            Target = target;
            Headers = headers;
        }

        public string Method { get; }

        /// <summary>The request target: path and query, as sent.</summary>
        public string Target { get; }

        public Dictionary<string, string> Headers { get; }
    }

    /// <summary>
    /// A real HTTP/1.1 proxy on loopback in front of Azurite that injects the faults of a real
    /// network: throttling answers, and answers lost after the service acted (the connection is
    /// closed instead). It speaks HTTP on raw sockets so that a lost answer is truly lost; one
    /// request per connection. A decision function picks the fault per request.
    /// </summary>
    internal sealed class FaultInjectingProxy : IDisposable
    {
        private static readonly HashSet<string> HopHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Host", "Connection", "Content-Length", "Transfer-Encoding", "Expect", "Keep-Alive",
        };

        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly HttpClient _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None });
        private readonly Uri _target;
        private readonly Func<ProxiedRequest, ProxyFault> _decide;
        private readonly Action<ProxiedRequest, List<KeyValuePair<string, string>>>? _rewriteAnswer;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _loop;
        private int _throttled;
        private int _lost;
        private int _forwarded;

        /// <param name="targetEndpoint">The Azurite blob endpoint, e.g. http://127.0.0.1:10000/devstoreaccount1.</param>
        /// <param name="decide">The fault for each request.</param>
        /// <param name="rewriteAnswer">
        /// Changes the headers of a forwarded answer, to play a service state Azurite never reaches
        /// (a server-side copy still pending, or failed).
        /// </param>
        public FaultInjectingProxy(Uri targetEndpoint, Func<ProxiedRequest, ProxyFault> decide,
            Action<ProxiedRequest, List<KeyValuePair<string, string>>>? rewriteAnswer = null)
        {
            _target = new Uri(targetEndpoint.GetLeftPart(UriPartial.Authority));
            _decide = decide;
            _rewriteAnswer = rewriteAnswer;
            _listener.Start();
            int port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            BlobEndpoint = new Uri($"http://127.0.0.1:{port}{targetEndpoint.AbsolutePath.TrimEnd('/')}");
            _loop = Task.Run(AcceptLoop);
        }

        /// <summary>The proxied blob endpoint, with the same account path as the target's.</summary>
        public Uri BlobEndpoint { get; }

        public int Throttled => Volatile.Read(ref _throttled);
        public int ResponsesLost => Volatile.Read(ref _lost);
        public int Forwarded => Volatile.Read(ref _forwarded);

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient connection;
                try
                {
                    connection = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException || e is SocketException || e is ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(() => Handle(connection));
            }
        }

        private async Task Handle(TcpClient connection)
        {
            using (connection)
            {
                try
                {
                    var stream = connection.GetStream();
                    var (method, target, headers, body) = await ReadRequest(stream).ConfigureAwait(false);
                    var request = new ProxiedRequest(method, target, headers);
                    var fault = _decide(request);
                    if (fault == ProxyFault.Throttle)
                    {
                        Interlocked.Increment(ref _throttled);
                        await Write(stream, 503, "Server Busy", new List<KeyValuePair<string, string>> { new("x-ms-error-code", "ServerBusy") }, Array.Empty<byte>(), 0).ConfigureAwait(false);
                        return;
                    }
                    using var response = await Forward(method, target, headers, body).ConfigureAwait(false);
                    Interlocked.Increment(ref _forwarded);
                    if (fault == ProxyFault.LoseResponse)
                    {
                        Interlocked.Increment(ref _lost);
                        connection.Client.Close(); // the service acted; the client never hears of it
                        return;
                    }
                    var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    var answerHeaders = new List<KeyValuePair<string, string>>();
                    foreach (var h in response.Headers) answerHeaders.Add(new(h.Key, string.Join(",", h.Value)));
                    foreach (var h in response.Content.Headers) answerHeaders.Add(new(h.Key, string.Join(",", h.Value)));
                    _rewriteAnswer?.Invoke(request, answerHeaders);
                    // A HEAD answer carries the blob's length without its body.
                    long length = method == "HEAD" ? response.Content.Headers.ContentLength ?? 0 : bytes.Length;
                    await Write(stream, (int)response.StatusCode, response.ReasonPhrase ?? "", answerHeaders, method == "HEAD" ? Array.Empty<byte>() : bytes, length).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException || e is SocketException || e is HttpRequestException || e is ObjectDisposedException || e is InvalidDataException)
                {
                    // The client went away, or the proxy is stopping.
                }
            }
        }

        private static async Task<(string Method, string Target, Dictionary<string, string> Headers, byte[] Body)> ReadRequest(NetworkStream stream)
        {
            var head = new MemoryStream();
            var one = new byte[1];
            while (true)
            {
                if (await stream.ReadAsync(one).ConfigureAwait(false) == 0) throw new InvalidDataException("The connection closed before a request.");
                head.WriteByte(one[0]);
                var b = head.GetBuffer();
                long n = head.Length;
                if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') break;
            }
            var lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var start = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 1; i < lines.Length; i++)
            {
                int colon = lines[i].IndexOf(':');
                headers[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim();
            }
            var body = new byte[headers.TryGetValue("Content-Length", out var cl) ? int.Parse(cl, System.Globalization.CultureInfo.InvariantCulture) : 0];
            int read = 0;
            while (read < body.Length)
            {
                int got = await stream.ReadAsync(body.AsMemory(read)).ConfigureAwait(false);
                if (got == 0) throw new InvalidDataException("The connection closed inside a request body.");
                read += got;
            }
            return (start[0], start[1], headers, body);
        }

        private Task<HttpResponseMessage> Forward(string method, string target, Dictionary<string, string> headers, byte[] body)
        {
            var message = new HttpRequestMessage(new HttpMethod(method), new Uri(_target, target));
            if (body.Length > 0 || method == "PUT") message.Content = new ByteArrayContent(body);
            foreach (var header in headers)
            {
                if (HopHeaders.Contains(header.Key)) continue;
                if (!message.Headers.TryAddWithoutValidation(header.Key, header.Value)) message.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            return _client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
        }

        private static async Task Write(NetworkStream stream, int status, string reason, List<KeyValuePair<string, string>> headers, byte[] body, long contentLength)
        {
            var head = new StringBuilder().Append("HTTP/1.1 ").Append(status).Append(' ').Append(reason).Append("\r\n");
            foreach (var header in headers)
            {
                if (!HopHeaders.Contains(header.Key)) head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
            }
            head.Append("Content-Length: ").Append(contentLength).Append("\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString())).ConfigureAwait(false);
            await stream.WriteAsync(body).ConfigureAwait(false);
            await stream.FlushAsync().ConfigureAwait(false);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
            _client.Dispose();
            _stop.Dispose();
        }
    }
}
