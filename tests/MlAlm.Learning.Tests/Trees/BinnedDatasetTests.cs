using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlAlm.Learning.Features;
using MlAlm.Learning.Trees;
using Xunit;

namespace MlAlm.Learning.Tests.Trees
{
    public class BinnedDatasetTests
    {
        private static int[] AllRows(int n) => Enumerable.Range(0, n).ToArray();

        private static double[] Thresholds(double[] values, int maxBins) =>
            BinnedDataset.NumericThresholds(values, AllRows(values.Length), new double[values.Length], maxBins);

        [Fact]
        public void Few_distinct_values_each_get_a_bin_cut_at_the_midpoints()
        {
            double[] values = { 3, 1, double.NaN, 2, 1, 10, 3 };
            Assert.Equal(new[] { 1.5, 2.5, 6.5 }, Thresholds(values, 255));
        }

        [Fact]
        public void Many_values_fill_near_equal_bins()
        {
            var values = Enumerable.Range(0, 10_000).Select(i => (double)i).ToArray();
            var cuts = Thresholds(values, 10);
            Assert.Equal(9, cuts.Length);
            // Bins of 1000 values: cuts between 999 and 1000, 1999 and 2000, ...
            Assert.Equal(Enumerable.Range(1, 9).Select(k => (1000 * k) - 0.5), cuts);
        }

        [Fact]
        public void A_heavy_value_gets_a_bin_of_its_own()
        {
            // Half the values are 0; the rest spread over 1..5000.
            var values = Enumerable.Repeat(0.0, 5000).Concat(Enumerable.Range(1, 5000).Select(i => (double)i)).ToArray();
            var cuts = Thresholds(values, 10);
            Assert.True(cuts.Length <= 9);
            Assert.Equal(0.5, cuts[0]);
            Assert.True(cuts.Zip(cuts.Skip(1), (a, b) => a < b).All(ok => ok));
        }

        [Fact]
        public void Cuts_between_adjacent_doubles_stay_below_the_larger_one()
        {
            double a = 1.0, b = 1.0 + Math.Pow(2, -52); // adjacent: the midpoint rounds to one of them
            var cuts = Thresholds(new[] { a, b, double.MaxValue, double.PositiveInfinity }, 255);
            Assert.Equal(3, cuts.Length);
            Assert.True(cuts[0] >= a && cuts[0] < b);
            Assert.True(cuts[1] >= b && cuts[1] < double.MaxValue);
            Assert.True(cuts[2] >= double.MaxValue && cuts[2] < double.PositiveInfinity);
        }

        [Fact]
        public void Bins_agree_with_the_thresholds_and_missing_values_get_the_last_bin()
        {
            var random = new Random(4);
            int rows = 5000;
            var column = Enumerable.Range(0, rows).Select(i => i % 11 == 0 ? double.NaN : Math.Round(random.NextDouble() * 100, 2)).ToArray();
            var x = new EncodedFeatures(new[] { column }, new[] { false }, new[] { 0 }, new[] { "v" }, rows);
            var data = BinnedDataset.Create(x, new BoostingOptions { NumberOfBins = 16 }, new ParallelOptions(), CancellationToken.None);
            double[] cuts = data.Thresholds[0]!;
            Assert.Equal(cuts.Length + 2, data.BinCount[0]);
            for (int i = 0; i < rows; i++)
            {
                int bin = data.Bins[0][i];
                if (double.IsNaN(column[i]))
                {
                    Assert.Equal(data.MissingBin(0), bin);
                    continue;
                }
                // Bin k holds the values in (t[k-1], t[k]].
                if (bin > 0) Assert.True(column[i] > cuts[bin - 1]);
                if (bin < cuts.Length) Assert.True(column[i] <= cuts[bin]);
            }
        }

        [Fact]
        public void The_binning_sample_is_seeded_and_in_row_order()
        {
            var a = BinnedDataset.SampleRows(100_000, 1000, 42);
            Assert.Equal(a, BinnedDataset.SampleRows(100_000, 1000, 42));
            Assert.NotEqual(a, BinnedDataset.SampleRows(100_000, 1000, 43));
            Assert.Equal(1000, a.Distinct().Count());
            Assert.True(a.Zip(a.Skip(1), (p, q) => p < q).All(ok => ok));
            Assert.Equal(AllRows(50), BinnedDataset.SampleRows(50, 1000, 42));
        }

        [Fact]
        public void Categorical_bins_keep_the_most_frequent_codes()
        {
            // Code 5 appears 5 times, 3 four times, 9 three times, 0 twice, 1 once; two bins kept.
            double[] codes = { 5, 5, 5, 5, 5, 3, 3, 3, 3, 9, 9, 9, 0, 0, 1, double.NaN, -1, 2.5 };
            var x = new EncodedFeatures(new[] { codes }, new[] { true }, new[] { 10 }, new[] { "c" }, codes.Length);
            var data = BinnedDataset.Create(x, new BoostingOptions { NumberOfBins = 2 }, new ParallelOptions(), CancellationToken.None);
            var info = data.Features[0];
            Assert.Equal(2, info.OtherBin);
            Assert.Equal(0, info.CategoryBin(3)); // kept codes numbered in code order
            Assert.Equal(1, info.CategoryBin(5));
            foreach (double other in new[] { 9, 0, 1, double.NaN, -1, 2.5, 1e9 }) Assert.Equal(2, info.CategoryBin(other));
            Assert.Equal(codes.Select(c => (byte)info.CategoryBin(c)), data.Bins[0]);
        }

        [Fact]
        public void Constant_features_are_left_out_of_the_search()
        {
            var x = new EncodedFeatures(new[] { new double[] { 1, 1, 1 }, new double[] { 1, 2, 3 }, new[] { double.NaN, double.NaN, double.NaN } },
                new bool[3], new int[3], new[] { "a", "b", "c" }, 3);
            var data = BinnedDataset.Create(x, new BoostingOptions(), new ParallelOptions(), CancellationToken.None);
            Assert.Equal(new[] { 1 }, data.UsefulFeatures);
        }
    }
}
