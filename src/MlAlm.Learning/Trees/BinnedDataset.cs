using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MlAlm.Learning.Features;

namespace MlAlm.Learning.Trees
{
    /// <summary>
    /// The training features reduced to small integers: one byte per row and feature, stored per
    /// feature (column-major) so that building a feature's histogram reads one compact array.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Every feature has <c>B</c> value bins (0..B-1) and one more bin, <c>B</c>, for missing values
    /// (numeric) or for missing, unknown and rare categories (categorical); so at most 256 bins.
    /// </para>
    /// <para>
    /// Numeric thresholds come from a seeded sample of rows (<see cref="BoostingOptions.BinningSampleSize"/>).
    /// With at most <c>NumberOfBins</c> distinct sampled values each gets its own bin; otherwise bins
    /// hold roughly equal numbers of sampled values, and a value that repeats a lot fills a bin of its
    /// own rather than being split across two (cuts fall only between distinct values). The cut
    /// between neighbouring distinct values a &lt; b is their midpoint (or a, when the midpoint rounds
    /// to b), and bin k holds the values x with <c>t[k-1] &lt; x ≤ t[k]</c>: so "bin ≤ k" and
    /// "x ≤ t[k]" are the same test, and trees keep raw thresholds that work on unbinned values.
    /// </para>
    /// <para>
    /// Categorical bins are the most frequent codes in the training rows, up to <c>NumberOfBins</c>
    /// (ties to the lower code), numbered in code order.
    /// </para>
    /// </remarks>
    internal sealed class BinnedDataset
    {
        private BinnedDataset(int rowCount, byte[][] bins, int[] binCount, double[]?[] thresholds, FeatureInfo[] features, bool[] useful)
        {
            RowCount = rowCount;
            Bins = bins;
            BinCount = binCount;
            Thresholds = thresholds;
            Features = features;
            HistogramOffset = new int[bins.Length];
            int total = 0;
            var usefulFeatures = new List<int>();
            for (int f = 0; f < bins.Length; f++)
            {
                HistogramOffset[f] = total;
                total += binCount[f];
                if (useful[f]) usefulFeatures.Add(f);
            }
            TotalBins = total;
            UsefulFeatures = usefulFeatures.ToArray();
        }

        public int RowCount { get; }

        public int FeatureCount => Bins.Length;

        /// <summary>Bins[feature][row].</summary>
        public byte[][] Bins { get; }

        /// <summary>Bins per feature: value bins plus the missing/other bin, which is the last.</summary>
        public int[] BinCount { get; }

        /// <summary>Where each feature's bins start in a histogram (in bins, not doubles).</summary>
        public int[] HistogramOffset { get; }

        public int TotalBins { get; }

        /// <summary>Numeric features: the upper bound of value bins 0..B-2 (bin B-1 is unbounded). Null for categorical ones.</summary>
        public double[]?[] Thresholds { get; }

        public FeatureInfo[] Features { get; }

        /// <summary>Features whose training rows fall in more than one bin; the others can never split.</summary>
        public int[] UsefulFeatures { get; }

        public int MissingBin(int feature) => BinCount[feature] - 1;

        public static BinnedDataset Create(EncodedFeatures x, BoostingOptions options, ParallelOptions parallel, CancellationToken cancellationToken)
        {
            int rows = x.RowCount;
            int features = x.FeatureCount;
            int[] sample = SampleRows(rows, options.BinningSampleSize, options.Seed);

            var bins = new byte[features][];
            var binCount = new int[features];
            var thresholds = new double[]?[features];
            var infos = new FeatureInfo[features];
            var useful = new bool[features];

            Parallel.For(0, features, parallel, () => new double[sample.Length], (f, _, buffer) =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                double[] column = x.Columns[f];
                var featureBins = new byte[rows];
                if (x.IsCategorical[f])
                {
                    infos[f] = CategoricalBins(column, options.NumberOfBins, x.Names[f], featureBins);
                    binCount[f] = infos[f].OtherBin + 1;
                }
                else
                {
                    double[] cuts = NumericThresholds(column, sample, buffer, options.NumberOfBins);
                    thresholds[f] = cuts;
                    infos[f] = new FeatureInfo(x.Names[f], false, null, 0);
                    binCount[f] = cuts.Length + 2;
                    AssignNumericBins(column, cuts, featureBins);
                }
                bins[f] = featureBins;
                useful[f] = UsesSeveralBins(featureBins);
                return buffer;
            }, _ => { });
            cancellationToken.ThrowIfCancellationRequested();
            return new BinnedDataset(rows, bins, binCount, thresholds, infos, useful);
        }

        /// <summary>All rows in order when there are at most <paramref name="size"/>; otherwise a seeded sample of that many, in row order.</summary>
        internal static int[] SampleRows(int rows, int size, int seed)
        {
            var all = new int[rows];
            for (int i = 0; i < rows; i++) all[i] = i;
            if (rows <= size) return all;

            // Partial Fisher-Yates: the first `size` slots become a uniform sample without replacement.
            var random = new SplitMix64(((ulong)(uint)seed << 32) ^ 0xB1A5EEDUL);
            for (int i = 0; i < size; i++)
            {
                int j = i + random.NextInt(rows - i);
                int swap = all[i];
                all[i] = all[j];
                all[j] = swap;
            }
            var sample = new int[size];
            Array.Copy(all, sample, size);
            Array.Sort(sample);
            return sample;
        }

        /// <summary>Upper bounds of value bins 0..B-2, strictly increasing (B ≤ <paramref name="maxBins"/>).</summary>
        internal static double[] NumericThresholds(double[] column, int[] sample, double[] buffer, int maxBins)
        {
            int m = 0;
            foreach (int row in sample)
            {
                double v = column[row];
                if (!double.IsNaN(v)) buffer[m++] = v;
            }
            if (m == 0) return Array.Empty<double>();
            Array.Sort(buffer, 0, m);

            int distinct = 1;
            for (int i = 1; i < m; i++) if (buffer[i] != buffer[i - 1]) distinct++;

            var cuts = new List<double>(Math.Min(distinct, maxBins));
            if (distinct <= maxBins)
            {
                for (int i = 1; i < m; i++) if (buffer[i] != buffer[i - 1]) cuts.Add(Cut(buffer[i - 1], buffer[i]));
                return cuts.ToArray();
            }

            // Walk the distinct values with the running count; cut after a value when the count
            // reaches the next multiple of m / maxBins. Targets that a heavy value jumps over are
            // skipped, so that value gets one bin and the rest stay near-equal.
            long target = 1; // the next cut is due when count * maxBins >= target * m
            int start = 0;
            while (start < m && cuts.Count < maxBins - 1)
            {
                int end = start + 1;
                while (end < m && buffer[end] == buffer[start]) end++;
                if (end == m) break;
                if ((long)end * maxBins >= target * m)
                {
                    cuts.Add(Cut(buffer[start], buffer[end]));
                    while ((long)end * maxBins >= target * m) target++;
                }
                start = end;
            }
            return cuts.ToArray();
        }

        /// <summary>A cut c with a ≤ c &lt; b: the midpoint unless it rounds up to b (or overflows).</summary>
        private static double Cut(double a, double b)
        {
            double mid = a + ((b - a) * 0.5);
            return mid >= a && mid < b ? mid : a;
        }

        private static void AssignNumericBins(double[] column, double[] cuts, byte[] bins)
        {
            // Branch-free binary search over the cuts padded with +∞ to 2^k - 1 entries: the bin is
            // the number of cuts below the value.
            int size = 1;
            while (size <= cuts.Length) size <<= 1;
            var padded = new double[size];
            for (int i = 0; i < size; i++) padded[i] = i < cuts.Length ? cuts[i] : double.PositiveInfinity;
            byte missing = (byte)(cuts.Length + 1);
            for (int row = 0; row < column.Length; row++)
            {
                double v = column[row];
                int pos = 0;
                for (int step = size >> 1; step > 0; step >>= 1)
                {
                    int below = padded[pos + step - 1] < v ? 1 : 0; // a flag, not a jump
                    pos += step & -below;
                }
                bins[row] = double.IsNaN(v) ? missing : (byte)pos;
            }
        }

        private static FeatureInfo CategoricalBins(double[] column, int maxBins, string name, byte[] bins)
        {
            int maxCode = -1;
            foreach (double v in column)
            {
                if (IsCode(v) && v > maxCode) maxCode = (int)v;
            }
            var counts = new int[maxCode + 1];
            foreach (double v in column)
            {
                if (IsCode(v)) counts[(int)v]++;
            }

            var present = new List<int>();
            for (int code = 0; code <= maxCode; code++) if (counts[code] > 0) present.Add(code);
            if (present.Count > maxBins)
            {
                // Most frequent first, ties to the lower code; keep maxBins of them.
                present.Sort((a, b) => counts[a] != counts[b] ? counts[b].CompareTo(counts[a]) : a.CompareTo(b));
                present.RemoveRange(maxBins, present.Count - maxBins);
                present.Sort();
            }

            int mapLength = present.Count == 0 ? 0 : present[present.Count - 1] + 1;
            var binOfCode = new int[mapLength];
            for (int code = 0; code < mapLength; code++) binOfCode[code] = -1;
            for (int k = 0; k < present.Count; k++) binOfCode[present[k]] = k;

            var info = new FeatureInfo(name, true, binOfCode, present.Count);
            for (int row = 0; row < column.Length; row++) bins[row] = (byte)info.CategoryBin(column[row]);
            return info;
        }

        private static bool IsCode(double v) => v >= 0 && v < FeatureInfo.CodeLimit && v == Math.Floor(v);

        private static bool UsesSeveralBins(byte[] bins)
        {
            for (int i = 1; i < bins.Length; i++) if (bins[i] != bins[0]) return true;
            return false;
        }
    }
}
