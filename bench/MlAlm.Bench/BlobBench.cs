using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using MlAlm.Core.Datasets;
using MlAlm.Core.Storage;
using MlAlm.Core.Storage.Blob;
using MlAlm.Core.Workspaces;
using MlAlm.Testing;

namespace MlAlm.Bench
{
    /// <summary>
    /// `blob`: upload and download throughput of a ~1 GiB generated CSV (binary classification,
    /// 6,250,000 rows x 20 features + label, made once in the temp folder, deterministic) against a
    /// private Azurite on loopback. Each run, every upload into a fresh container (content is stored
    /// once by its hash, so a second upload of the same bytes sends nothing):
    /// 1. Import-MlDataset: DatasetService.Import into a new Blob workspace (checks the CSV, hashes,
    ///    then stores); the same import again (content already stored); Export-MlDataset: DatasetService.Export
    ///    to a file (verified against the hash, fsynced, then moved into place);
    /// 2. raw BlobWorkspaceStore.PutContent of the file stream (seekable: hashed first, then streamed as
    ///    blocks); PutContent again (already stored); OpenContent read to the end (verified);
    /// 3. beside them, curl: one Put Blob of the same file (curl -T, container SAS) and a GET to /dev/null.
    /// Peak memory is this process's VmHWM, reset just before each of our operations; CPU time is
    /// this process's and the Azurite process's (on a 2-core machine Azurite's single node thread
    /// is often what limits an upload). Then a sweep of UploadParallelism 1/4/8 x BlockSize 4/8/16 MiB, each upload in a child process
    /// of its own (`blob-child`, so its peak working set is its own; the configurations rotated each
    /// round so drifting load falls on all alike), uploading a forward-only stream of the file (no
    /// hash pass: the upload alone).
    /// </summary>
    internal static class BlobBench
    {
        private const string DatasetName = "blob-bench";

        private const string Import = "Import-MlDataset (DatasetService.Import)";
        private const string PutFile = "PutContent(file): hash pass + upload";
        private const string CurlPut = "curl PUT: one Put Blob, container SAS";
        private const string ImportStored = "Import-MlDataset, content already stored";
        private const string PutStored = "PutContent, content already stored";
        private const string Read = "OpenContent read to end (verified)";
        private const string Export = "Export-MlDataset (DatasetService.Export)";
        private const string CurlGet = "curl GET to /dev/null";

        private static readonly string[] Order = { Import, PutFile, CurlPut, ImportStored, PutStored, Read, Export, CurlGet };

        public static int Run(string[] args)
        {
            var options = Program.ParseOptions(args.Skip(1).ToArray());
            int rows = options.GetValueOrDefault("rows", 6_250_000);
            int features = options.GetValueOrDefault("features", 20);
            int seed = options.GetValueOrDefault("seed", 42);
            int runs = options.GetValueOrDefault("runs", 3);
            bool main = options.GetValueOrDefault("main", 1) != 0;
            bool sweep = options.GetValueOrDefault("sweep", 1) != 0;
            int sweepRuns = options.GetValueOrDefault("sweep-runs", runs);

            Console.WriteLine($"machine   {Figures.Machine()}");
            string input = BenchInputs.BinaryClassificationCsv(rows, features, seed);
            long size = new FileInfo(input).Length;
            Console.WriteLine($"input     {input} ({size:N0} bytes = {size / 1073741824.0:F2} GiB; {rows:N0} rows x {features} features + label)");
            var defaults = new BlobStoreOptions();
            Console.WriteLine($"store     defaults: BlockSize {defaults.BlockSize >> 20} MiB, UploadParallelism {defaults.UploadParallelism}");
            var started = Stopwatch.StartNew();
            using var azurite = AzuriteServer.StartPrivate();
            Console.WriteLine($"azurite   {azurite.BlobEndpoint} (private, started in {started.Elapsed.TotalSeconds:F1} s)");
            Console.WriteLine("MB/s is 10^6 bytes of the file per second. peak: this process's VmHWM from just before the operation to its end (before: VmRSS then).");
            var access = new AzuriteAccess(azurite.BlobEndpoint);
            int? server = access.ServerProcessId();
            Console.WriteLine(server == null
                ? "CPU: the Azurite process was not found, so only this process's CPU time is shown"
                : $"CPU s: this process's (all threads) and the Azurite process's ({server}) CPU time during the operation");

            var samples = Order.ToDictionary(n => n, _ => new List<Sample>());
            void Record(string name, Sample sample)
            {
                samples[name].Add(sample);
                Console.WriteLine(sample.Line(name, size));
            }

            if (!main) return sweep ? Sweep(azurite.BlobEndpoint, input, size, sweepRuns) : 0;
            for (int run = 1; run <= runs; run++)
            {
                Console.WriteLine();
                Console.WriteLine($"run {run}/{runs} (load average {Figures.LoadAverage()})");
                UserLevel(access, server, input, size, Record);
                Raw(access, server, input, size, Record);
                Curl(access, server, input, size, Record);
            }

            Console.WriteLine();
            Console.WriteLine($"summary: best / median of {runs} runs; MB/s from the best / median time; load average now {Figures.LoadAverage()}");
            Console.WriteLine($"  {"",-44} {"best s",7} {"median s",8} {"best MB/s",9} {"median MB/s",11} {"peak MiB",8} {"requests",8}  CPU s, median: ours / Azurite");
            foreach (var name in Order)
            {
                var list = samples[name];
                double best = list.Min(s => s.Seconds), median = Figures.Median(list.Select(s => s.Seconds));
                var peaks = list.Where(s => !double.IsNaN(s.PeakMiB)).ToList();
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-44} {1,7:F2} {2,8:F2} {3,9:F1} {4,11:F1} {5,8} {6,8}  {7} / {8}",
                    name, best, median, size / 1e6 / best, size / 1e6 / median,
                    peaks.Count == 0 ? "(curl)" : peaks.Max(s => s.PeakMiB).ToString("F0", CultureInfo.InvariantCulture),
                    list[0].Requests, Cpu(list.Select(s => s.ClientCpu)), Cpu(list.Select(s => s.ServerCpu))));
            }

            if (sweep) return Sweep(azurite.BlobEndpoint, input, size, sweepRuns);
            return 0;
        }

        private static string Cpu(IEnumerable<double> seconds)
        {
            var known = seconds.Where(v => !double.IsNaN(v)).ToList();
            return known.Count == 0 ? "-" : Figures.Median(known).ToString("F1", CultureInfo.InvariantCulture);
        }

        /// <summary>The user-level operations: Import-MlDataset (twice) and Export-MlDataset, in a new workspace.</summary>
        private static void UserLevel(AzuriteAccess access, int? server, string input, long size, Action<string, Sample> record)
        {
            string container = AzuriteServer.NewContainerName("import");
            string exported = Path.Combine(BenchInputs.Folder, "blob-export-" + Guid.NewGuid().ToString("N") + ".csv");
            try
            {
                var workspace = WorkspaceFactory.Create(access.Address(container), "blob-bench");
                var store = (BlobWorkspaceStore)workspace.Store;
                var datasets = new DatasetService(workspace);

                MlDataset? first = null;
                long requests = store.RequestCount;
                var sample = ProcessMemory.Measure(() => first = datasets.Import(input, DatasetName, null), server);
                sample.Requests = store.RequestCount - requests;
                if (first!.Version != 1 || first.Size != size) throw new InvalidOperationException($"Imported {first.Size} bytes as version {first.Version}.");
                record(Import, sample);

                MlDataset? second = null;
                requests = store.RequestCount;
                sample = ProcessMemory.Measure(() => second = datasets.Import(input, DatasetName, null), server);
                sample.Requests = store.RequestCount - requests;
                if (second!.Version != 2 || second.ContentHash != first.ContentHash) throw new InvalidOperationException("The second import is not version 2 of the same content.");
                record(ImportStored, sample);

                FileInfo? file = null;
                requests = store.RequestCount;
                sample = ProcessMemory.Measure(() => file = datasets.Export(DatasetName, 1, exported, overwrite: false), server);
                sample.Requests = store.RequestCount - requests;
                if (file!.Length != size) throw new InvalidOperationException($"Exported {file.Length} bytes of {size}.");
                record(Export, sample);
            }
            finally
            {
                File.Delete(exported);
                access.DeleteContainer(container);
            }
        }

        /// <summary>The store itself: PutContent of the file (twice) and OpenContent read to the end.</summary>
        private static void Raw(AzuriteAccess access, int? server, string input, long size, Action<string, Sample> record)
        {
            string container = AzuriteServer.NewContainerName("put");
            try
            {
                var store = BlobWorkspaceStore.Open(access.Address(container));
                store.EnsureContainer();

                ContentInfo? info = null;
                long requests = store.RequestCount;
                var sample = ProcessMemory.Measure(() =>
                {
                    using var file = BesBench.OpenRead(input);
                    info = store.PutContent(file);
                }, server);
                sample.Requests = store.RequestCount - requests;
                if (info!.Length != size) throw new InvalidOperationException($"Stored {info.Length} bytes of {size}.");
                record(PutFile, sample);

                requests = store.RequestCount;
                sample = ProcessMemory.Measure(() =>
                {
                    using var file = BesBench.OpenRead(input);
                    if (store.PutContent(file).Hash != info.Hash) throw new InvalidOperationException("The same file hashed differently.");
                }, server);
                sample.Requests = store.RequestCount - requests;
                record(PutStored, sample);

                requests = store.RequestCount;
                sample = ProcessMemory.Measure(() =>
                {
                    // The stream checks the SHA-256 of what it read when it reaches the end, and throws on a mismatch.
                    using var content = store.OpenContent(info.Hash);
                    var buffer = new byte[1 << 20];
                    long total = 0;
                    int read;
                    while ((read = content.Read(buffer, 0, buffer.Length)) > 0) total += read;
                    if (total != size) throw new InvalidOperationException($"Read {total} bytes of {size}.");
                }, server);
                sample.Requests = store.RequestCount - requests;
                record(Read, sample);
            }
            finally
            {
                access.DeleteContainer(container);
            }
        }

        /// <summary>curl beside us: one Put Blob of the whole file, then a GET of it, with a container SAS.</summary>
        private static void Curl(AzuriteAccess access, int? server, string input, long size, Action<string, Sample> record)
        {
            string container = AzuriteServer.NewContainerName("curl");
            try
            {
                BlobWorkspaceStore.Open(access.Address(container)).EnsureContainer();
                string url = access.BlobUri(container, "curl-upload.csv").AbsoluteUri + "?" + access.ContainerSas(container, TimeSpan.FromHours(2));

                var sample = CurlSample(server, size, 201, "upload", "-T", input, "-H", "x-ms-blob-type: BlockBlob", "-H", "x-ms-version: 2021-12-02", "-H", "Expect:", url);
                record(CurlPut, sample);
                sample = CurlSample(server, size, 200, "download", url);
                record(CurlGet, sample);
            }
            finally
            {
                access.DeleteContainer(container);
            }
        }

        private static Sample CurlSample(int? server, long size, int expectedStatus, string direction, params string[] arguments)
        {
            var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-sS", "-o", "/dev/null", "-w", "%{http_code} %{size_" + direction + "}" }.Concat(arguments))
                start.ArgumentList.Add(argument);
            double serverCpu = ProcessMemory.CpuSeconds(server);
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("curl did not start.");
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            double seconds = watch.Elapsed.TotalSeconds;
            var parts = stdout.Trim().Split(' ');
            if (process.ExitCode != 0 || parts.Length != 2 || parts[0] != expectedStatus.ToString(CultureInfo.InvariantCulture) ||
                long.Parse(parts[1], CultureInfo.InvariantCulture) != size)
            {
                throw new InvalidOperationException($"curl {direction} exited {process.ExitCode} with '{stdout.Trim()}' (expected {expectedStatus} and {size} bytes): {stderr.Result}");
            }
            return new Sample { Seconds = seconds, PeakMiB = double.NaN, Requests = 1, ServerCpu = ProcessMemory.CpuSeconds(server) - serverCpu };
        }

        /// <summary>UploadParallelism x BlockSize, each configuration in its own process.</summary>
        private static int Sweep(Uri endpoint, string input, long size, int runs)
        {
            var defaults = new BlobStoreOptions();
            var parallelisms = new[] { 1, 4, 8 };
            var blockMiBs = new[] { 4, 8, 16 };
            Console.WriteLine();
            Console.WriteLine($"sweep: PutContent of a forward-only stream of the file (upload while hashing, no hash pass), {runs} runs per configuration,");
            Console.WriteLine("each upload in a fresh child process (configurations rotated each round); peak = the highest VmHWM of its uploads;");
            Console.WriteLine("growth = median of VmHWM - VmRSS just before the upload; CPU s = median CPU seconds of the uploading process / of Azurite");
            Console.WriteLine($"  {"parallelism",11} {"block",6} {"best s",7} {"median s",8} {"best MB/s",9} {"median MB/s",11} {"peak MiB",8} {"growth",6} {"PxB MiB",7} {"requests",8} {"CPU s",11}  runs");
            // One child process per upload, and the configurations taken in a rotated order each round,
            // so a change in the machine's load over the sweep falls on every configuration alike.
            var grid = parallelisms.SelectMany(p => blockMiBs.Select(b => (Parallelism: p, BlockMiB: b))).ToList();
            var results = grid.ToDictionary(c => c, _ => new List<Sample>());
            var loads = new List<string>();
            for (int round = 0; round < runs; round++)
            {
                for (int i = 0; i < grid.Count; i++)
                {
                    var config = grid[(i + round * 4) % grid.Count];
                    var sample = RunChild(endpoint, input, config.Parallelism, config.BlockMiB);
                    if (sample == null) return 1;
                    results[config].Add(sample);
                }
                loads.Add(Figures.LoadAverage());
                Console.WriteLine($"  round {round + 1}/{runs} done, load average {loads[loads.Count - 1]}");
            }
            var medians = new Dictionary<(int, int), double>();
            foreach (var config in grid)
            {
                var list = results[config];
                double best = list.Min(s => s.Seconds), median = Figures.Median(list.Select(s => s.Seconds));
                medians[config] = size / 1e6 / median;
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "  {0,11} {1,3} MiB {2,7:F2} {3,8:F2} {4,9:F1} {5,11:F1} {6,8:F0} {7,6:F0} {8,7} {9,8} {10,11}  runs: {11}",
                    config.Parallelism, config.BlockMiB, best, median, size / 1e6 / best, size / 1e6 / median, list.Max(s => s.PeakMiB),
                    Figures.Median(list.Select(s => s.PeakMiB - s.BeforeMiB)), config.Parallelism * config.BlockMiB, list[0].Requests,
                    Cpu(list.Select(s => s.ClientCpu)) + " / " + Cpu(list.Select(s => s.ServerCpu)),
                    string.Join(" ", list.Select(s => s.Seconds.ToString("F2", CultureInfo.InvariantCulture)))));
            }
            var fastest = medians.OrderByDescending(m => m.Value).First();
            var current = (defaults.UploadParallelism, defaults.BlockSize >> 20);
            Console.WriteLine();
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "fastest by median: parallelism {0}, block {1} MiB at {2:F1} MB/s; the default (parallelism {3}, block {4} MiB) {5:F1} MB/s ({6:+0;-0}%)",
                fastest.Key.Item1, fastest.Key.Item2, fastest.Value, current.Item1, current.Item2,
                medians.TryGetValue(current, out var atDefault) ? atDefault : double.NaN,
                medians.TryGetValue(current, out atDefault) ? (fastest.Value / atDefault - 1) * 100 : double.NaN));
            return 0;
        }

        private static Sample? RunChild(Uri endpoint, string input, int parallelism, int blockMiB)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[]
                     {
                         Assembly.GetExecutingAssembly().Location, "blob-child", endpoint.AbsoluteUri, input,
                         parallelism.ToString(CultureInfo.InvariantCulture), blockMiB.ToString(CultureInfo.InvariantCulture), "1",
                     })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var results = stdout.Split('\n').Where(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Select(l => Sample.Parse(l.Substring(7).Trim())).ToList();
            if (process.ExitCode != 0 || results.Count != 1)
            {
                Console.WriteLine($"blob-child {parallelism} {blockMiB} failed (exit {process.ExitCode}): {stdout} {stderr.Result}");
                return null;
            }
            return results[0];
        }

        /// <summary>`blob-child &lt;blob endpoint&gt; &lt;file&gt; &lt;parallelism&gt; &lt;block MiB&gt; &lt;runs&gt;`: one RESULT line per upload.</summary>
        public static int Child(string[] args)
        {
            var access = new AzuriteAccess(new Uri(args[1]));
            string input = args[2];
            int parallelism = int.Parse(args[3], CultureInfo.InvariantCulture);
            int blockMiB = int.Parse(args[4], CultureInfo.InvariantCulture);
            int runs = int.Parse(args[5], CultureInfo.InvariantCulture);
            long size = new FileInfo(input).Length;
            var options = new BlobStoreOptions { UploadParallelism = parallelism, BlockSize = blockMiB << 20 };
            int? server = access.ServerProcessId();
            for (int run = 0; run < runs; run++)
            {
                string container = AzuriteServer.NewContainerName($"sweep-p{parallelism}-b{blockMiB}");
                try
                {
                    var store = BlobWorkspaceStore.Open(access.Address(container), options);
                    store.EnsureContainer();
                    ContentInfo? info = null;
                    long requests = store.RequestCount;
                    var sample = ProcessMemory.Measure(() =>
                    {
                        using var stream = new ForwardOnlyStream(BesBench.OpenRead(input));
                        info = store.PutContent(stream);
                    }, server);
                    sample.Requests = store.RequestCount - requests;
                    if (info!.Length != size || !store.ContentExists(info.Hash)) throw new InvalidOperationException($"Stored {info.Length} bytes of {size}.");
                    Console.WriteLine("RESULT " + sample.Serialize());
                }
                finally
                {
                    access.DeleteContainer(container);
                }
            }
            return 0;
        }
    }
}
