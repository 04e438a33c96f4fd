using System;
using System.Threading;
using MlAlm.Learning.Features;

namespace MlAlm.Learning.Models
{
    /// <summary>
    /// How linear learners read <see cref="EncodedFeatures"/>: a numeric feature is one weight, a
    /// categorical feature of k codes is k one-hot weights (a NaN code: all indicators 0). Also the
    /// mean and standard deviation of every linear feature.
    /// </summary>
    internal sealed class LinearLayout
    {
        public LinearLayout(EncodedFeatures x, CancellationToken cancellationToken)
        {
            Features = x;
            int f = x.FeatureCount;
            Offsets = new int[f];
            int count = 0;
            for (int j = 0; j < f; j++)
            {
                Offsets[j] = count;
                count += x.IsCategorical[j] ? x.CategoryCounts[j] : 1;
            }
            Count = count;
            Means = new double[count];
            StandardDeviations = new double[count];
            ComputeMoments(cancellationToken);
        }

        public EncodedFeatures Features { get; }

        /// <summary>Index of each compact feature's first weight.</summary>
        public int[] Offsets { get; }

        /// <summary>Number of weights.</summary>
        public int Count { get; }

        public double[] Means { get; }

        /// <summary>Population standard deviations (0 for a constant feature).</summary>
        public double[] StandardDeviations { get; }

        private void ComputeMoments(CancellationToken cancellationToken)
        {
            var x = Features;
            int n = x.RowCount;
            ParallelWork.For(x.FeatureCount, cancellationToken, j =>
            {
                double[] column = x.Columns[j];
                int offset = Offsets[j];
                if (x.IsCategorical[j])
                {
                    int k = x.CategoryCounts[j];
                    var counts = new long[k];
                    for (int i = 0; i < n; i++)
                    {
                        double code = column[i];
                        if (double.IsNaN(code)) continue;
                        int c = (int)code;
                        if (c < 0 || c >= k || c != code)
                            throw new ArgumentException($"Feature '{x.Names[j]}' holds {code} in row {i + 1}, which is not a category code below {k}.");
                        counts[c]++;
                    }
                    for (int c = 0; c < k; c++)
                    {
                        double p = n == 0 ? 0 : (double)counts[c] / n;
                        Means[offset + c] = p;
                        StandardDeviations[offset + c] = Math.Sqrt(p * (1 - p));
                    }
                    return;
                }
                // One pass, with values shifted by the first one so that the sums stay small:
                // mean = x0 + Σd/n, variance = Σd²/n − (Σd/n)², d = x − x0.
                double shift = n == 0 ? 0 : column[0];
                double sum = 0, squares = 0;
                for (int i = 0; i < n; i++)
                {
                    double d = column[i] - shift;
                    sum += d;
                    squares += d * d;
                }
                if (double.IsNaN(squares) || double.IsInfinity(squares))
                    throw new ArgumentException($"Feature '{x.Names[j]}' has missing or infinite values; linear learners need them replaced (FeatureEncoder does that with the mean).");
                double meanShift = n == 0 ? 0 : sum / n;
                double mean = shift + meanShift;
                double variance = n == 0 ? 0 : Math.Max(0, (squares / n) - (meanShift * meanShift));
                Means[offset] = mean;
                StandardDeviations[offset] = Math.Sqrt(variance);
            });
        }
    }
}
