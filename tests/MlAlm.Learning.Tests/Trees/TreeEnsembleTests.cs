using System;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Learning.Features;
using MlAlm.Learning.Trees;
using Xunit;
using static MlAlm.Learning.Tests.Trees.TreeTestData;

namespace MlAlm.Learning.Tests.Trees
{
    public class TreeEnsembleTests
    {
        internal static byte[] Bytes(TreeEnsemble model)
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream))
            {
                model.Write(writer);
            }
            return stream.ToArray();
        }

        private static TreeEnsemble FromBytes(byte[] bytes)
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            return TreeEnsemble.Read(reader);
        }

        /// <summary>Numeric, missing and categorical features, so every node kind is written.</summary>
        private static (EncodedFeatures X, double[] Y) Mixed(int rows, int seed)
        {
            var random = new Random(seed);
            var a = Uniform(random, rows, -1, 1);
            var b = Uniform(random, rows, 0, 5);
            var c = new double[rows];
            var y = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                c[i] = random.Next(6);
                if (i % 7 == 0) b[i] = double.NaN;
                double score = a[i] + (c[i] == 2 || c[i] == 5 ? 1 : -0.5) + (double.IsNaN(b[i]) ? 0.7 : -0.1 * b[i]) + (random.NextDouble() - 0.5);
                y[i] = score > 0 ? 1 : 0;
            }
            var x = new EncodedFeatures(new[] { a, b, c }, new[] { false, false, true }, new[] { 0, 0, 6 }, new[] { "a", "b", "c" }, rows);
            return (x, y);
        }

        private static TreeEnsemble SmallModel() => Train(Mixed(600, 1), 5);

        private static TreeEnsemble Train((EncodedFeatures X, double[] Y) data, int trees) =>
            GradientBoostedTrees.Train(data.X, data.Y, BoostingObjective.LogLoss, new BoostingOptions { NumberOfTrees = trees, NumberOfLeaves = 6 }, CancellationToken.None);

        [Fact]
        public void A_written_and_read_model_predicts_the_same_and_writes_the_same_bytes()
        {
            var data = Mixed(3000, 2);
            var model = Train(data, 30);
            Assert.Contains(model.Trees, t => t.CategoryOffset.Any(o => o >= 0));
            byte[] bytes = Bytes(model);
            var copy = FromBytes(bytes);

            Assert.Equal(model.Objective, copy.Objective);
            Assert.Equal(model.BaseScore, copy.BaseScore);
            Assert.Equal(new[] { "a", "b", "c" }, copy.FeatureNames);
            Assert.Equal(new[] { false, false, true }, copy.FeatureIsCategorical);
            Assert.Equal(bytes, Bytes(copy));

            // On the training rows and on values never seen: NaN everywhere, unknown categories.
            var probe = new[]
            {
                data.X.Columns[0].Concat(new[] { double.NaN, 7, -7 }).ToArray(),
                data.X.Columns[1].Concat(new[] { double.NaN, double.NaN, 100 }).ToArray(),
                data.X.Columns[2].Concat(new[] { double.NaN, 42, -3 }).ToArray(),
            };
            var expected = new double[probe[0].Length];
            var actual = new double[probe[0].Length];
            model.Predict(probe, expected);
            copy.Predict(probe, actual);
            Assert.Equal(expected, actual);

            // The batch walk (several rows at once, branch-free numeric steps) and the one-row
            // walk agree on every row, missing values and categories included.
            var batch = new double[probe[0].Length];
            model.PredictRaw(probe, batch);
            for (int i = 0; i < batch.Length; i++)
            {
                Assert.Equal(batch[i], model.PredictRaw(new[] { probe[0][i], probe[1][i], probe[2][i] }));
            }
        }

        [Fact]
        public void The_reader_leaves_the_stream_just_after_the_model()
        {
            var model = SmallModel();
            using var stream = new MemoryStream();
            var writer = new BinaryWriter(stream);
            model.Write(writer);
            writer.Write("after");
            stream.Position = 0;
            var reader = new BinaryReader(stream);
            TreeEnsemble.Read(reader);
            Assert.Equal("after", reader.ReadString());
        }

        [Fact]
        public void Every_changed_byte_is_detected()
        {
            byte[] bytes = Bytes(SmallModel());
            for (int i = 0; i < bytes.Length; i++)
            {
                foreach (byte mask in new byte[] { 0x01, 0x80 })
                {
                    var corrupt = (byte[])bytes.Clone();
                    corrupt[i] ^= mask;
                    Assert.Throws<InvalidDataException>(() => FromBytes(corrupt));
                }
            }
        }

        [Fact]
        public void Truncated_and_foreign_streams_are_refused()
        {
            byte[] bytes = Bytes(SmallModel());
            for (int length = 0; length < bytes.Length; length += Math.Max(1, length / 8))
            {
                Assert.Throws<InvalidDataException>(() => FromBytes(bytes.Take(length).ToArray()));
            }
            Assert.Throws<InvalidDataException>(() => FromBytes(bytes.Take(bytes.Length - 1).ToArray()));
            Assert.Throws<InvalidDataException>(() => FromBytes(new byte[100]));
            Assert.Throws<InvalidDataException>(() => FromBytes(System.Text.Encoding.ASCII.GetBytes("PK\u0003\u0004 not a tree ensemble at all")));
        }

        [Fact]
        public void A_consistent_checksum_does_not_make_a_malformed_tree_acceptable()
        {
            // Re-sign the payload after breaking the structure: the reader must still refuse it.
            byte[] bytes = Bytes(SmallModel());
            int header = 8 + 4 + 8;
            int payloadLength = bytes.Length - header - 8;
            var payload = bytes.Skip(header).Take(payloadLength).ToArray();

            // The payload starts: int32 objective, double base score, int32 feature count.
            byte[] Resigned(Action<byte[]> change)
            {
                var p = (byte[])payload.Clone();
                change(p);
                ulong hash = 0xCBF29CE484222325UL;
                foreach (byte b in p)
                {
                    hash ^= b;
                    hash *= 0x100000001B3UL;
                }
                return bytes.Take(header).Concat(p).Concat(BitConverter.GetBytes(hash)).ToArray();
            }

            Assert.Throws<InvalidDataException>(() => FromBytes(Resigned(p => BitConverter.GetBytes(7).CopyTo(p, 0))));            // objective
            Assert.Throws<InvalidDataException>(() => FromBytes(Resigned(p => BitConverter.GetBytes(double.NaN).CopyTo(p, 4))));   // base score
            Assert.Throws<InvalidDataException>(() => FromBytes(Resigned(p => BitConverter.GetBytes(0).CopyTo(p, 12))));           // no features
            Assert.Throws<InvalidDataException>(() => FromBytes(Resigned(p => BitConverter.GetBytes(4).CopyTo(p, 12))));           // one feature too many
            Assert.NotNull(FromBytes(Resigned(p => { })));
        }

        [Fact]
        public void Feature_importance_sums_to_one_and_favours_the_signal()
        {
            var random = new Random(9);
            int rows = 2000;
            var signal = Uniform(random, rows, 0, 1);
            var noise = Uniform(random, rows, 0, 1);
            var y = signal.Select(v => v > 0.5 ? 1.0 : 0).ToArray();
            var model = GradientBoostedTrees.Train(Numeric(noise, signal), y, BoostingObjective.LogLoss, new BoostingOptions { NumberOfTrees = 10 }, CancellationToken.None);
            var importance = model.FeatureImportance();
            Assert.Equal(1, importance.Sum(), 9);
            Assert.True(importance[1] > 0.9);
        }
    }
}
