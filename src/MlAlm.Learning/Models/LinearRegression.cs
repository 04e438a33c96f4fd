using System;
using System.Collections.Generic;
using System.Threading;
using MlAlm.Learning.Features;
using MlAlm.Learning.Models.Optimization;

namespace MlAlm.Learning.Models
{
    /// <summary>Ridge regression in closed form.</summary>
    /// <remarks>
    /// <para>
    /// Minimizes <c>F(w, b) = (1/2n) Σ (y_i − b − w·x_i)² + (λ/2)·‖w‖²</c> over the linear feature
    /// layout, the intercept b unpenalized. With centred features and label the intercept drops out:
    /// <c>(Cᵀ C / n + λ I) w = Cᵀ (y − ȳ) / n</c>, b = ȳ − w·μ. The matrix is accumulated in one parallel
    /// pass (numeric features shifted by their means, one-hot features added row by row without
    /// materializing them), in a fixed number of row chunks added in order, so the result does not
    /// depend on the number of threads; it is solved by Cholesky factorization.
    /// </para>
    /// <para>
    /// A constant feature gets weight 0. When the system is singular (λ = 0 and collinear
    /// features), a ridge of 1e-10 times the mean diagonal is added, and the stop reason says so.
    /// </para>
    /// </remarks>
    public static class LinearRegression
    {
        private const int SubBlock = 1024;
        private const long ChunkMemoryBudget = 64L << 20;

        /// <param name="x">Features; numeric features must have no missing values.</param>
        /// <param name="y">Labels, finite numbers, one per row.</param>
        public static LinearSolution Fit(EncodedFeatures x, double[] y, double l2Regularization, CancellationToken cancellationToken)
        {
            if (x == null) throw new ArgumentNullException(nameof(x));
            if (y == null) throw new ArgumentNullException(nameof(y));
            if (y.Length != x.RowCount) throw new ArgumentException($"There are {y.Length} labels for {x.RowCount} rows.", nameof(y));
            int n = x.RowCount;
            if (n == 0) throw new ArgumentException("The training set is empty.", nameof(x));
            if (!(l2Regularization >= 0) || double.IsInfinity(l2Regularization)) throw new ArgumentOutOfRangeException(nameof(l2Regularization), "The L2 penalty must be a finite number, 0 or more.");

            double ySum = 0;
            for (int i = 0; i < n; i++) ySum += y[i];
            if (double.IsNaN(ySum) || double.IsInfinity(ySum))
            {
                for (int i = 0; i < n; i++)
                {
                    if (double.IsNaN(y[i]) || double.IsInfinity(y[i])) throw new ArgumentException($"Label {i + 1} is {y[i]}; regression needs finite numbers.", nameof(y));
                }
                throw new ArgumentException("The labels are too large to add up.", nameof(y));
            }
            double yMean = ySum / n;

            var layout = new LinearLayout(x, cancellationToken);
            int p = layout.Count;
            var accumulator = Accumulate(layout, y, yMean, cancellationToken);

            // Centred second moments: S = Σuuᵀ − t tᵀ/n, r = Σu(y−ȳ) − t·Σ(y−ȳ)/n.
            var a = new double[p * p];
            var rhs = new double[p];
            double inverseN = 1.0 / n;
            for (int i = 0; i < p; i++)
            {
                for (int j = 0; j <= i; j++)
                {
                    double s = i == j ? accumulator.Cross[(i * p) + i] : accumulator.Cross[(i * p) + j] + accumulator.Cross[(j * p) + i];
                    s -= accumulator.Sums[i] * accumulator.Sums[j] * inverseN;
                    a[(i * p) + j] = s * inverseN;
                    a[(j * p) + i] = s * inverseN;
                }
                rhs[i] = (accumulator.LabelCross[i] - (accumulator.Sums[i] * accumulator.ResidualSum * inverseN)) * inverseN;
            }
            var covariance = (double[])a.Clone();
            var rhsCentred = (double[])rhs.Clone();

            var constant = new bool[p];
            for (int j = 0; j < p; j++)
            {
                if (layout.StandardDeviations[j] > 0 && a[(j * p) + j] > 0) continue;
                constant[j] = true;
                for (int k = 0; k < p; k++)
                {
                    a[(j * p) + k] = 0;
                    a[(k * p) + j] = 0;
                }
                a[(j * p) + j] = 1;
                rhs[j] = 0;
            }
            double trace = 0;
            for (int j = 0; j < p; j++)
            {
                if (!constant[j]) a[(j * p) + j] += l2Regularization;
                trace += a[(j * p) + j];
            }

            string reason = "solved in closed form";
            var factor = (double[])a.Clone();
            if (p > 0 && !Cholesky.Factor(factor, p))
            {
                double ridge = 1e-10 * trace / p;
                bool solved = false;
                for (int attempt = 0; attempt < 4 && !solved; attempt++, ridge *= 100)
                {
                    Array.Copy(a, factor, a.Length);
                    for (int j = 0; j < p; j++) factor[(j * p) + j] += ridge;
                    solved = Cholesky.Factor(factor, p);
                    if (solved) reason = $"solved in closed form; the features are collinear, so a ridge of {ridge:G3} was added";
                }
                if (!solved) throw new ArgumentException("The features are too collinear to solve for; set l2Regularization above 0 or remove redundant columns.");
            }
            var w = rhs;
            if (p > 0) Cholesky.Solve(factor, p, w);

            // b = ȳ − w·x̄, with x̄ exact: numeric features were shifted by their (rounded) means, one-hot ones not.
            var featureMeans = new double[p];
            for (int j = 0; j < p; j++) featureMeans[j] = accumulator.Sums[j] * inverseN;
            for (int f = 0; f < x.FeatureCount; f++)
            {
                if (!x.IsCategorical[f]) featureMeans[layout.Offsets[f]] += layout.Means[layout.Offsets[f]];
            }
            double bias = yMean + (accumulator.ResidualSum * inverseN);
            double penalty = 0;
            for (int j = 0; j < p; j++)
            {
                bias -= w[j] * featureMeans[j];
                penalty += w[j] * w[j];
            }
            // Mean squared residual from the moments: Σ(y−ȳ)²/n − 2 wᵀr + wᵀ S w.
            double quadratic = 0, linear = 0;
            for (int i = 0; i < p; i++)
            {
                double row = 0;
                for (int j = 0; j < p; j++) row += covariance[(i * p) + j] * w[j];
                quadratic += w[i] * row;
                linear += w[i] * rhsCentred[i];
            }
            double meanSquare = Math.Max(0, (accumulator.ResidualSquares * inverseN) - (2 * linear) + quadratic);
            double objective = (0.5 * meanSquare) + (0.5 * l2Regularization * penalty);
            return new LinearSolution(w, bias, objective, 0, 0, true, 0, reason);
        }

        private sealed class Moments
        {
            public Moments(int p)
            {
                Cross = new double[p * p];
                Sums = new double[p];
                LabelCross = new double[p];
            }

            /// <summary>Σ u_i u_j, each pair i≠j in one of its two places (add both to get the sum).</summary>
            public double[] Cross { get; }

            /// <summary>Σ u.</summary>
            public double[] Sums { get; }

            /// <summary>Σ u·(y − ȳ).</summary>
            public double[] LabelCross { get; }

            public double ResidualSum { get; set; }

            public double ResidualSquares { get; set; }

            public void Add(Moments other)
            {
                for (int i = 0; i < Cross.Length; i++) Cross[i] += other.Cross[i];
                for (int i = 0; i < Sums.Length; i++)
                {
                    Sums[i] += other.Sums[i];
                    LabelCross[i] += other.LabelCross[i];
                }
                ResidualSum += other.ResidualSum;
                ResidualSquares += other.ResidualSquares;
            }
        }

        // u is the linear feature vector with numeric features shifted by their means (one-hot
        // indicators as they are), so the sums stay small and the centring above loses no precision.
        private static Moments Accumulate(LinearLayout layout, double[] y, double yMean, CancellationToken cancellationToken)
        {
            var x = layout.Features;
            int n = x.RowCount;
            int p = layout.Count;
            var numeric = new List<int>();
            var categorical = new List<int>();
            for (int f = 0; f < x.FeatureCount; f++) (x.IsCategorical[f] ? categorical : numeric).Add(f);
            int[] numericFeatures = numeric.ToArray(), categoricalFeatures = categorical.ToArray();

            long perChunk = Math.Max(1L, (long)p * p * sizeof(double));
            int chunks = (int)Math.Max(1, Math.Min(16, ChunkMemoryBudget / perChunk));
            chunks = Math.Max(1, Math.Min(chunks, (n + SubBlock - 1) / SubBlock));
            var partials = new Moments[chunks];

            ParallelWork.For(chunks, cancellationToken, c =>
            {
                var m = new Moments(p);
                int first = (int)((long)n * c / chunks), end = (int)((long)n * (c + 1) / chunks);
                var u = new double[numericFeatures.Length][];
                for (int k = 0; k < u.Length; k++) u[k] = new double[SubBlock];
                var r = new double[SubBlock];
                var codes = new int[categoricalFeatures.Length];
                for (int start = first; start < end; start += SubBlock)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int length = Math.Min(SubBlock, end - start);
                    for (int k = 0; k < numericFeatures.Length; k++)
                    {
                        double[] column = x.Columns[numericFeatures[k]];
                        double mean = layout.Means[layout.Offsets[numericFeatures[k]]];
                        double[] uk = u[k];
                        for (int i = 0; i < length; i++) uk[i] = column[start + i] - mean;
                    }
                    double residualSum = 0, residualSquares = 0;
                    for (int i = 0; i < length; i++)
                    {
                        double e = y[start + i] - yMean;
                        r[i] = e;
                        residualSum += e;
                        residualSquares += e * e;
                    }
                    m.ResidualSum += residualSum;
                    m.ResidualSquares += residualSquares;

                    for (int a = 0; a < numericFeatures.Length; a++)
                    {
                        int oa = layout.Offsets[numericFeatures[a]];
                        double[] ua = u[a];
                        double sum = 0, label = 0;
                        for (int i = 0; i < length; i++)
                        {
                            sum += ua[i];
                            label += ua[i] * r[i];
                        }
                        m.Sums[oa] += sum;
                        m.LabelCross[oa] += label;
                        for (int b = a; b < numericFeatures.Length; b++)
                        {
                            double[] ub = u[b];
                            double dot = 0;
                            for (int i = 0; i < length; i++) dot += ua[i] * ub[i];
                            m.Cross[(oa * p) + layout.Offsets[numericFeatures[b]]] += dot;
                        }
                    }

                    if (categoricalFeatures.Length == 0) continue;
                    for (int i = 0; i < length; i++)
                    {
                        for (int c1 = 0; c1 < codes.Length; c1++)
                        {
                            double code = x.Columns[categoricalFeatures[c1]][start + i];
                            codes[c1] = double.IsNaN(code) ? -1 : layout.Offsets[categoricalFeatures[c1]] + (int)code;
                        }
                        for (int c1 = 0; c1 < codes.Length; c1++)
                        {
                            int ia = codes[c1];
                            if (ia < 0) continue;
                            m.Sums[ia] += 1;
                            m.LabelCross[ia] += r[i];
                            int row = ia * p;
                            m.Cross[row + ia] += 1;
                            for (int a = 0; a < numericFeatures.Length; a++) m.Cross[row + layout.Offsets[numericFeatures[a]]] += u[a][i];
                            for (int c2 = c1 + 1; c2 < codes.Length; c2++)
                            {
                                if (codes[c2] >= 0) m.Cross[row + codes[c2]] += 1;
                            }
                        }
                    }
                }
                partials[c] = m;
            });

            var total = partials[0];
            for (int c = 1; c < chunks; c++) total.Add(partials[c]);
            return total;
        }
    }
}
