using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MlAlm.Testing;
using Xunit;

namespace MlAlm.Core.Tests.Support
{
    /// <summary>The Azurite the Azure Blob store tests run against (tests/MlAlm.Testing).</summary>
    public sealed class AzuriteServerTests
    {
        private static readonly HttpClient Http = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        [Fact]
        public void A_private_server_stops_and_restarts_on_the_same_port_with_its_data()
        {
            using var server = AzuriteServer.StartPrivate();
            AssertAzuriteAnswers(server);
            var container = server.ContainerUri(AzuriteServer.NewContainerName("restart")).AbsoluteUri + "?restype=container";
            Assert.Equal(HttpStatusCode.Created, SharedKeySend(server, HttpMethod.Put, container));

            // Right after the write: Azurite would lose it to a kill (it saves its database every 5 s).
            server.Stop();
            Assert.False(server.IsRunning);
            using (var client = new TcpClient())
            {
                Assert.ThrowsAny<SocketException>(() => client.Connect(server.BlobEndpoint.Host, server.BlobEndpoint.Port));
            }

            server.Start();
            AssertAzuriteAnswers(server);
            Assert.Equal(HttpStatusCode.OK, SharedKeySend(server, HttpMethod.Get, container));
        }

        [Fact]
        public void The_shared_server_answers_and_is_not_for_a_test_to_stop()
        {
            var server = AzuriteServer.Shared;
            AssertAzuriteAnswers(server);
            Assert.Same(server, AzuriteServer.Shared);
            Assert.Throws<InvalidOperationException>(() => server.Stop());
            server.Dispose(); // does nothing for the shared server
            AssertAzuriteAnswers(server);
        }

        [Theory]
        [InlineData("")]
        [InlineData("store")]
        [InlineData("Races_Between WRITERS")]
        [InlineData("--a--b--")]
        [InlineData("été")]
        [InlineData("a-very-long-hint-that-goes-on-and-on-and-on-beyond-sixty-three-characters")]
        public void Container_names_are_valid_and_unique(string hint)
        {
            var names = Enumerable.Range(0, 100).Select(_ => AzuriteServer.NewContainerName(hint)).ToList();
            Assert.Equal(names.Count, names.Distinct().Count());
            foreach (var name in names)
            {
                Assert.Matches(new Regex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$"), name);
            }
        }

        [Fact]
        public void The_connection_string_names_the_account_key_and_endpoint()
        {
            var server = AzuriteServer.Shared;
            Assert.Equal(
                $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteServer.DevelopmentAccountKey};BlobEndpoint={server.BlobEndpoint.AbsoluteUri};",
                server.ConnectionString);
            Assert.Equal(server.BlobEndpoint.AbsoluteUri + "/box", server.ContainerUri("box").AbsoluteUri);
        }

        // Anonymous calls get 403 from Azurite; its Server header says who answered.
        private static void AssertAzuriteAnswers(AzuriteServer server)
        {
            using var response = Http.GetAsync(server.BlobEndpoint.AbsoluteUri + "?comp=list").GetAwaiter().GetResult();
            Assert.Contains("Azurite", response.Headers.Server.ToString(), StringComparison.Ordinal);
        }

        // Just enough Shared Key signing for a body-less container call; the store's own client is what
        // the store tests exercise.
        private static HttpStatusCode SharedKeySend(AzuriteServer server, HttpMethod method, string url)
        {
            using var request = new HttpRequestMessage(method, url);
            if (method == HttpMethod.Put) request.Content = new ByteArrayContent(Array.Empty<byte>());
            var date = DateTime.UtcNow.ToString("R", CultureInfo.InvariantCulture);
            request.Headers.Add("x-ms-date", date);
            request.Headers.Add("x-ms-version", "2021-08-06");
            var uri = new Uri(url);
            var query = string.Concat(uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2)).OrderBy(pair => pair[0], StringComparer.Ordinal)
                .Select(pair => $"\n{pair[0]}:{Uri.UnescapeDataString(pair[1])}"));
            var toSign = method.Method + new string('\n', 12)
                + $"x-ms-date:{date}\nx-ms-version:2021-08-06\n"
                + $"/{server.AccountName}{uri.AbsolutePath}{query}";
            using var hmac = new HMACSHA256(Convert.FromBase64String(server.AccountKey));
            var signature = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(toSign)));
            request.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {server.AccountName}:{signature}");
            using var response = Http.Send(request);
            return response.StatusCode;
        }
    }
}
