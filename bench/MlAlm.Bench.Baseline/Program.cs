using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MlAlm.Bench.Baseline
{
    /// <summary>
    /// The baseline of the RRS benchmark: the same route and the same Kestrel setup as MlAlm.Host,
    /// reading the whole body and walking every JSON token with Utf8JsonReader (numbers read as
    /// doubles), then answering fixed bytes shaped like the host's answer. No auth, no schema, no
    /// scoring: what any ASP.NET Core service must at least spend on such a request.
    /// Usage: MlAlm.Bench.Baseline --port N
    /// </summary>
    public static class Program
    {
        private static readonly byte[] Response = Encoding.UTF8.GetBytes(
            "{\"Results\":{\"output1\":{\"type\":\"table\",\"value\":{\"ColumnNames\":[\"Scored Labels\",\"Scored Probabilities\"],\"ColumnTypes\":[\"Number\",\"Number\"],\"Values\":[[1,0.7310585786300049]]}}}}");

        public static void Main(string[] args)
        {
            int port = args.Length >= 2 && args[0] == "--port" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5001;
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>(), EnvironmentName = Environments.Production });
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                k.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
                k.Listen(IPAddress.Loopback, port);
            });
            var app = builder.Build();
            app.Map("/services/{service}/endpoints/{endpoint}/execute", Execute);
            app.Run();
        }

        private static async Task Execute(HttpContext context)
        {
            var reader = context.Request.BodyReader;
            ReadResult result;
            while (true)
            {
                result = await reader.ReadAsync();
                if (result.IsCompleted) break;
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
            double sum = Walk(result.Buffer);
            reader.AdvanceTo(result.Buffer.End);
            if (double.IsNaN(sum))
            {
                context.Response.StatusCode = 400;
                return;
            }
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = Response.Length;
            context.Response.BodyWriter.Write(Response);
            await context.Response.BodyWriter.FlushAsync();
        }

        private static double Walk(ReadOnlySequence<byte> body)
        {
            try
            {
                var json = new Utf8JsonReader(body);
                double sum = 0;
                while (json.Read())
                {
                    if (json.TokenType == JsonTokenType.Number) sum += json.GetDouble();
                }
                return sum;
            }
            catch (JsonException)
            {
                return double.NaN;
            }
        }
    }
}
