using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Learning.Data;

namespace MlAlm.Bench
{
    internal static class CsvBenchmark
    {
        public static void Run(int rows, int features, int runs, int seed)
        {
            string path = BenchInputs.BinaryClassificationCsv(rows, features, seed);

            long size = new FileInfo(path).Length;
            Console.WriteLine($"file      {path}");
            Console.WriteLine($"size      {size:N0} bytes ({size / 1048576.0:F1} MiB), {rows:N0} rows x {features + 1} columns");
            Console.WriteLine($"machine   {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, server GC {System.Runtime.GCSettings.IsServerGC}");
            Console.WriteLine();

            TableSchema? schema = null;
            Measure("inspect", runs, rows, size, () =>
            {
                using var stream = Open(path);
                schema = TableInspector.Inspect(stream, ',', CancellationToken.None);
                if (schema.RowCount != rows) throw new InvalidOperationException("Wrong row count.");
            });
            Measure("load (infer)", runs, rows, size, () =>
            {
                using var stream = Open(path);
                var table = DataTableReader.Read(stream, ',', null, CancellationToken.None);
                if (table.RowCount != rows || table.ColumnCount != features + 1) throw new InvalidOperationException("Wrong shape.");
            });
            Measure("load (schema)", runs, rows, size, () =>
            {
                using var stream = Open(path);
                var table = DataTableReader.Read(stream, ',', schema, CancellationToken.None);
                if (table.RowCount != rows) throw new InvalidOperationException("Wrong shape.");
            });
            DataTable? loaded = null;
            using (var stream = Open(path)) loaded = DataTableReader.Read(stream, ',', schema, CancellationToken.None);
            Measure("write", runs, rows, size, () =>
            {
                using var counter = new CountingStream();
                DataTableWriter.Write(loaded, counter, ',');
                if (counter.Length < size / 2) throw new InvalidOperationException($"Wrote only {counter.Length} bytes.");
            });
            loaded = null;
            Measure("tokenize only", runs, rows, size, () =>
            {
                using var stream = Open(path);
                using var reader = new DelimitedReader(stream);
                long fields = 0;
                while (reader.ReadRecord()) fields += reader.FieldCount;
                if (fields != (rows + 1L) * (features + 1)) throw new InvalidOperationException("Wrong field count.");
            });
        }

        private static FileStream Open(string path) =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

        private static void Measure(string name, int runs, int rows, long size, Action action)
        {
            var times = new List<double>();
            var cpu = new List<double>();
            long allocated = 0;
            var process = Process.GetCurrentProcess();
            for (int i = 0; i < runs; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                long before = GC.GetTotalAllocatedBytes(precise: true);
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                action();
                watch.Stop();
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
                allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                times.Add(watch.Elapsed.TotalSeconds);
            }
            var sorted = times.OrderBy(t => t).ToList();
            double best = sorted[0];
            double median = sorted[sorted.Count / 2];
            Console.WriteLine(
                $"{name,-14} best {best:F3} s  median {median:F3} s  | {rows / best / 1e6:F2} M rows/s best, {rows / median / 1e6:F2} M rows/s median" +
                $"  | {size / best / 1048576:F0} MiB/s  | CPU best {cpu.Min():F3} s  | allocated {allocated / 1048576.0:F0} MiB  | runs: {string.Join(" ", times.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))}");
        }
    }

    /// <summary>A write-only stream that only counts bytes, so that writing is timed without disk I/O.</summary>
    internal sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
    }
}
