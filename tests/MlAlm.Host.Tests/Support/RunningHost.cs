using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace MlAlm.Host.Tests.Support
{
    /// <summary>A real host on 127.0.0.1 (a free port), in this process, with an HttpClient pointed at it.</summary>
    public sealed class RunningHost : IAsyncDisposable
    {
        private RunningHost(WebApplication app, HostOptions options)
        {
            App = app;
            Options = options;
            Address = ScoringHost.Address(app);
            Client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        }

        public WebApplication App { get; }
        public HostOptions Options { get; }
        public Uri Address { get; }
        public HttpClient Client { get; }

        public const int PollMs = 100;

        public static async Task<RunningHost> Start(string workspace, Action<HostOptions>? configure = null)
        {
            var options = new HostOptions { Workspace = workspace, Port = 0, PollIntervalMs = PollMs };
            configure?.Invoke(options);
            var app = ScoringHost.Build(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
            await app.StartAsync();
            return new RunningHost(app, options);
        }

        /// <summary>Waits long enough for at least two polls.</summary>
        public static Task AfterPoll() => Task.Delay(PollMs * 3 + 100);

        public static string ExecutePath(string service, string endpoint = "default") => $"/services/{service}/endpoints/{endpoint}/execute";

        public Task<HttpResponseMessage> Post(string path, string? key, string body, string contentType = "application/json")
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            if (key != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return Client.SendAsync(request);
        }

        public async Task<(int Status, JsonDocument Json)> PostJson(string path, string? key, string body, string contentType = "application/json")
        {
            using var response = await Post(path, key, body, contentType);
            var text = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, JsonDocument.Parse(text));
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
