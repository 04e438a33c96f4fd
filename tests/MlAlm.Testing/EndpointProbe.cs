using System;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MlAlm.Testing
{
    /// <summary>Whether a blob endpoint is up: its port takes TCP connections and HTTP gets an answer.</summary>
    internal static class EndpointProbe
    {
        // No proxy: an HTTP(S)_PROXY in the environment must not intercept loopback probes.
        private static readonly HttpClient Http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            Timeout = TimeSpan.FromSeconds(5),
        };

        /// <summary>True once the endpoint answers an HTTP GET with any status (Azurite says 403 to anonymous callers).</summary>
        public static bool Answers(Uri endpoint) => AcceptsConnections(endpoint) && AnswersHttp(endpoint);

        // The cheap check first: until the port is open, HTTP would only add its own timeouts.
        private static bool AcceptsConnections(Uri endpoint)
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).AsTask().GetAwaiter().GetResult();
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        private static bool AnswersHttp(Uri endpoint)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.AbsoluteUri + "?comp=list");
                using var response = Http.Send(request);
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }
    }
}
