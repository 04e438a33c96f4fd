using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using MlAlm.Core.Storage.Blob;
using MlAlm.Testing;

namespace MlAlm.Bench
{
    /// <summary>
    /// What the blob benchmarks need of an Azurite besides the store: the address of a container,
    /// a container SAS for curl, and removing a container (so a measurement's gigabyte does not
    /// stay on disk). All requests go to the loopback Azurite the benchmark started.
    /// </summary>
    internal sealed class AzuriteAccess
    {
        // A service version Azurite 3.37 knows; the store itself sends 2021-12-02 too.
        private const string ServiceVersion = "2021-12-02";

        private static readonly HttpClient Http = new HttpClient();

        private readonly byte[] _key;

        public AzuriteAccess(Uri blobEndpoint)
        {
            BlobEndpoint = blobEndpoint;
            _key = Convert.FromBase64String(AzuriteServer.DevelopmentAccountKey);
        }

        public Uri BlobEndpoint { get; }

        /// <summary>
        /// The Azurite process serving <see cref="BlobEndpoint"/> (the node process whose command line
        /// names its port), for its CPU time; null when it cannot be found.
        /// </summary>
        public int? ServerProcessId()
        {
            string port = BlobEndpoint.Port.ToString(CultureInfo.InvariantCulture);
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
                try
                {
                    var argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                    int at = Array.IndexOf(argv, "--blobPort");
                    if (at >= 0 && at + 1 < argv.Length && argv[at + 1] == port && argv.Any(a => a.Contains("azurite", StringComparison.Ordinal))) return pid;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // gone, or not ours to read
                }
            }
            return null;
        }

        public static string AccountName => AzuriteServer.DevelopmentAccountName;

        public string ConnectionString =>
            $"DefaultEndpointsProtocol={BlobEndpoint.Scheme};AccountName={AccountName};AccountKey={AzuriteServer.DevelopmentAccountKey};BlobEndpoint={BlobEndpoint.AbsoluteUri};";

        public BlobContainerAddress Address(string container) => BlobContainerAddress.FromConnectionString(ConnectionString, container);

        public Uri BlobUri(string container, string blob) => new Uri(BlobEndpoint.AbsoluteUri.TrimEnd('/') + "/" + container + "/" + Uri.EscapeDataString(blob));

        /// <summary>
        /// A service SAS for one container (sr=c), read/add/create/write/delete/list, valid for
        /// <paramref name="validFor"/>: the HMAC-SHA256 of the version 2020-12-06+ string-to-sign,
        /// i.e. sp, st, se, canonicalized resource (/blob/account/container), si, sip, spr, sv, sr,
        /// snapshot time, encryption scope, rscc, rscd, rsce, rscl, rsct, one per line.
        /// </summary>
        public string ContainerSas(string container, TimeSpan validFor)
        {
            const string permissions = "racwdl";
            const string resource = "c";
            string expiry = DateTime.UtcNow.Add(validFor).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            string canonical = "/blob/" + AccountName + "/" + container;
            string toSign = string.Join("\n", permissions, "", expiry, canonical, "", "", "", ServiceVersion, resource, "", "", "", "", "", "", "");
            string signature = Sign(toSign);
            return $"sv={ServiceVersion}&sr={resource}&sp={permissions}&se={Uri.EscapeDataString(expiry)}&sig={Uri.EscapeDataString(signature)}";
        }

        /// <summary>Deletes a container with a Shared Key signed request; a missing one is fine.</summary>
        public void DeleteContainer(string container)
        {
            var uri = new Uri(BlobEndpoint.AbsoluteUri.TrimEnd('/') + "/" + container + "?restype=container");
            using var request = new HttpRequestMessage(HttpMethod.Delete, uri);
            string date = DateTime.UtcNow.ToString("R", CultureInfo.InvariantCulture);
            request.Headers.Add("x-ms-date", date);
            request.Headers.Add("x-ms-version", ServiceVersion);
            // VERB, then the eleven standard headers (all empty here), the x-ms-* headers, the resource.
            string toSign = "DELETE\n" + new string('\n', 11) +
                            "x-ms-date:" + date + "\n" + "x-ms-version:" + ServiceVersion + "\n" +
                            "/" + AccountName + uri.AbsolutePath + "\nrestype:container";
            request.Headers.TryAddWithoutValidation("Authorization", "SharedKey " + AccountName + ":" + Sign(toSign));
            using var response = Http.Send(request);
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
                throw new InvalidOperationException($"Deleting container {container} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        private string Sign(string toSign)
        {
            using var hmac = new HMACSHA256(_key);
            return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(toSign)));
        }
    }

    /// <summary>One timed operation on the whole file.</summary>
    internal sealed class Sample
    {
        public double Seconds;
        public double PeakMiB;   // VmHWM, reset just before the operation
        public double BeforeMiB; // VmRSS just before it
        public double AllocatedMiB;
        public long Requests = -1;
        public double ClientCpu = double.NaN; // CPU seconds of this process (all threads)
        public double ServerCpu = double.NaN; // CPU seconds of the Azurite process

        public string Line(string name, long bytes) =>
            string.Format(CultureInfo.InvariantCulture, "  {0,-44} {1,7:F2} s {2,8:F1} MB/s", name, Seconds, bytes / 1e6 / Seconds) +
            (double.IsNaN(PeakMiB) ? string.Empty : string.Format(CultureInfo.InvariantCulture, "  peak {0,5:F0} MiB (before {1,4:F0})  {2,6:F0} MiB allocated", PeakMiB, BeforeMiB, AllocatedMiB)) +
            (Requests < 0 ? string.Empty : string.Format(CultureInfo.InvariantCulture, "  {0,5} requests", Requests)) +
            (double.IsNaN(ClientCpu) ? string.Empty : string.Format(CultureInfo.InvariantCulture, "  CPU s: ours {0:F1}", ClientCpu)) +
            (double.IsNaN(ServerCpu) ? string.Empty : string.Format(CultureInfo.InvariantCulture, "{0}Azurite {1:F1}", double.IsNaN(ClientCpu) ? "  CPU s: " : ", ", ServerCpu));

        public string Serialize() => string.Join(" ", new[] { Seconds, PeakMiB, BeforeMiB, AllocatedMiB, Requests, ClientCpu, ServerCpu }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

        public static Sample Parse(string text)
        {
            var f = text.Split(' ').Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            return new Sample { Seconds = f[0], PeakMiB = f[1], BeforeMiB = f[2], AllocatedMiB = f[3], Requests = (long)f[4], ClientCpu = f[5], ServerCpu = f[6] };
        }
    }

    /// <summary>This process's memory as Linux reports it (/proc/self/status), and a stopwatch around an action.</summary>
    internal static class ProcessMemory
    {
        /// <summary>Peak resident set (VmHWM) in MiB.</summary>
        public static double PeakMiB() => StatusMiB("VmHWM:");

        public static double ResidentMiB() => StatusMiB("VmRSS:");

        /// <summary>Resets VmHWM to the current resident set (writing 5 to clear_refs, Linux 4.0+).</summary>
        public static bool ResetPeak()
        {
            try
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>
        /// Times an action; the peak working set is this process's, from just before it to its end.
        /// CPU time is this process's and, given its id, the server's.
        /// </summary>
        public static Sample Measure(Action action, int? serverProcessId = null)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            bool reset = ResetPeak();
            double before = ResidentMiB();
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            double cpu = OwnCpuSeconds();
            double serverCpu = CpuSeconds(serverProcessId);
            var watch = Stopwatch.StartNew();
            action();
            double seconds = watch.Elapsed.TotalSeconds;
            return new Sample
            {
                Seconds = seconds,
                PeakMiB = reset ? PeakMiB() : double.NaN,
                BeforeMiB = before,
                AllocatedMiB = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0,
                ClientCpu = OwnCpuSeconds() - cpu,
                ServerCpu = CpuSeconds(serverProcessId) - serverCpu,
            };
        }

        public static double OwnCpuSeconds()
        {
            using var process = Process.GetCurrentProcess();
            return process.TotalProcessorTime.TotalSeconds;
        }

        /// <summary>utime + stime of a process from /proc/PID/stat, in seconds; NaN when unknown.</summary>
        public static double CpuSeconds(int? processId)
        {
            if (processId == null) return double.NaN;
            try
            {
                string stat = File.ReadAllText($"/proc/{processId}/stat");
                // Fields after the command name (which is in parentheses and may hold spaces): state is field 3, utime 14, stime 15.
                var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                return ticks / (double)ClockTicksPerSecond;
            }
            catch (Exception e) when (e is IOException || e is FormatException || e is IndexOutOfRangeException)
            {
                return double.NaN;
            }
        }

        // USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)).
        private const int ClockTicksPerSecond = 100;

        private static double StatusMiB(string field)
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return long.Parse(line.Substring(field.Length).Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
            return double.NaN;
        }
    }

    internal static class Figures
    {
        public static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }

        public static string LoadAverage()
        {
            try
            {
                return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            }
            catch (IOException)
            {
                return "unknown";
            }
        }

        public static string Machine() =>
            $"{Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, server GC {System.Runtime.GCSettings.IsServerGC}; load average {LoadAverage()}";
    }

    /// <summary>A stream that cannot seek, so the store streams it in one pass (hashing as it uploads).</summary>
    internal sealed class ForwardOnlyStream : ReadOnlyForwardStream
    {
        private readonly Stream _inner;

        public ForwardOnlyStream(Stream inner) => _inner = inner;

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => _inner.Read(buffer);

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
