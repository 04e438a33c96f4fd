using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using MlAlm.Core.Models;
using MlAlm.Core.WebServices;
using MlAlm.Core.Workspaces;
using MlAlm.Learning.Data;
using MlAlm.Learning.Models;
using MlAlm.Learning.Packages;

namespace MlAlm.Bench
{
    /// <summary>
    /// `rrs`: request/response throughput and latency of MlAlm.Host against its limit on this
    /// machine. Builds both apps in Release, makes a workspace with a LogisticRegression web service
    /// over 20 numeric features, starts MlAlm.Host and MlAlm.Bench.Baseline (the same route and
    /// Kestrel setup, parsing the same JSON with Utf8JsonReader and answering fixed bytes) on
    /// 127.0.0.1, and drives each with wrk (16 connections, 2 threads, single-row classic requests
    /// with the Authorization header) after a warm-up, in the same run. Needs wrk on PATH
    /// (apt-get install wrk). wrk shares the machine's cores with the server it measures. On a machine
    /// other work also loads, run it under `nice -n -15` (as root; the servers and wrk inherit it) so
    /// that tail latency measures the servers rather than the run queue; it applies to both alike.
    /// </summary>
    internal static class RrsBench
    {
        private const int Features = 20;

        public static int Run(string[] args)
        {
            var options = Program.ParseOptions(args.Skip(1).ToArray());
            int duration = options.GetValueOrDefault("duration", 15);
            int warmup = options.GetValueOrDefault("warmup", 5);
            int connections = options.GetValueOrDefault("connections", 16);
            int threads = options.GetValueOrDefault("threads", 2);
            int rounds = options.GetValueOrDefault("rounds", 1);

            if (!CanRun("wrk", "--version"))
            {
                Console.Error.WriteLine("rrs needs wrk on PATH: apt-get install -y wrk");
                return 2;
            }
            string root = FindRepositoryRoot();
            string hostDll = Publish(root, "src/MlAlm.Host/MlAlm.Host.csproj", "MlAlm.Host.dll");
            string baselineDll = Publish(root, "bench/MlAlm.Bench.Baseline/MlAlm.Bench.Baseline.csproj", "MlAlm.Bench.Baseline.dll");

            string folder = Path.Combine(Path.GetTempPath(), "mlalm-rrs-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            Process? host = null, baseline = null;
            try
            {
                var (workspace, key) = CreateWorkspace(folder);
                string body = RequestBody();
                string script = Path.Combine(folder, "request.lua");
                File.WriteAllText(script,
                    "wrk.method = \"POST\"\n" +
                    "wrk.body = '" + body + "'\n" +
                    "wrk.headers[\"Content-Type\"] = \"application/json\"\n" +
                    "wrk.headers[\"Authorization\"] = \"Bearer " + key + "\"\n");
                const string path = "/services/bench/endpoints/default/execute";

                int hostPort = FreePort(), baselinePort = FreePort();
                host = Start(hostDll, $"--workspace \"{workspace}\" --port {hostPort}", Path.Combine(folder, "host.log"));
                baseline = Start(baselineDll, $"--port {baselinePort}", Path.Combine(folder, "baseline.log"));
                string hostUrl = $"http://127.0.0.1:{hostPort}", baselineUrl = $"http://127.0.0.1:{baselinePort}";
                WaitUntilServing(hostUrl + path, body, key);
                WaitUntilServing(baselineUrl + path, body, key);
                Console.WriteLine($"machine   {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; wrk shares them");
                Console.WriteLine($"request   {Encoding.UTF8.GetByteCount(body)} bytes: one row, {Features} numbers, classic form; wrk -t{threads} -c{connections} -d{duration}s --latency after a {warmup} s warm-up");
                Console.WriteLine($"response  host: {Probe(hostUrl + path, body, key)}");
                Console.WriteLine();

                var hostResults = new List<WrkResult>();
                var baselineResults = new List<WrkResult>();
                for (int round = 1; round <= rounds; round++)
                {
                    foreach (var (name, url, results) in new[] { ("baseline", baselineUrl, baselineResults), ("host", hostUrl, hostResults) })
                    {
                        Wrk(url + path, script, threads, connections, warmup);
                        var result = Wrk(url + path, script, threads, connections, duration);
                        results.Add(result);
                        Console.WriteLine($"round {round} {name,-9} {result}");
                    }
                }
                Console.WriteLine();
                var h = Median(hostResults);
                var b = Median(baselineResults);
                Console.WriteLine($"{"",-10} {"req/s",10} {"p50 ms",8} {"p99 ms",8} {"errors",7}");
                Console.WriteLine($"{"baseline",-10} {b.RequestsPerSecond,10:F0} {b.P50Ms,8:F3} {b.P99Ms,8:F3} {b.Errors,7}");
                Console.WriteLine($"{"host",-10} {h.RequestsPerSecond,10:F0} {h.P50Ms,8:F3} {h.P99Ms,8:F3} {h.Errors,7}");
                double ratio = h.RequestsPerSecond / b.RequestsPerSecond;
                Console.WriteLine($"host/baseline throughput {ratio:P1} (target >= 70%); host p99 {h.P99Ms:F2} ms (target <= 5 ms)" + (rounds > 1 ? $"; medians of {rounds} rounds" : ""));
                Console.WriteLine($"MEETS TARGETS: {(ratio >= 0.70 && h.P99Ms <= 5.0 && h.Errors == 0 ? "yes" : "no")}");
                Console.WriteLine($"load average during the run: {LoadAverage()} (other processes on this machine inflate tail latency for both)");
                return 0;
            }
            finally
            {
                if (host != null) Stop(host);
                if (baseline != null) Stop(baseline);
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        private sealed class WrkResult
        {
            public double RequestsPerSecond;
            public double P50Ms;
            public double P99Ms;
            public long Errors;

            public override string ToString() => $"{RequestsPerSecond,10:F0} req/s  p50 {P50Ms,7:F3} ms  p99 {P99Ms,7:F3} ms  errors {Errors}";
        }

        /// <summary>The median of each figure on its own (rounds differ in noise, so no one round stands for all).</summary>
        private static WrkResult Median(List<WrkResult> results)
        {
            static double Mid(IEnumerable<double> values)
            {
                var sorted = values.OrderBy(v => v).ToList();
                return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
            }
            return new WrkResult
            {
                RequestsPerSecond = Mid(results.Select(r => r.RequestsPerSecond)),
                P50Ms = Mid(results.Select(r => r.P50Ms)),
                P99Ms = Mid(results.Select(r => r.P99Ms)),
                Errors = results.Sum(r => r.Errors),
            };
        }

        private static (string Workspace, string Key) CreateWorkspace(string folder)
        {
            string location = Path.Combine(folder, "ws");
            var workspace = WorkspaceFactory.Create(location, "rrsbench");
            string csv = Path.Combine(folder, "train.csv");
            using (var file = File.Create(csv)) SyntheticDatasets.WriteBinaryClassification(file, 20_000, Features, 7);
            var table = DataTableReader.ReadFile(csv, ',', null, CancellationToken.None);
            var model = Trainer.Train(table, new TrainingSpec(Learners.LogisticRegression, "label"), CancellationToken.None);
            string package = Path.Combine(folder, "bench.mlmodel");
            using (var file = File.Create(package)) ModelPackage.Write(file, model);
            new TrainedModelService(workspace).RegisterFromFile(package, "bench-model", null, null);
            var services = new WebServiceService(workspace);
            services.CreateFromModel("bench", new AssetSpec("bench-model", null), Array.Empty<AssetSpec>(), null, null);
            return (location, services.GetEndpoint("bench", "default").PrimaryKey);
        }

        private static string RequestBody()
        {
            var random = new Random(3);
            var names = string.Join(",", Enumerable.Range(1, Features).Select(i => $"\"f{i}\""));
            var values = string.Join(",", Enumerable.Range(1, Features).Select(_ => (random.NextDouble() * 4 - 2).ToString("F5", CultureInfo.InvariantCulture)));
            return "{\"Inputs\":{\"input1\":{\"ColumnNames\":[" + names + "],\"Values\":[[" + values + "]]}},\"GlobalParameters\":{}}";
        }

        private static WrkResult Wrk(string url, string script, int threads, int connections, int seconds)
        {
            var output = RunToEnd("wrk", $"-t{threads} -c{connections} -d{seconds}s --latency -s \"{script}\" {url}", TimeSpan.FromSeconds(seconds + 60));
            var result = new WrkResult();
            foreach (var raw in output.Split('\n'))
            {
                var line = raw.Trim();
                if (line.StartsWith("Requests/sec:", StringComparison.Ordinal)) result.RequestsPerSecond = double.Parse(line.Substring(13).Trim(), CultureInfo.InvariantCulture);
                else if (line.StartsWith("50%", StringComparison.Ordinal)) result.P50Ms = Milliseconds(line.Substring(3).Trim());
                else if (line.StartsWith("99%", StringComparison.Ordinal)) result.P99Ms = Milliseconds(line.Substring(3).Trim());
                else if (line.StartsWith("Non-2xx or 3xx responses:", StringComparison.Ordinal)) result.Errors += long.Parse(line.Substring(26).Trim(), CultureInfo.InvariantCulture);
                else if (line.StartsWith("Socket errors:", StringComparison.Ordinal))
                    result.Errors += line.Substring(14).Split(',').Sum(part => long.Parse(part.Trim().Split(' ')[1], CultureInfo.InvariantCulture));
            }
            if (result.RequestsPerSecond == 0) throw new InvalidOperationException("Could not read wrk's output:\n" + output);
            return result;
        }

        private static double Milliseconds(string text)
        {
            double Value(string unit) => double.Parse(text.Substring(0, text.Length - unit.Length), CultureInfo.InvariantCulture);
            if (text.EndsWith("us", StringComparison.Ordinal)) return Value("us") / 1000;
            if (text.EndsWith("ms", StringComparison.Ordinal)) return Value("ms");
            if (text.EndsWith("s", StringComparison.Ordinal)) return Value("s") * 1000;
            return double.Parse(text, CultureInfo.InvariantCulture);
        }

        private static string LoadAverage()
        {
            try
            {
                return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
            }
            catch (IOException)
            {
                return "unknown";
            }
        }

        private static string Publish(string root, string project, string dll)
        {
            string output = Path.Combine(root, "out", "bench", Path.GetFileNameWithoutExtension(dll));
            Console.WriteLine($"building  {project} (Release)");
            RunToEnd("dotnet", $"build \"{Path.Combine(root, project)}\" -c Release -o \"{output}\" -nologo -v q", TimeSpan.FromMinutes(5));
            string path = Path.Combine(output, dll);
            if (!File.Exists(path)) throw new FileNotFoundException("The build did not produce " + path);
            return path;
        }

        private static Process Start(string dll, string arguments, string log)
        {
            var info = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["DOTNET_TieredPGO"] = "1";
            var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + dll);
            var writer = TextWriter.Synchronized(new StreamWriter(log) { AutoFlush = true });
            process.OutputDataReceived += (_, e) => { if (e.Data != null) writer.WriteLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) writer.WriteLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(process);
            return process;
        }

        private static void Stop(Process process)
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }

        private static void WaitUntilServing(string url, string body, string key)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    Probe(url, body, key);
                    return;
                }
                catch (Exception) when (DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(200);
                }
            }
        }

        private static string Probe(string url, string body, string key)
        {
            using var client = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
            using var response = client.Send(request);
            var text = new StreamReader(response.Content.ReadAsStream()).ReadToEnd();
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
            return text;
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private static string FindRepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "MlAlm.sln"))) return dir.FullName;
            for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "MlAlm.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("Run the benchmark from inside the repository (MlAlm.sln not found).");
        }

        private static bool CanRun(string file, string arguments)
        {
            try
            {
                RunToEnd(file, arguments, TimeSpan.FromSeconds(10), checkExit: false);
                return true;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }

        private static string RunToEnd(string file, string arguments, TimeSpan timeout, bool checkExit = true)
        {
            var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                Stop(process);
                throw new TimeoutException($"{file} {arguments} did not finish in {timeout.TotalSeconds} s.");
            }
            string text = stdout.Result + stderr.Result;
            if (checkExit && process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}:\n{text}");
            return text;
        }
    }
}
