using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MlAlm.Host.Tests.Support;
using Xunit;

namespace MlAlm.Host.Tests
{
    /// <summary>
    /// Thousands of malformed requests (seeded, bounded in count and time, loopback only): none may
    /// get a 5xx, and the host must go on serving a valid request afterwards.
    /// </summary>
    [Collection(HostCollection.Name)]
    public class FuzzTests
    {
        private const int HttpRequests = 3000;
        private const int RawRequests = 300;
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

        private readonly HostWorkspace _ws;

        public FuzzTests(HostWorkspace ws) => _ws = ws;

        [Fact]
        public async Task Malformed_requests_never_get_a_5xx_and_the_host_keeps_serving()
        {
            await using var host = await RunningHost.Start(_ws.Location, o => o.MaxBodyBytes = 64 * 1024);
            string key = _ws.Key(HostWorkspace.ServiceName);
            string path = RunningHost.ExecutePath(HostWorkspace.ServiceName);
            string valid = Requests.Classic(_ws.FeatureRows(0, 3));
            var clock = Stopwatch.StartNew();
            var statuses = new ConcurrentDictionary<int, int>();
            var serverErrors = new ConcurrentBag<string>();
            int sent = 0;

            await Parallel.ForEachAsync(Enumerable.Range(0, HttpRequests), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                if (clock.Elapsed > Budget) return;
                var random = new Random(1000 + i);
                HttpRequestMessage request;
                string description;
                try
                {
                    (request, description) = MakeRequest(random, i, path, key, valid);
                }
                catch (FormatException)
                {
                    return; // HttpClient refused to send a header value; the raw socket part covers those
                }
                using (request)
                {
                    HttpResponseMessage response;
                    try
                    {
                        response = await host.Client.SendAsync(request, ct);
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server closed a connection it could not make sense of: not a 5xx
                    }
                    using (response)
                    {
                        Interlocked.Increment(ref sent);
                        int status = (int)response.StatusCode;
                        statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                        if (status >= 500) serverErrors.Add($"{status} for {description}: {await response.Content.ReadAsStringAsync(ct)}");
                    }
                }
            });

            var rawStatuses = new ConcurrentBag<int>();
            await Parallel.ForEachAsync(Enumerable.Range(0, RawRequests), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                if (clock.Elapsed > Budget) return;
                var random = new Random(5000 + i);
                var (bytes, description) = MakeRawRequest(random, i, path, key, valid);
                int status = await SendRaw(host.Address.Port, bytes);
                if (status > 0) rawStatuses.Add(status);
                if (status >= 500) serverErrors.Add($"{status} for raw {description}");
            });

            Assert.Empty(serverErrors);
            Assert.True(sent > 1000, $"only {sent} requests were answered");
            Assert.True(statuses.Keys.All(s => s < 500));
            Assert.Contains(400, statuses.Keys);
            Assert.Contains(401, statuses.Keys);
            Assert.Contains(404, statuses.Keys);
            Assert.Contains(405, statuses.Keys);
            Assert.Contains(413, statuses.Keys);
            Assert.Contains(415, statuses.Keys);

            var (ok, json) = await host.PostJson(path, key, valid);
            Assert.Equal(200, ok);
            Assert.Equal(HostWorkspace.Expected(_ws.Pipeline(HostWorkspace.ServiceName), _ws.FeatureRows(0, 3)), Requests.ClassicScores(json));
            Assert.Equal(200, (int)(await host.Client.GetAsync("/health")).StatusCode);
        }

        private static (HttpRequestMessage, string) MakeRequest(Random random, int i, string path, string key, string valid)
        {
            string method = "POST", target = path, contentType = "application/json";
            string? auth = "Bearer " + key;
            byte[] body = Encoding.UTF8.GetBytes(valid);
            string kind;
            switch (i % 10)
            {
                case 0:
                    kind = "random bytes";
                    body = new byte[random.Next(0, 2000)];
                    random.NextBytes(body);
                    break;
                case 1:
                    kind = "mutated JSON";
                    body = Mutate(random, body);
                    break;
                case 2:
                    kind = "truncated JSON";
                    body = body.Take(random.Next(0, body.Length)).ToArray();
                    break;
                case 3:
                    kind = "wrong value types";
                    body = Encoding.UTF8.GetBytes(WrongTypes(random));
                    break;
                case 4:
                    kind = "deep nesting";
                    body = Encoding.UTF8.GetBytes(Deep(random));
                    break;
                case 5:
                    kind = "content type";
                    contentType = Pick(random, "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=latin1",
                        "application/x-www-form-urlencoded", "text/csv", "application/jsonx", "*/*", "application/json; charset=utf-16");
                    break;
                case 6:
                    kind = "authorization";
                    auth = Pick(random, null, "Bearer", "Bearer ", "bearer " + key + "x", "Basic " + key, "Bearer " + new string('a', random.Next(1, 8000)),
                        "Bearer " + key.Substring(0, key.Length - 1), "Token " + key, "Bearer " + key + " " + key, "Bearer \u00e9\u00e8", "Bearer " + Convert.ToBase64String(new byte[32]));
                    break;
                case 7:
                    kind = "method";
                    method = Pick(random, "GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO");
                    break;
                case 8:
                    kind = "path";
                    target = Pick(random, "/", "/services", "/services/x", "/services/churn/endpoints", "/services/churn/endpoints/default",
                        "/services/churn/endpoints/default/execute/extra", "/services/%2e%2e/endpoints/default/execute", "/services/churn/endpoints/%00/execute",
                        "/" + new string('a', random.Next(1, 4000)), "/services/" + Uri.EscapeDataString(new string((char)random.Next(1, 0xD7FF), 3)) + "/endpoints/default/execute",
                        "/health/x", "/services/churn/endpoints/default/openapi.json/x", "/SERVICES/CHURN/ENDPOINTS/DEFAULT/EXECUTE");
                    break;
                default:
                    kind = "large body";
                    body = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("{\"f1\":1}", 10000)) + "]");
                    break;
            }
            var request = new HttpRequestMessage(new HttpMethod(method), target);
            if (method != "GET" && method != "HEAD" && method != "TRACE")
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
            if (auth != null && !request.Headers.TryAddWithoutValidation("Authorization", auth)) throw new FormatException();
            return (request, $"{kind} #{i}");
        }

        private static byte[] Mutate(Random random, byte[] body)
        {
            var bytes = body.ToList();
            int edits = random.Next(1, 6);
            for (int e = 0; e < edits && bytes.Count > 0; e++)
            {
                int at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0: bytes[at] = (byte)random.Next(256); break;
                    case 1: bytes.RemoveAt(at); break;
                    default: bytes.Insert(at, (byte)"{}[]\",:0-e.9tfn\\"[random.Next(16)]); break;
                }
            }
            return bytes.ToArray();
        }

        private static string WrongTypes(Random random)
        {
            string Value() => Pick(random, "\"1.5\"", "true", "false", "null", "[]", "{}", "[1,[2]]", "{\"a\":1}", "1e400", "-1e400",
                "1" + new string('0', 400), "123456789012345678901234567890", "-0", "0.0000000000000000000000001", "\"\"", "\"2024-01-01\"", "1E+2",
                "NaN", "Infinity", "\"\\u0000\"", "\"\\ud800\"");
            var values = string.Join(",", Enumerable.Range(0, random.Next(6, 11)).Select(_ => Value()));
            var names = string.Join(",", Enumerable.Range(1, random.Next(6, 10)).Select(j => random.Next(5) == 0 ? "1" : $"\"f{j}\""));
            return random.Next(2) == 0
                ? "{\"Inputs\":{\"input1\":{\"ColumnNames\":[" + names + "],\"Values\":[[" + values + "]]}}}"
                : "[{" + string.Join(",", Enumerable.Range(1, 8).Select(j => $"\"f{j}\":{Value()}")) + "}]";
        }

        private static string Deep(Random random)
        {
            int depth = random.Next(50, 5000);
            return random.Next(3) switch
            {
                0 => new string('[', depth) + new string(']', depth),
                1 => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth),
                _ => "{\"Inputs\":{\"input1\":{\"ColumnNames\":[\"f1\"],\"Values\":[" + new string('[', depth) + new string(']', depth) + "]}}}",
            };
        }

        private static (byte[], string) MakeRawRequest(Random random, int i, string path, string key, string valid)
        {
            string Head(string method, string target, string extra) =>
                $"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\n{extra}";
            switch (i % 6)
            {
                case 0: // Content-Length promises more than is sent, then the client closes
                    return (Encoding.UTF8.GetBytes(Head("POST", path, $"Content-Length: {valid.Length + 100}\r\n\r\n") + valid), "short body");
                case 1: // malformed chunked encoding
                    return (Encoding.UTF8.GetBytes(Head("POST", path, "Transfer-Encoding: chunked\r\n\r\n") + "zz\r\n" + valid + "\r\n0\r\n\r\n"), "bad chunk");
                case 2: // a chunked body cut off mid-chunk
                    return (Encoding.UTF8.GetBytes(Head("POST", path, "Transfer-Encoding: chunked\r\n\r\n") + $"{valid.Length:x}\r\n" + valid.Substring(0, valid.Length / 2)), "cut chunk");
                case 3: // garbage request line
                    var junk = new byte[random.Next(1, 300)];
                    random.NextBytes(junk);
                    return (junk, "garbage");
                case 4: // header without a colon, control characters in the Authorization header
                    return (Encoding.UTF8.GetBytes($"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u0001{key}\r\nBrokenHeader\r\nContent-Length: 2\r\n\r\n{{}}"), "bad header");
                default: // two Content-Length headers that disagree
                    return (Encoding.UTF8.GetBytes(Head("POST", path, $"Content-Length: {valid.Length}\r\nContent-Length: 3\r\n\r\n") + valid), "two lengths");
            }
        }

        /// <summary>Sends bytes, half-closes, and reads the status code of the answer (0 when the server just closed).</summary>
        private static async Task<int> SendRaw(int port, byte[] bytes)
        {
            using var client = new TcpClient();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port, cts.Token);
            var stream = client.GetStream();
            try
            {
                await stream.WriteAsync(bytes, cts.Token);
                client.Client.Shutdown(SocketShutdown.Send);
                var buffer = new byte[64];
                int read = 0;
                while (read < 12)
                {
                    int n = await stream.ReadAsync(buffer.AsMemory(read), cts.Token);
                    if (n == 0) break;
                    read += n;
                }
                var text = Encoding.ASCII.GetString(buffer, 0, read);
                return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && read >= 12 && int.TryParse(text.AsSpan(9, 3), out int status) ? status : 0;
            }
            catch (Exception e) when (e is System.IO.IOException || e is SocketException || e is OperationCanceledException)
            {
                return 0;
            }
        }

        private static T Pick<T>(Random random, params T[] items) => items[random.Next(items.Length)];
    }
}
