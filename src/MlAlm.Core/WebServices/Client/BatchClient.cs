using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using Newtonsoft.Json.Linq;

namespace MlAlm.Core.WebServices.Client
{
    /// <summary>Submits batch jobs to a scoring host's BES API (…/jobs) and returns the job id it assigned.</summary>
    public sealed class BatchClient : IDisposable
    {
        private readonly ScoringClient _client = new ScoringClient(TimeSpan.FromMinutes(30));

        /// <summary>Scores a dataset version of the host's workspace ('name' or 'name:version').</summary>
        public string SubmitDataset(Uri jobsUri, string apiKey, string dataset, string? outputDataset, CancellationToken ct = default)
        {
            var body = new JObject { ["input"] = new JObject { ["dataset"] = dataset } };
            if (outputDataset != null) body["outputDataset"] = outputDataset;
            using var request = new HttpRequestMessage(HttpMethod.Post, jobsUri) { Content = new StringContent(body.ToString(Newtonsoft.Json.Formatting.None), Encoding.UTF8, "application/json") };
            return Submit(request, apiKey, ct);
        }

        /// <summary>Uploads a CSV file (streamed, not buffered) and scores it.</summary>
        public string SubmitFile(Uri jobsUri, string apiKey, string path, string? outputDataset, CancellationToken ct = default)
        {
            var query = "?fileName=" + Uri.EscapeDataString(Path.GetFileName(path)) + (outputDataset == null ? "" : "&outputDataset=" + Uri.EscapeDataString(outputDataset));
            var uri = new Uri(jobsUri + query);
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var content = new StreamContent(file, 1 << 16);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = Path.GetFileName(path) };
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
            return Submit(request, apiKey, ct);
        }

        private string Submit(HttpRequestMessage request, string apiKey, CancellationToken ct)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            var job = JObject.Parse(_client.Send(request, ct));
            return (string?)job["id"] ?? throw new FormatException("The host's answer names no job id.");
        }

        /// <summary>The jobs URL of an endpoint, from its request/response URL.</summary>
        public static Uri JobsUri(string executeUrl) =>
            new Uri(executeUrl.EndsWith("/execute", StringComparison.Ordinal) ? executeUrl.Substring(0, executeUrl.Length - "/execute".Length) + "/jobs" : executeUrl);

        public void Dispose() => _client.Dispose();
    }
}
