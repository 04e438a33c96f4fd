using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using MlAlm.Learning.Data;
using MlAlm.Learning.Models;
using MlAlm.Learning.Scoring;
using MlAlm.Learning.Transforms;
using MlAlm.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MlAlm.Learning.Tests.Scoring
{
    public class BatchScorerTests
    {
        private const int Features = 6;

        // One pipeline for the class: normalize (the label too, so scoring needs a placeholder for it), then logistic regression.
        private static readonly Lazy<(ScoringPipeline Pipeline, byte[] Data, DataTable Table)> Trained = new Lazy<(ScoringPipeline, byte[], DataTable)>(() =>
        {
            var data = Generate(3000, seed: 7);
            var table = DataTableReader.Read(new MemoryStream(data), ',', null, CancellationToken.None);
            var normalize = Normalizer.Fit(table, Enumerable.Range(1, Features).Select(i => "f" + i).Append("label").ToList(), NormalizeMethod.MinMax);
            var model = Trainer.Train(normalize.Apply(table), new TrainingSpec(Learners.LogisticRegression, "label"), CancellationToken.None);
            return (new ScoringPipeline(new TableTransform[] { normalize }, model), data, table);
        });

        private static byte[] Generate(int rows, int seed)
        {
            var stream = new MemoryStream();
            SyntheticDatasets.WriteBinaryClassification(stream, rows, Features, seed);
            return stream.ToArray();
        }

        private static string Score(ScoringPipeline pipeline, string csv, int batchRows, IProgress<long>? progress = null, CancellationToken ct = default) =>
            Score(pipeline, Encoding.UTF8.GetBytes(csv), batchRows, out _, progress, ct);

        private static string Score(ScoringPipeline pipeline, byte[] csv, int batchRows, out long rows, IProgress<long>? progress = null, CancellationToken ct = default)
        {
            var output = new MemoryStream();
            rows = BatchScorer.Score(new MemoryStream(csv), ',', pipeline, output, batchRows, progress, ct);
            return Encoding.UTF8.GetString(output.ToArray());
        }

        private static string WholeTable(ScoringPipeline pipeline, DataTable table)
        {
            var output = new MemoryStream();
            DataTableWriter.Write(pipeline.Score(table), output);
            return Encoding.UTF8.GetString(output.ToArray());
        }

        /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
        private sealed class Recorder : IProgress<long>
        {
            public List<long> Values { get; } = new List<long>();
            public Action<long>? Then { get; set; }

            public void Report(long value)
            {
                Values.Add(value);
                Then?.Invoke(value);
            }
        }

        [Theory]
        [InlineData(1)]
        [InlineData(7)]
        [InlineData(999)]
        [InlineData(1000)]
        [InlineData(2999)]
        [InlineData(3000)]
        [InlineData(3001)]
        [InlineData(BatchScorer.DefaultBatchRows)]
        public void Scores_are_those_of_the_whole_table_whatever_the_batch_size(int batchRows)
        {
            var (pipeline, data, table) = Trained.Value;
            var progress = new Recorder();
            string scored = Score(pipeline, data, batchRows, out long rows, progress);

            Assert.Equal(3000, rows);
            Assert.Equal(WholeTable(pipeline, table), scored); // byte for byte: the same values, the same formatting
            Assert.StartsWith("Scored Labels,Scored Probabilities\n", scored, StringComparison.Ordinal);
            int batches = (3000 + batchRows - 1) / batchRows;
            Assert.Equal(Enumerable.Range(1, batches).Select(b => Math.Min(3000L, (long)b * batchRows)), progress.Values);
        }

        [Fact]
        public void An_input_with_a_header_only_gives_a_header_only_and_one_row_gives_one()
        {
            var (pipeline, _, _) = Trained.Value;
            string header = "f1,f2,f3,f4,f5,f6,label\n";
            Assert.Equal("Scored Labels,Scored Probabilities\n", Score(pipeline, header, 10));

            string one = Score(pipeline, header + "0.1,0.2,0.3,0.4,0.5,0.6,1\n", 1);
            var lines = one.Split('\n');
            Assert.Equal(3, lines.Length);
            Assert.Equal(string.Empty, lines[2]);
            var expected = WholeTable(pipeline, DataTableReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(header + "0.1,0.2,0.3,0.4,0.5,0.6,1\n")), ',', null, CancellationToken.None));
            Assert.Equal(expected, one);
        }

        [Fact]
        public void Columns_may_come_in_any_order_and_case_with_extra_columns_and_missing_values()
        {
            var (pipeline, _, _) = Trained.Value;
            string reordered = "id,F6,f5,f4,f3,f2,f1,note\n" +
                               "a,0.6,0.5,0.4,0.3,0.2,0.1,\"x, \"\"quoted\"\"\"\n" +
                               "b,NA,,0.4,0.3,0.2,0.1,y\n";
            string canonical = "f1,f2,f3,f4,f5,f6\n0.1,0.2,0.3,0.4,0.5,0.6\n0.1,0.2,0.3,0.4,,NA\n";
            Assert.Equal(Score(pipeline, canonical, 1), Score(pipeline, reordered, 1));
        }

        [Fact]
        public void Output_columns_echo_input_columns_and_pass_extra_columns_through_as_text()
        {
            var (pipeline, _, _) = Trained.Value;
            var echoing = new ScoringPipeline(pipeline.Transforms, pipeline.Model, new[] { "id", "f1", TrainedModel.ScoredLabelsColumn });
            string csv = "id,f1,f2,f3,f4,f5,f6\n007,0.10,0.2,0.3,0.4,0.5,0.6\n\"a,b\",2,0.2,0.3,0.4,0.5,0.6\n";
            var lines = Score(echoing, csv, 1).Split('\n');
            Assert.Equal("id,f1,Scored Labels", lines[0]);
            Assert.StartsWith("007,", lines[1], StringComparison.Ordinal); // text as it was, not the number 7
            Assert.StartsWith("\"a,b\",", lines[2], StringComparison.Ordinal);

            var ex = Assert.Throws<TabularFormatException>(() => Score(echoing, "f1,f2,f3,f4,f5,f6\n1,2,3,4,5,6\n", 1));
            Assert.Equal(1, ex.Line);
            Assert.Contains("'id'", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_missing_input_column_is_named_with_the_header_line()
        {
            var (pipeline, _, _) = Trained.Value;
            var ex = Assert.Throws<TabularFormatException>(() => Score(pipeline, "\n\nf1,f2,f4,f5,f6\n1,2,3,4,5\n", 10));
            Assert.Equal(3, ex.Line);
            Assert.Contains("no column 'f3' (Number)", ex.Message, StringComparison.Ordinal);

            ex = Assert.Throws<TabularFormatException>(() => Score(pipeline, "f1,f2,f4,f5\n1,2,3,4\n", 10));
            Assert.Contains("'f3' (Number), 'f6' (Number)", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(5)]      // in the first batch, on the calling thread
        [InlineData(2500)]   // in a later batch, on the reading thread
        public void A_value_of_the_wrong_type_is_named_with_its_line_and_column(int badRow)
        {
            var (pipeline, data, _) = Trained.Value;
            var lines = Encoding.UTF8.GetString(data).Split('\n');
            var fields = lines[badRow].Split(',');
            fields[2] = "abc";
            lines[badRow] = string.Join(",", fields);
            var ex = Assert.Throws<TabularFormatException>(() => Score(pipeline, string.Join("\n", lines), 100));
            Assert.Equal(badRow + 1, ex.Line);
            Assert.Contains("column 3 'f3' is Number in the schema but 'abc' is not a number", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_ragged_row_is_reported_with_its_line()
        {
            var (pipeline, _, _) = Trained.Value;
            var ex = Assert.Throws<TabularFormatException>(() => Score(pipeline, "f1,f2,f3,f4,f5,f6\n1,2,3,4,5,6\n1,2,3\n", 10));
            Assert.Equal(3, ex.Line);
            Assert.Contains("expected 6 fields but found 3", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Cancellation_stops_between_batches()
        {
            var (pipeline, _, _) = Trained.Value;
            using var cts = new CancellationTokenSource();
            var progress = new Recorder { Then = _ => cts.Cancel() };
            using var input = new GeneratedCsv(200_000, Features);
            Assert.ThrowsAny<OperationCanceledException>(() => BatchScorer.Score(input, ',', pipeline, new DiscardingSink(), 1000, progress, cts.Token));
            Assert.Equal(new long[] { 1000 }, progress.Values);
            Assert.True(input.RowsProduced < 200_000);
        }

        [Fact]
        public void Bad_arguments_are_refused()
        {
            var (pipeline, data, _) = Trained.Value;
            Assert.Throws<ArgumentOutOfRangeException>(() => BatchScorer.Score(new MemoryStream(data), ',', pipeline, new MemoryStream(), 0, null, CancellationToken.None));
            Assert.Throws<ArgumentException>(() => BatchScorer.Score(new MemoryStream(data), '"', pipeline, new MemoryStream(), 10, null, CancellationToken.None));
            Assert.Throws<ArgumentNullException>(() => BatchScorer.Score(new MemoryStream(data), ',', null!, new MemoryStream(), 10, null, CancellationToken.None));
        }

        [Fact]
        public void A_tab_separated_input_can_be_written_with_commas()
        {
            var (pipeline, _, _) = Trained.Value;
            var output = new MemoryStream();
            BatchScorer.Score(new MemoryStream(Encoding.UTF8.GetBytes("f1\tf2\tf3\tf4\tf5\tf6\n1\t2\t3\t4\t5\t6\n")), '\t', pipeline, output, ',', 10, null, CancellationToken.None);
            Assert.Equal(Score(pipeline, "f1,f2,f3,f4,f5,f6\n1,2,3,4,5,6\n", 10), Encoding.UTF8.GetString(output.ToArray()));
        }
    }

    /// <summary>A non-seekable stream of generated CSV rows (header f1..fN), made as it is read.</summary>
    internal sealed class GeneratedCsv : ReadOnlyForwardStream
    {
        private readonly int _rows;
        private readonly int _features;
        private byte[] _pending;
        private int _offset;
        private long _sinceCallback;

        public GeneratedCsv(int rows, int features)
        {
            _rows = rows;
            _features = features;
            _pending = Encoding.ASCII.GetBytes(string.Join(",", Enumerable.Range(1, features).Select(j => "f" + j)) + ",id\n");
        }

        public int RowsProduced { get; private set; }
        public long EveryBytes { get; set; } = long.MaxValue;
        public Action? OnBytes { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_offset == _pending.Length)
            {
                if (RowsProduced == _rows) return 0;
                var text = new StringBuilder();
                for (int k = 0; k < 1000 && RowsProduced < _rows; k++, RowsProduced++)
                {
                    long i = RowsProduced;
                    for (int j = 0; j < _features; j++)
                    {
                        long units = ((i * 7919) + (j * 104729)) % 20001 - 10000;
                        text.Append((units / 1000.0).ToString("0.000", CultureInfo.InvariantCulture)).Append(',');
                    }
                    text.Append("row").Append(i).Append('\n');
                }
                _pending = Encoding.ASCII.GetBytes(text.ToString());
                _offset = 0;
            }
            int n = Math.Min(count, _pending.Length - _offset);
            Array.Copy(_pending, _offset, buffer, offset, n);
            _offset += n;
            _sinceCallback += n;
            if (_sinceCallback >= EveryBytes)
            {
                _sinceCallback = 0;
                OnBytes?.Invoke();
            }
            return n;
        }

    }

    /// <summary>A non-seekable stream that only counts what is written to it.</summary>
    internal sealed class DiscardingSink : Stream
    {
        private long _length;
        private long _sinceCallback;

        public long EveryBytes { get; set; } = long.MaxValue;
        public Action? OnBytes { get; set; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _length += count;
            _sinceCallback += count;
            if (_sinceCallback >= EveryBytes)
            {
                _sinceCallback = 0;
                OnBytes?.Invoke();
            }
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Measures the live heap, so it runs alone: other tests' data would count otherwise.</summary>
    [CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
    public sealed class MemoryMeasurement
    {
    }

    [Collection(nameof(MemoryMeasurement))]
    public class BatchScorerMemoryTests
    {
        private readonly ITestOutputHelper _output;

        public BatchScorerMemoryTests(ITestOutputHelper output) => _output = output;

        /// <summary>
        /// 500,000 rows × 20 features (about 85 MB of text, 80 MB as doubles) go from a generator to
        /// a sink, neither seekable, while the live heap is sampled after full collections: it must
        /// stay far below what holding the input (or the output) would take.
        /// </summary>
        [Fact]
        public void Memory_stays_flat_however_long_the_input()
        {
            const int rows = 500_000, features = 20;
            var training = new MemoryStream();
            SyntheticDatasets.WriteBinaryClassification(training, 2000, features, 3);
            training.Position = 0;
            var model = Trainer.Train(DataTableReader.Read(training, ',', null, CancellationToken.None), new TrainingSpec(Learners.LogisticRegression, "label"), CancellationToken.None);
            var pipeline = new ScoringPipeline(Array.Empty<TableTransform>(), model);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            long baseline = GC.GetTotalMemory(forceFullCollection: true);
            long peak = baseline;
            var sync = new object();
            void Sample()
            {
                long live = GC.GetTotalMemory(forceFullCollection: true); // the reading and the writing thread both sample
                lock (sync) peak = Math.Max(peak, live);
            }

            using var input = new GeneratedCsv(rows, features) { EveryBytes = 8 << 20, OnBytes = Sample };
            var sink = new DiscardingSink { EveryBytes = 1 << 20, OnBytes = Sample };
            long totalBefore = GC.GetTotalAllocatedBytes(precise: true);
            long scored = BatchScorer.Score(input, ',', pipeline, sink, 16384, null, CancellationToken.None);
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - totalBefore;

            Assert.Equal(rows, scored);
            Assert.Equal(rows, input.RowsProduced);
            Assert.True(sink.Length > rows * 10L);
            long growth = peak - baseline;
            _output.WriteLine($"live heap growth {growth / 1048576.0:F1} MiB; {allocated / (double)rows:F0} bytes allocated per row; output {sink.Length / 1048576.0:F1} MiB");
            // Two batches of 16,384 rows × 20 doubles are 5 MB; holding the input would be 80 MB or more.
            Assert.True(growth < 40L << 20, $"The live heap grew by {growth / 1048576.0:F1} MiB while scoring {rows:N0} rows.");
            // Loose (the generator's own text counts too): nothing per field is kept; some strings per row for the output.
            Assert.True(allocated / rows < 4096, $"{allocated / (double)rows:F0} bytes allocated per row.");
        }
    }
}
