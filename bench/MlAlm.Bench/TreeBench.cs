using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Learning.Data;
using MlAlm.Learning.Features;
using MlAlm.Learning.Trees;

namespace MlAlm.Bench
{
    /// <summary>
    /// gbdt: boosted trees on the generated binary dataset (SyntheticDatasets), 70/30 split by row
    /// order (rows are independent draws), against scikit-learn's HistGradientBoostingClassifier with
    /// the same settings on the same CSV file.
    /// </summary>
    internal static class TreeBench
    {
        public static int Run(Dictionary<string, int> options)
        {
            int rows = options.GetValueOrDefault("rows", 1_000_000);
            int features = options.GetValueOrDefault("features", 20);
            int runs = options.GetValueOrDefault("runs", 3);
            int seed = options.GetValueOrDefault("seed", 42);
            int threads = options.GetValueOrDefault("threads", 0);
            bool sklearn = options.GetValueOrDefault("sklearn", 1) != 0;
            int trees = options.GetValueOrDefault("trees", 100);

            string path = EnsureDataset(rows, features, seed);
            Console.WriteLine($"machine   {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");

            var load = Stopwatch.StartNew();
            var table = DataTableReader.ReadFile(path, ',', null, CancellationToken.None);
            load.Stop();
            Console.WriteLine($"load      {table.RowCount:N0} rows in {load.Elapsed.TotalSeconds:F2} s (DataTableReader)");

            int train = (int)(rows * 7L / 10);
            int test = rows - train;
            var trainColumns = new double[features][];
            var testColumns = new double[features][];
            var names = new string[features];
            for (int f = 0; f < features; f++)
            {
                double[] all = ((NumberColumn)table[f]).ToArray();
                names[f] = table[f].Name;
                trainColumns[f] = all.Take(train).ToArray();
                testColumns[f] = all.Skip(train).ToArray();
            }
            double[] labels = ((NumberColumn)table[features]).ToArray();
            double[] yTrain = labels.Take(train).ToArray();
            double[] yTest = labels.Skip(train).ToArray();
            table = null!;
            GC.Collect();

            var x = new EncodedFeatures(trainColumns, new bool[features], new int[features], names, train);
            var boosting = new BoostingOptions
            {
                NumberOfTrees = trees, NumberOfLeaves = 31, LearningRate = 0.1, NumberOfBins = 255, MinimumSamplesPerLeaf = 20, L2 = 0,
                MaxDegreeOfParallelism = threads,
            };
            Console.WriteLine($"data      {train:N0} training rows, {test:N0} test rows, {features} numeric features; {trees} trees x 31 leaves, rate 0.1, 255 bins");

            // scikit-learn runs in a Python process that loads the CSV once, then fits on demand
            // between our runs, so each pair of runs meets about the same machine load.
            using var reference = sklearn ? ScikitLearn.Start(path, train, trees) : null;
            if (sklearn && reference == null) return 1;

            var times = new List<double>();
            var referenceTimes = new List<double>();
            var ratios = new List<double>();
            double auc = 0, referenceAuc = double.NaN;
            string breakdown = "";
            for (int run = 0; run < runs; run++)
            {
                GC.Collect();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var model = GradientBoostedTrees.Train(x, yTrain, BoostingObjective.LogLoss, boosting, CancellationToken.None,
                    timings: line => breakdown += "            " + line + "\n");
                watch.Stop();
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                times.Add(watch.Elapsed.TotalSeconds);

                var predictWatch = Stopwatch.StartNew();
                var scores = new double[test];
                model.PredictRaw(testColumns, scores);
                predictWatch.Stop();
                auc = Auc(scores, yTest);
                Console.WriteLine($"run {run + 1,-2} MlAlm   train {watch.Elapsed.TotalSeconds:F2} s (CPU {cpu.TotalSeconds:F2} s), predict {test:N0} rows {predictWatch.Elapsed.TotalSeconds:F2} s, test AUC {auc:F5}");
                Console.Write(breakdown);
                breakdown = "";

                if (reference != null)
                {
                    var (fit, fitCpu, fitAuc) = reference.Fit();
                    referenceTimes.Add(fit);
                    referenceAuc = fitAuc;
                    ratios.Add(fit / watch.Elapsed.TotalSeconds);
                    Console.WriteLine($"run {run + 1,-2} sklearn fit   {fit:F2} s (CPU {fitCpu:F2} s), test AUC {fitAuc:F5}; ratio sklearn / MlAlm {fit / watch.Elapsed.TotalSeconds:F2}x");
                }
            }
            Console.WriteLine();
            Console.WriteLine($"MlAlm     train best {times.Min():F2} s, median {Median(times):F2} s over {runs} runs; test AUC {auc:F5}");
            if (reference == null) return 0;
            Console.WriteLine($"sklearn   HistGradientBoostingClassifier fit best {referenceTimes.Min():F2} s, median {Median(referenceTimes):F2} s; test AUC {referenceAuc:F5} (scikit-learn {reference.Version})");
            Console.WriteLine($"ratio     sklearn / MlAlm training time: best/best {referenceTimes.Min() / times.Min():F2}x, median of paired runs {Median(ratios):F2}x; AUC difference {auc - referenceAuc:+0.00000;-0.00000}");
            return 0;
        }

        private static string EnsureDataset(int rows, int features, int seed)
        {
            string path = BenchInputs.BinaryClassificationCsv(rows, features, seed);
            Console.WriteLine($"file      {path}");
            return path;
        }

        /// <summary>Area under the ROC curve: the Mann-Whitney statistic, ties counted half.</summary>
        internal static double Auc(double[] scores, double[] labels)
        {
            int n = scores.Length;
            var order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            var keys = (double[])scores.Clone();
            Array.Sort(keys, order);
            double positiveRankSum = 0;
            long positives = 0;
            for (int i = 0; i < n;)
            {
                int j = i;
                while (j + 1 < n && keys[j + 1] == keys[i]) j++;
                double averageRank = ((i + j) / 2.0) + 1; // ranks are 1-based
                for (int k = i; k <= j; k++)
                {
                    if (labels[order[k]] == 1)
                    {
                        positiveRankSum += averageRank;
                        positives++;
                    }
                }
                i = j + 1;
            }
            long negatives = n - positives;
            if (positives == 0 || negatives == 0) return double.NaN;
            return (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
        }

        private static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            int m = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
        }

        /// <summary>scikit-learn's HistGradientBoostingClassifier in a Python process (Debian's python3-sklearn).</summary>
        private sealed class ScikitLearn : IDisposable
        {
            private const string Python = "/usr/bin/python3"; // not a pyenv shim that may come first on PATH

            private const string Script = @"
import sys, time
import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
path, ntrain, trees = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t = time.perf_counter()
data = np.loadtxt(path, delimiter=',', skiprows=1)
X, y = data[:, :-1], data[:, -1]
Xtr, ytr, Xte, yte = X[:ntrain], y[:ntrain], X[ntrain:], y[ntrain:]
print('ready %.3f %s' % (time.perf_counter() - t, sklearn.__version__), flush=True)
for line in sys.stdin:
    if line.strip() != 'fit':
        break
    clf = HistGradientBoostingClassifier(max_iter=trees, max_leaf_nodes=31, learning_rate=0.1, max_bins=255,
                                         min_samples_leaf=20, l2_regularization=0.0, early_stopping=False, random_state=0)
    t, c = time.perf_counter(), time.process_time()
    clf.fit(Xtr, ytr)
    fit, cpu = time.perf_counter() - t, time.process_time() - c
    auc = roc_auc_score(yte, clf.predict_proba(Xte)[:, 1])
    print('fit %.4f %.4f %.6f' % (fit, cpu, auc), flush=True)
";

            private readonly Process _process;

            private ScikitLearn(Process process, string version)
            {
                _process = process;
                Version = version;
            }

            public string Version { get; }

            public static ScikitLearn? Start(string path, int train, int trees)
            {
                if (!File.Exists(Python))
                {
                    Console.WriteLine($"sklearn   skipped: {Python} not found (apt-get install -y python3-sklearn)");
                    return null;
                }
                string script = Path.Combine(Path.GetTempPath(), "mlalm-bench", "hgb.py");
                File.WriteAllText(script, Script);
                var start = new ProcessStartInfo(Python)
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                };
                foreach (string a in new[] { script, path, train.ToString(CultureInfo.InvariantCulture), trees.ToString(CultureInfo.InvariantCulture) })
                    start.ArgumentList.Add(a);
                var process = Process.Start(start)!;
                string? ready = process.StandardOutput.ReadLine();
                if (ready == null || !ready.StartsWith("ready ", StringComparison.Ordinal))
                {
                    Console.WriteLine($"sklearn   failed to start (exit {(process.HasExited ? process.ExitCode : -1)}); is python3-sklearn installed?");
                    process.Dispose();
                    return null;
                }
                var parts = ready.Split(' ');
                Console.WriteLine($"sklearn   numpy.loadtxt {parts[1]} s, scikit-learn {parts[2]}");
                return new ScikitLearn(process, parts[2]);
            }

            /// <summary>One fit: wall seconds, CPU seconds (all threads), test AUC.</summary>
            public (double Seconds, double Cpu, double Auc) Fit()
            {
                _process.StandardInput.WriteLine("fit");
                _process.StandardInput.Flush();
                string line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("scikit-learn stopped.");
                var parts = line.Split(' ');
                return (double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture),
                    double.Parse(parts[3], CultureInfo.InvariantCulture));
            }

            public void Dispose()
            {
                try
                {
                    _process.StandardInput.Close();
                    _process.WaitForExit(10_000);
                }
                finally
                {
                    _process.Dispose();
                }
            }
        }
    }
}
