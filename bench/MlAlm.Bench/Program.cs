using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MlAlm.Bench
{
    /// <summary>Benchmarks, run on demand: `dotnet run -c Release --project bench/MlAlm.Bench -- &lt;command&gt; [--option N]...`.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string command = args.Length > 0 ? args[0] : "";
            switch (command)
            {
                case "csv":
                    var options = ParseOptions(args.Skip(1).ToArray());
                    CsvBenchmark.Run(options.GetValueOrDefault("rows", 1_000_000), options.GetValueOrDefault("features", 20),
                        options.GetValueOrDefault("runs", 5), options.GetValueOrDefault("seed", 42));
                    return 0;
                case "learning":
                    // Issue 3's figures in one run: CSV load, then logistic regression and boosted trees, each beside scikit-learn.
                    var learning = ParseOptions(args.Skip(1).ToArray());
                    CsvBenchmark.Run(learning.GetValueOrDefault("rows", 1_000_000), learning.GetValueOrDefault("features", 20),
                        learning.GetValueOrDefault("runs", 3), learning.GetValueOrDefault("seed", 42));
                    Console.WriteLine();
                    int status = LearnerBench.Run(new[] { "learners" }.Concat(args.Skip(1)).ToArray());
                    Console.WriteLine();
                    return status != 0 ? status : TreeBench.Run(learning);
                case "learners":
                    return LearnerBench.Run(args);
                case "gbdt":
                    return TreeBench.Run(ParseOptions(args.Skip(1).ToArray()));
                case "rrs":
                    return RrsBench.Run(args);
                case "bes":
                    return BesBench.Run(args);
                case "bes-child":
                    return BesBench.Child(args);
                case "blob":
                    return BlobBench.Run(args);
                case "blob-child":
                    return BlobBench.Child(args);
                case "blob-roundtrips":
                    return BlobRoundTripsBench.Run(args);
                default:
                    Console.Error.WriteLine("usage: MlAlm.Bench <command> [options]");
                    Console.Error.WriteLine("  learning [--rows N] [--features N] [--runs N] [--seed N]   csv, learners and gbdt in one run (issue 3's figures)");
                    Console.Error.WriteLine("  csv      [--rows N] [--features N] [--runs N] [--seed N]   load a generated CSV into a table");
                    Console.Error.WriteLine("  learners [--rows N] [--features N] [--runs N] [--seed N] [--sklearn 0|1]   logistic regression vs scikit-learn");
                    Console.Error.WriteLine("  gbdt     [--rows N] [--features N] [--runs N] [--seed N] [--threads N] [--sklearn 0|1]   boosted trees vs scikit-learn");
                    Console.Error.WriteLine("  rrs      [options]   scoring host vs a minimal ASP.NET Core app under wrk");
                    Console.Error.WriteLine("  bes      [--rows N] [--features N] [--runs N] [--seed N] [--batch N] [--memory N]   batch scoring: CSV to CSV, the job path, peak memory at N and --memory rows");
                    Console.Error.WriteLine("  blob     [--rows N] [--features N] [--seed N] [--runs N] [--main 0|1] [--sweep 0|1] [--sweep-runs N]   ~1 GiB CSV into and out of Azurite: Import/Export-MlDataset,");
                    Console.Error.WriteLine("           PutContent/OpenContent, curl PUT/GET beside them, peak memory; then UploadParallelism 1/4/8 x BlockSize 4/8/16 MiB");
                    Console.Error.WriteLine("  blob-roundtrips [--versions N] [--runs N]   HTTP requests of Get-MlTrainedModel over N versions (default 1,000) at list page sizes 5000/1000/100");
                    return 2;
            }
        }

        internal static Dictionary<string, int> ParseOptions(string[] args)
        {
            var result = new Dictionary<string, int>();
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unknown argument '{args[i]}'.");
                result[args[i].Substring(2)] = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
            return result;
        }
    }
}
