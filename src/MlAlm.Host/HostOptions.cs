using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;

namespace MlAlm.Host
{
    /// <summary>
    /// How a scoring host runs. Built from the command line by <see cref="Parse"/>, or directly by
    /// tests and by code that hosts the server in-process.
    /// </summary>
    public sealed class HostOptions
    {
        public const int DefaultPort = 5000;
        public const long DefaultMaxBodyBytes = 4L * 1024 * 1024;
        public const long DefaultMaxUploadBytes = 1024L * 1024 * 1024;
        public const int DefaultPollIntervalMs = 1000;
        public const int DefaultQueueTimeoutMs = 2000;
        public const int DefaultBatchConcurrency = 1;

        /// <summary>The workspace directory to serve (required).</summary>
        public string Workspace { get; set; } = string.Empty;

        /// <summary>
        /// Explicit listen URLs (http only, separated by ';'). Null: listen on 127.0.0.1 at
        /// <see cref="Port"/>. Only an explicit URL can make the host listen beyond loopback.
        /// </summary>
        public string? Urls { get; set; }

        /// <summary>The loopback port when <see cref="Urls"/> is not given; 0 picks a free port.</summary>
        public int Port { get; set; } = DefaultPort;

        /// <summary>Serve only endpoints with this environment label (ignoring case); null serves all.</summary>
        public string? Environment { get; set; }

        /// <summary>Largest request body accepted by RRS and JSON job submissions; larger is 413.</summary>
        public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

        /// <summary>Largest CSV a batch job submission may upload; larger is 413.</summary>
        public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

        /// <summary>How often the host looks for added, changed and removed endpoints.</summary>
        public int PollIntervalMs { get; set; } = DefaultPollIntervalMs;

        /// <summary>
        /// How long a request waits for a free slot when its endpoint already runs MaxConcurrentCalls
        /// calls; after that it gets 429.
        /// </summary>
        public int QueueTimeoutMs { get; set; } = DefaultQueueTimeoutMs;

        /// <summary>How many batch jobs run at the same time.</summary>
        public int BatchConcurrency { get; set; } = DefaultBatchConcurrency;

        /// <summary>Whether to register the host in the workspace (hosts/&lt;id&gt;) while it runs.</summary>
        public bool RegisterInWorkspace { get; set; } = true;

        /// <summary>Write the console log to this file (appending) instead of the console: what a detached host started by the module does.</summary>
        public string? LogFile { get; set; }

        public static string Usage =>
            "usage: MlAlm.Host --workspace <path> [--port N | --urls http://host:port[;...]] [--environment <label>]\n" +
            "                  [--max-body-bytes N] [--max-upload-bytes N] [--poll-interval-ms N] [--queue-timeout-ms N] [--batch-concurrency N]\n" +
            "                  [--log-file <path>]\n" +
            "  Listens on 127.0.0.1:" + DefaultPort + " by default; only an explicit --urls listens elsewhere.";

        /// <summary>Reads command-line arguments; throws <see cref="ArgumentException"/> with a one-line message on a mistake.</summary>
        public static HostOptions Parse(IReadOnlyList<string> args)
        {
            var options = new HostOptions();
            bool portGiven = false;
            for (int i = 0; i < args.Count; i++)
            {
                string name = args[i];
                if (!name.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument '{name}'.");
                string Value()
                {
                    if (i + 1 >= args.Count) throw new ArgumentException($"{name} needs a value.");
                    return args[++i];
                }
                switch (name.ToLowerInvariant())
                {
                    case "--workspace": options.Workspace = Value(); break;
                    case "--urls": options.Urls = Value(); break;
                    case "--port": options.Port = Int(name, Value(), 0, 65535); portGiven = true; break;
                    case "--environment": options.Environment = Value(); break;
                    case "--max-body-bytes": options.MaxBodyBytes = Long(name, Value(), 1024, long.MaxValue); break;
                    case "--max-upload-bytes": options.MaxUploadBytes = Long(name, Value(), 1024, long.MaxValue); break;
                    case "--poll-interval-ms": options.PollIntervalMs = Int(name, Value(), 50, 3_600_000); break;
                    case "--queue-timeout-ms": options.QueueTimeoutMs = Int(name, Value(), 0, 600_000); break;
                    case "--batch-concurrency": options.BatchConcurrency = Int(name, Value(), 1, 64); break;
                    case "--log-file": options.LogFile = Value(); break;
                    default: throw new ArgumentException($"Unknown option '{name}'.");
                }
            }
            if (string.IsNullOrWhiteSpace(options.Workspace)) throw new ArgumentException("--workspace <path> is required.");
            if (portGiven && options.Urls != null) throw new ArgumentException("Give --port or --urls, not both.");
            options.ListenAddresses();
            return options;
        }

        /// <summary>Where to listen: (address or null for localhost, port, display URL). Throws ArgumentException for a URL it cannot use.</summary>
        internal IReadOnlyList<(IPAddress? Address, int Port)> ListenAddresses()
        {
            var result = new List<(IPAddress?, int)>();
            if (Urls == null)
            {
                if (Port < 0 || Port > 65535) throw new ArgumentException($"Port {Port} is not between 0 and 65535.");
                result.Add((IPAddress.Loopback, Port));
                return result;
            }
            foreach (var raw in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // Uri cannot parse the wildcard hosts Kestrel accepts, so read scheme, host and port by hand.
                const string scheme = "http://";
                if (!raw.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"'{raw}' is not an http:// URL; the host serves plain HTTP (put TLS in front of it).");
                string rest = raw.Substring(scheme.Length).TrimEnd('/');
                int colon = rest.LastIndexOf(':');
                if (colon <= 0 || rest.EndsWith("]", StringComparison.Ordinal)) throw new ArgumentException($"'{raw}' has no port.");
                string host = rest.Substring(0, colon);
                int port = Int("--urls", rest.Substring(colon + 1), 0, 65535);
                if (host == "*" || host == "+" || host == "0.0.0.0") result.Add((IPAddress.Any, port));
                else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) result.Add((null, port));
                else if (IPAddress.TryParse(host.Trim('[', ']'), out var address)) result.Add((address, port));
                else throw new ArgumentException($"'{raw}': give an IP address, localhost or * as the host, not '{host}'.");
            }
            if (result.Count == 0) throw new ArgumentException("--urls names no URL.");
            return result;
        }

        private static int Int(string name, string text, int min, int max) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
                ? value
                : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{text}'.");

        private static long Long(string name, string text, long min, long max) =>
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value >= min && value <= max
                ? value
                : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{text}'.");
    }
}
