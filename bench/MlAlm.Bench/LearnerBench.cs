using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using MlAlm.Learning.Data;
using MlAlm.Learning.Models;
using Newtonsoft.Json.Linq;

namespace MlAlm.Bench
{
    /// <summary>
    /// `learners`: a generated binary classification CSV (default 1,000,000 rows × 20 features),
    /// loaded with DataTableReader, split 70/30 by a seeded shuffle, LogisticRegression trained
    /// (timed over several runs) and scored by test AUC; then scikit-learn's LogisticRegression
    /// (lbfgs, same penalty, max_iter 10000: the well-converged reference) on the same file and split.
    /// </summary>
    internal static class LearnerBench
    {
        public static int Run(string[] args)
        {
            var options = ParseOptions(args.Skip(1).ToArray());
            int rows = options.GetValueOrDefault("rows", 1_000_000);
            int features = options.GetValueOrDefault("features", 20);
            int runs = options.GetValueOrDefault("runs", 7);
            int seed = options.GetValueOrDefault("seed", 42);
            bool sklearn = options.GetValueOrDefault("sklearn", 1) != 0;
            double lambda = 1e-4;

            string path = BenchInputs.BinaryClassificationCsv(rows, features, seed);
            Console.WriteLine($"file      {path} ({new FileInfo(path).Length / 1048576.0:F1} MiB, {rows:N0} rows x {features} features + label)");
            Console.WriteLine($"machine   {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
            Console.WriteLine();

            DataTable? table = null;
            var load = Measure(Math.Min(runs, 3), () => table = DataTableReader.ReadFile(path, ',', null, CancellationToken.None));
            Report("load CSV", load);

            // 70/30 split by a seeded Fisher-Yates shuffle of the row indices.
            int[] order = Enumerable.Range(0, table!.RowCount).ToArray();
            var random = new Random(seed);
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            int trainRows = (int)(order.Length * 0.7);
            var train = Rows(table, order, 0, trainRows);
            var test = Rows(table, order, trainRows, order.Length - trainRows);
            table = null;
            Console.WriteLine($"split     {train.RowCount:N0} training rows, {test.RowCount:N0} test rows");

            var spec = new TrainingSpec(Learners.LogisticRegression, "label") { L2Regularization = lambda };
            TrainedModel? model = null;
            var training = Measure(runs, () => model = Trainer.Train(train, spec, CancellationToken.None));
            Report("LogisticRegression train", training);
            // Where the training time goes: encoding, then the optimizer (each evaluation is one pass over the rows).
            var encodeTimes = new List<double>();
            var fitTimes = new List<double>();
            LinearSolution? solution = null;
            for (int run = 0; run < runs; run++)
            {
                var watch = Stopwatch.StartNew();
                var encoder = MlAlm.Learning.Features.FeatureEncoder.Fit(train, Enumerable.Range(1, features).Select(j => "f" + j));
                var x = encoder.Encode(train);
                var y = ((NumberColumn)train["label"]).ToArray();
                encodeTimes.Add(watch.Elapsed.TotalSeconds);
                watch.Restart();
                solution = LogisticRegression.Fit(x, y, lambda, spec.MaxIterations, spec.Tolerance, CancellationToken.None);
                fitTimes.Add(watch.Elapsed.TotalSeconds);
            }
            Report("  of which encode + labels", encodeTimes, withCpu: false);
            Report("  of which L-BFGS", fitTimes, withCpu: false);
            Console.WriteLine($"  {solution!.Iterations} iterations, {solution.Evaluations} passes: {Median(fitTimes) / solution.Evaluations * 1000:F1} ms per pass (median)");
            var scores = new double[test.RowCount];
            var score = Measure(3, () => model!.Predict(test, scores));
            Report("LogisticRegression score test", score);
            // The scoring host calls Predict with one row at a time.
            var oneRow = new DataTable(test.Columns.Where(c => c.Name != "label").Select(c => (DataColumn)new NumberColumn(c.Name, new[] { ((NumberColumn)c)[0] })));
            var one = new double[1];
            const int calls = 200_000;
            var single = Measure(3, () =>
            {
                for (int i = 0; i < calls; i++) model!.Predict(oneRow, one);
            });
            Console.WriteLine($"LogisticRegression score 1 row  {single.Min() / calls * 1e6:F2} us per call (best of 3 x {calls:N0} calls)");
            var labels = ((NumberColumn)test["label"]).ToArray();
            double auc = Auc(scores, labels);
            var linear = (LinearModel)model!;
            Console.WriteLine($"  test AUC {auc:F5}; {model!.Training!.Log.Last()}");

            // For reference: the closed-form ridge regression on the same rows (the 0/1 label as the target).
            var ridge = Measure(Math.Min(runs, 5), () => Trainer.Train(train, new TrainingSpec(Learners.LinearRegression, "label") { L2Regularization = lambda }, CancellationToken.None));
            Report("LinearRegression train", ridge);

            if (!sklearn) return 0;
            Console.WriteLine();
            string permutation = Path.Combine(BenchInputs.Folder, $"permutation-{rows}-seed{seed}.bin");
            using (var writer = new BinaryWriter(File.Create(permutation)))
            {
                foreach (int i in order) writer.Write(i);
            }
            double c = 1 / (lambda * trainRows);
            string script = Path.Combine(SourceFolder(), "sklearn_logistic.py");
            int skRuns = Math.Max(1, Math.Min(runs, 5));
            Console.WriteLine($"scikit-learn LogisticRegression(solver='lbfgs', C={c.ToString("G6", CultureInfo.InvariantCulture)} = 1/(lambda*n), max_iter=10000), {skRuns} fits ...");
            var result = RunPython(script, path, permutation, trainRows, c, skRuns);
            if (result == null) return 1;
            var fits = result["fit_seconds"]!.Select(t => (double)t).ToList();
            double skAuc = (double)result["auc"]!;
            Console.WriteLine($"{"sklearn train",-30} best {fits.Min():F3} s  median {Median(fits):F3} s  | runs: {string.Join(" ", fits.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))}");
            Console.WriteLine($"  test AUC {skAuc:F5}; {(int)result["iterations"]!} iterations; data loaded from {(string?)result["load_source"]} in {(double)result["load_seconds"]!:F2} s");

            // How close the two optima are, on our objective.
            var skWeights = result["coef"]!.Select(t => (double)t).ToArray();
            double skBias = (double)result["intercept"]!;
            var trainX = Enumerable.Range(1, features).Select(j => ((NumberColumn)train["f" + j]).ToArray()).ToArray();
            var trainY = ((NumberColumn)train["label"]).ToArray();
            double ours = Objective(trainX, trainY, linear.Weights.ToArray(), linear.Bias, lambda);
            double theirs = Objective(trainX, trainY, skWeights, skBias, lambda);
            double maxDifference = linear.Weights.Select((w, j) => Math.Abs(w - skWeights[j])).Append(Math.Abs(linear.Bias - skBias)).Max();

            Console.WriteLine();
            Console.WriteLine("summary (best / median of runs; a shared 2-core machine, so expect noise)");
            Console.WriteLine($"  CSV load                {load.Min():F3} / {Median(load):F3} s   (target <= 2 s)");
            Console.WriteLine($"  MlAlm LogisticRegression {training.Min():F3} / {Median(training):F3} s   (target <= 1 s), AUC {auc:F5}");
            Console.WriteLine($"  sklearn LogisticRegression {fits.Min():F3} / {Median(fits):F3} s, AUC {skAuc:F5}");
            Console.WriteLine($"  time ratio sklearn/MlAlm {fits.Min() / training.Min():F2} (best), {Median(fits) / Median(training):F2} (median)");
            Console.WriteLine($"  AUC difference {auc - skAuc:+0.00000;-0.00000} (target within 0.002)");
            Console.WriteLine($"  objective: MlAlm {ours:R}, sklearn {theirs:R}, difference {ours - theirs:G3}; largest weight difference {maxDifference:G3}");
            return 0;
        }

        private static DataTable Rows(DataTable table, int[] order, int first, int count)
        {
            var columns = new List<DataColumn>();
            foreach (var column in table.Columns)
            {
                var source = ((NumberColumn)column).ToArray();
                var values = new double[count];
                for (int i = 0; i < count; i++) values[i] = source[order[first + i]];
                columns.Add(new NumberColumn(column.Name, values));
            }
            return new DataTable(columns);
        }

        /// <summary>Area under the ROC curve: the probability that a random positive outscores a random negative (ties count half).</summary>
        internal static double Auc(double[] scores, double[] labels)
        {
            var index = Enumerable.Range(0, scores.Length).ToArray();
            Array.Sort(scores.ToArray(), index);
            double rankSumPositive = 0;
            long positives = 0;
            for (int i = 0; i < index.Length;)
            {
                int j = i;
                while (j + 1 < index.Length && scores[index[j + 1]] == scores[index[i]]) j++;
                double averageRank = ((i + j) / 2.0) + 1;
                for (int k = i; k <= j; k++)
                {
                    if (labels[index[k]] == 1)
                    {
                        rankSumPositive += averageRank;
                        positives++;
                    }
                }
                i = j + 1;
            }
            long negatives = scores.Length - positives;
            return (rankSumPositive - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
        }

        private static double Objective(double[][] x, double[] y, double[] w, double b, double lambda)
        {
            double loss = 0;
            for (int i = 0; i < y.Length; i++)
            {
                double z = b;
                for (int j = 0; j < w.Length; j++) z += w[j] * x[j][i];
                loss += Math.Log(1 + Math.Exp(-Math.Abs(z))) + Math.Max(z, 0) - (y[i] * z);
            }
            return (loss / y.Length) + (0.5 * lambda * w.Sum(v => v * v));
        }

        private static JObject? RunPython(string script, string csv, string permutation, int trainRows, double c, int runs)
        {
            var start = new ProcessStartInfo("/usr/bin/python3")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in new[] { script, csv, permutation, trainRows.ToString(CultureInfo.InvariantCulture), c.ToString("R", CultureInfo.InvariantCulture), runs.ToString(CultureInfo.InvariantCulture) })
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"scikit-learn failed (exit {process.ExitCode}); install it with: apt-get install -y python3-sklearn");
                Console.WriteLine(stderr.Result);
                return null;
            }
            return JObject.Parse(stdout.Trim().Split('\n').Last());
        }

        private static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

        /// <summary>CPU seconds of the last <see cref="Measure"/>'s runs (all threads), to tell slowness from contention.</summary>
        private static List<double> s_lastCpu = new List<double>();

        private static List<double> Measure(int runs, Action action)
        {
            var times = new List<double>();
            var cpu = new List<double>();
            var process = Process.GetCurrentProcess();
            for (int i = 0; i < runs; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                action();
                times.Add(watch.Elapsed.TotalSeconds);
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
            }
            s_lastCpu = cpu;
            return times;
        }

        private static double Median(List<double> times)
        {
            var sorted = times.OrderBy(t => t).ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        private static void Report(string name, List<double> times, bool withCpu = true) =>
            Console.WriteLine($"{name,-30} best {times.Min():F3} s  median {Median(times):F3} s  |{(withCpu ? $" CPU (all threads) median {Median(s_lastCpu):F3} s |" : string.Empty)} runs: {string.Join(" ", times.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))}");

        private static Dictionary<string, int> ParseOptions(string[] args)
        {
            var result = new Dictionary<string, int>();
            for (int i = 0; i < args.Length; i += 2)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) throw new ArgumentException($"Unknown argument '{args[i]}'.");
                result[args[i].Substring(2)] = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
            return result;
        }
    }
}
