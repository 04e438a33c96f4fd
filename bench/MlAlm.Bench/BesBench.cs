using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using MlAlm.Core.Models;
using MlAlm.Core.WebServices;
using MlAlm.Core.Workspaces;
using MlAlm.Learning.Data;
using MlAlm.Learning.Models;
using MlAlm.Learning.Packages;
using MlAlm.Learning.Scoring;
using MlAlm.Learning.Transforms;

namespace MlAlm.Bench
{
    /// <summary>
    /// `bes`: batch scoring. A generated binary classification CSV (default 1,000,000 rows × 20
    /// features) is scored by a LogisticRegression pipeline (trained on a 100,000-row sample)
    /// 1. from CSV file to CSV file with BatchScorer (best and median of 3);
    /// 2. through the full job path into a local workspace: the file uploaded as content, then
    ///    BatchJobService Submit + Run, which ends with a new dataset version (best and median of 3;
    ///    jobs use the default batch size);
    /// 3. for peak memory, in child processes (`bes-child`), one per size (1M and 4M rows) and path,
    ///    each reporting its own peak working set (VmHWM), so the figures are comparable.
    /// </summary>
    internal static class BesBench
    {
        public static int Run(string[] args)
        {
            var options = Program.ParseOptions(args.Skip(1).ToArray());
            int rows = options.GetValueOrDefault("rows", 1_000_000);
            int features = options.GetValueOrDefault("features", 20);
            int runs = options.GetValueOrDefault("runs", 3);
            int seed = options.GetValueOrDefault("seed", 42);
            int batch = options.GetValueOrDefault("batch", BatchScorer.DefaultBatchRows);
            int memoryRows = options.GetValueOrDefault("memory", 4_000_000);

            Console.WriteLine($"machine   {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, server GC {System.Runtime.GCSettings.IsServerGC}; load average {LoadAverage()}");
            string input = BenchInputs.BinaryClassificationCsv(rows, features, seed);
            string model = ModelFile(features, seed);
            var pipeline = new ScoringPipeline(Array.Empty<TableTransform>(), ReadModel(model));
            Console.WriteLine($"input     {input} ({new FileInfo(input).Length / 1048576.0:F1} MiB, {rows:N0} rows x {features} features + label)");
            Console.WriteLine($"batch     {batch:N0} rows");
            Console.WriteLine();

            // 1. BatchScorer, file to file.
            string output = Path.Combine(BenchInputs.Folder, "bes-output-" + Guid.NewGuid().ToString("N") + ".csv");
            long scored = 0;
            var scorerCpu = new List<double>();
            var scorer = Measure(runs, scorerCpu, () =>
            {
                using var source = OpenRead(input);
                using var sink = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                scored = BatchScorer.Score(source, ',', pipeline, sink, batch, null, CancellationToken.None);
            });
            if (scored != rows) throw new InvalidOperationException($"Scored {scored} rows of {rows}.");
            Report("BatchScorer CSV->CSV", scorer, rows, scorerCpu);
            Console.WriteLine($"  output {new FileInfo(output).Length / 1048576.0:F1} MiB: {string.Join(" | ", File.ReadLines(output).Take(3))}");
            File.Delete(output);

            // 2. The job path into a local workspace.
            Console.WriteLine();
            var job = JobPath(input, model, rows, runs, batch);

            // 3. Peak memory, each size and path in its own process.
            Console.WriteLine();
            Console.WriteLine("peak working set (VmHWM) of a child process per run; 'before' is after loading the pipeline, before scoring");
            var sizes = new[] { rows, memoryRows }.Distinct().ToList();
            var peaks = new Dictionary<(string, int), ChildFigures>();
            foreach (string mode in new[] { "scorer", "job" })
            {
                foreach (int size in sizes)
                {
                    string file = BenchInputs.BinaryClassificationCsv(size, features, seed);
                    var child = RunChild(mode, file, model, size, batch);
                    if (child == null) return 1;
                    peaks[(mode, size)] = child;
                    Console.WriteLine($"  {mode,-6} {size,10:N0} rows: peak {child.PeakMiB,6:F0} MiB (before {child.BeforeMiB,4:F0} MiB)  " +
                        $"{child.Seconds,6:F2} s  {child.Gen2} gen2 GCs  {child.AllocatedMiB,6:F0} MiB allocated in all");
                }
            }

            Console.WriteLine();
            Console.WriteLine("summary (best / median of runs; 2 cores shared with other jobs, so expect noise)");
            Console.WriteLine($"  BatchScorer CSV->CSV, {rows:N0} rows     {scorer.Min():F3} / {Median(scorer):F3} s  ({rows / scorer.Min() / 1e6:F2} M rows/s best)");
            Console.WriteLine($"  upload (PutContent) of the input     {job.Upload.Min():F3} / {Median(job.Upload):F3} s");
            Console.WriteLine($"  job Submit + Run -> dataset version  {job.Run.Min():F3} / {Median(job.Run):F3} s  ({rows / job.Run.Min() / 1e6:F2} M rows/s best; target <= 4 s)");
            Console.WriteLine($"  upload + Submit + Run                {job.Total.Min():F3} / {Median(job.Total):F3} s");
            if (sizes.Count == 2)
            {
                foreach (string mode in new[] { "scorer", "job" })
                {
                    var small = peaks[(mode, sizes[0])];
                    var large = peaks[(mode, sizes[1])];
                    Console.WriteLine($"  peak memory ({mode}): {sizes[0]:N0} rows {small.PeakMiB:F0} MiB, {sizes[1]:N0} rows {large.PeakMiB:F0} MiB " +
                        $"(x{large.PeakMiB / small.PeakMiB:F2} for x{(double)sizes[1] / sizes[0]:F0} the rows; target: flat)");
                }
            }
            return 0;
        }

        /// <summary>`bes-child &lt;mode&gt; &lt;input&gt; &lt;model&gt; &lt;rows&gt; &lt;batch&gt;`: one run, then its figures on one line.</summary>
        public static int Child(string[] args)
        {
            string mode = args[1], input = args[2], model = args[3];
            int rows = int.Parse(args[4], CultureInfo.InvariantCulture);
            int batch = int.Parse(args[5], CultureInfo.InvariantCulture);
            var pipeline = new ScoringPipeline(Array.Empty<TableTransform>(), ReadModel(model));
            string? workspaceFolder = null;
            BatchJobService? jobs = null;
            if (mode == "job")
            {
                workspaceFolder = Path.Combine(BenchInputs.Folder, "bes-ws-" + Guid.NewGuid().ToString("N"));
                jobs = NewService(workspaceFolder, model);
            }
            GC.Collect();
            double before = VmHwmMiB();
            var watch = Stopwatch.StartNew();
            long scored;
            if (jobs == null)
            {
                string output = Path.Combine(BenchInputs.Folder, "bes-child-" + Guid.NewGuid().ToString("N") + ".csv");
                using (var source = OpenRead(input))
                using (var sink = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    scored = BatchScorer.Score(source, ',', pipeline, sink, batch, null, CancellationToken.None);
                }
                File.Delete(output);
            }
            else
            {
                BatchInput uploaded;
                using (var source = OpenRead(input)) uploaded = jobs.UploadInput(source, Path.GetFileName(input));
                var job = jobs.Submit("bes", "default", uploaded, null);
                job = jobs.Run("bes", "default", job.JobId, null);
                if (job.Status != MlAlm.BatchJobStatus.Finished) throw new InvalidOperationException(job.Error);
                scored = job.RowsScored;
            }
            double seconds = watch.Elapsed.TotalSeconds;
            if (scored != rows) throw new InvalidOperationException($"Scored {scored} rows of {rows}.");
            Console.WriteLine(string.Join(" ", "RESULT", VmHwmMiB().ToString("R", CultureInfo.InvariantCulture), before.ToString("R", CultureInfo.InvariantCulture),
                seconds.ToString("R", CultureInfo.InvariantCulture), GC.CollectionCount(2).ToString(CultureInfo.InvariantCulture),
                (GC.GetTotalAllocatedBytes() / 1048576.0).ToString("R", CultureInfo.InvariantCulture)));
            if (workspaceFolder != null) Directory.Delete(workspaceFolder, recursive: true);
            return 0;
        }

        private sealed class ChildFigures
        {
            public double PeakMiB;
            public double BeforeMiB;
            public double AllocatedMiB;
            public double Seconds;
            public int Gen2;
        }

        private sealed class JobTimes
        {
            public List<double> Upload = new List<double>();
            public List<double> Run = new List<double>();
            public List<double> Total = new List<double>();
            public List<double> RunCpu = new List<double>();
        }

        private static JobTimes JobPath(string input, string model, int rows, int runs, int batch)
        {
            string folder = Path.Combine(BenchInputs.Folder, "bes-ws-" + Guid.NewGuid().ToString("N"));
            var times = new JobTimes();
            try
            {
                var jobs = NewService(folder, model);
                MlAlm.MlBatchJob? last = null;
                for (int i = 0; i < runs; i++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    var watch = Stopwatch.StartNew();
                    BatchInput uploaded;
                    using (var source = OpenRead(input)) uploaded = jobs.UploadInput(source, Path.GetFileName(input));
                    double upload = watch.Elapsed.TotalSeconds;
                    double cpuBefore = CpuSeconds();
                    var job = jobs.Submit("bes", "default", uploaded, null);
                    last = jobs.Run("bes", "default", job.JobId, null);
                    double total = watch.Elapsed.TotalSeconds;
                    times.RunCpu.Add(CpuSeconds() - cpuBefore);
                    if (last.Status != MlAlm.BatchJobStatus.Finished || last.RowsScored != rows) throw new InvalidOperationException($"The job ended {last.Status}: {last.Error}");
                    times.Upload.Add(upload);
                    times.Run.Add(total - upload);
                    times.Total.Add(total);
                }
                Console.WriteLine($"job path  local workspace; input uploaded as content, then Submit + Run into dataset {last!.OutputDataset} ({last.RowsScored:N0} rows)");
                Report("upload", times.Upload, rows);
                Report("Submit + Run", times.Run, rows, times.RunCpu);
                Report("upload + Submit + Run", times.Total, rows);
            }
            finally
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
            return times;
        }

        /// <summary>A local workspace with web service 'bes' serving the model file.</summary>
        /// <summary>A local workspace with web service 'bes' serving the model file (jobs use the default batch size).</summary>
        private static BatchJobService NewService(string folder, string model)
        {
            var workspace = WorkspaceFactory.Create(folder, "bes-bench");
            new TrainedModelService(workspace).RegisterFromFile(model, "bes-model", null, null);
            new WebServiceService(workspace).CreateFromModel("bes", new MlAlm.AssetSpec("bes-model", null), Array.Empty<MlAlm.AssetSpec>(), null, null);
            return new BatchJobService(workspace);
        }

        private static ChildFigures? RunChild(string mode, string input, string model, int rows, int batch)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in new[] { Assembly.GetExecutingAssembly().Location, "bes-child", mode, input, model, rows.ToString(CultureInfo.InvariantCulture), batch.ToString(CultureInfo.InvariantCulture) })
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
            if (process.ExitCode != 0 || line == null)
            {
                Console.WriteLine($"bes-child {mode} {rows} failed (exit {process.ExitCode}): {stdout} {stderr.Result}");
                return null;
            }
            var f = line.Split(' ').Skip(1).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            return new ChildFigures { PeakMiB = f[0], BeforeMiB = f[1], Seconds = f[2], Gen2 = (int)f[3], AllocatedMiB = f[4] };
        }

        private static double VmHwmMiB()
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
            return double.NaN;
        }

        private static string LoadAverage()
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

        /// <summary>LogisticRegression trained on 100,000 generated rows (another seed than the scored file), saved as a model package.</summary>
        private static string ModelFile(int features, int seed)
        {
            var sample = new MemoryStream();
            SyntheticDatasets.WriteBinaryClassification(sample, 100_000, features, seed + 1);
            sample.Position = 0;
            var table = DataTableReader.Read(sample, ',', null, CancellationToken.None);
            var watch = Stopwatch.StartNew();
            var model = Trainer.Train(table, new TrainingSpec(Learners.LogisticRegression, "label"), CancellationToken.None);
            Console.WriteLine($"model     LogisticRegression on 100,000 rows in {watch.Elapsed.TotalSeconds:F2} s");
            string path = Path.Combine(BenchInputs.Folder, $"bes-model-{Guid.NewGuid():N}.mlmodel");
            using (var file = File.Create(path)) ModelPackage.Write(file, model);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
            return path;
        }

        private static TrainedModel ReadModel(string path)
        {
            using var file = File.OpenRead(path);
            return ModelPackage.Read(file);
        }

        internal static FileStream OpenRead(string path) =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

        private static List<double> Measure(int runs, List<double> cpu, Action action)
        {
            var times = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                double cpuBefore = CpuSeconds();
                var watch = Stopwatch.StartNew();
                action();
                times.Add(watch.Elapsed.TotalSeconds);
                cpu.Add(CpuSeconds() - cpuBefore);
            }
            return times;
        }

        /// <summary>CPU time of this process, all threads.</summary>
        private static double CpuSeconds()
        {
            using var process = Process.GetCurrentProcess();
            return process.TotalProcessorTime.TotalSeconds;
        }

        private static double Median(List<double> times) => times.OrderBy(t => t).ElementAt(times.Count / 2);

        private static void Report(string name, List<double> times, long rows, List<double>? cpu = null) =>
            Console.WriteLine($"  {name,-22} best {times.Min():F3} s  median {Median(times):F3} s  | {rows / times.Min() / 1e6:F2} M rows/s best" +
                (cpu == null ? string.Empty : $"  | CPU best {cpu.Min():F3} s") +
                $"  | runs: {string.Join(" ", times.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))}");
    }
}
