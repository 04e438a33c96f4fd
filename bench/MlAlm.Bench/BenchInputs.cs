using System;
using System.Diagnostics;
using System.IO;
using MlAlm.Learning.Data;

namespace MlAlm.Bench
{
    /// <summary>
    /// Where the benchmarks keep their inputs, and the generated CSV most of them read. The files
    /// are made once and kept: generating a large one takes longer than some benchmarks.
    /// </summary>
    internal static class BenchInputs
    {
        internal static string Folder
        {
            get
            {
                string folder = Path.Combine(Path.GetTempPath(), "mlalm-bench");
                Directory.CreateDirectory(folder);
                return folder;
            }
        }

        /// <summary>The generated binary classification CSV of this size and seed, made if it is not there yet.</summary>
        internal static string BinaryClassificationCsv(int rows, int features, int seed)
        {
            string path = Path.Combine(Folder, $"binary-{rows}x{features}-seed{seed}.csv");
            if (File.Exists(path)) return path;
            var watch = Stopwatch.StartNew();
            // A partial file of its own, so that benchmark processes started together do not
            // write into one another's; the move publishes a complete file only.
            string partial = path + "." + Guid.NewGuid().ToString("N") + ".partial";
            using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                SyntheticDatasets.WriteBinaryClassification(output, rows, features, seed);
            }
            File.Move(partial, path, overwrite: true);
            Console.WriteLine($"generated {path} in {watch.Elapsed.TotalSeconds:F2} s");
            return path;
        }
    }
}
