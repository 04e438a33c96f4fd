using System;
using System.Linq;
using System.Threading;
using MlAlm.Learning.Features;
using MlAlm.Learning.Models.Optimization;

namespace MlAlm.Learning.Models
{
    /// <summary>
    /// Binary logistic regression with an L2 penalty, fitted by L-BFGS.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Minimizes <c>F(w, b) = (1/n) Σ log(1 + exp(-s_i·(b + w·x_i))) + (λ/2)·‖w‖²</c> over the linear
    /// feature layout (<see cref="LinearLayout"/>), with labels s_i = ±1 (y = 1 positive). The
    /// intercept b is not penalized. With the mean loss, λ means the same thing whatever the number of
    /// rows; scikit-learn's C for the same problem is 1/(λ·n).
    /// </para>
    /// <para>
    /// For conditioning the optimizer works in standardized coordinates — v_j = w_j·σ_j and
    /// c = b + Σ w_j·μ_j, so that z = c + Σ v_j (x_j − μ_j)/σ_j — which is an exact change of variables
    /// (the penalty stays on w), so the optimum is that of the problem above. The data are never
    /// copied or rescaled: each pass computes z with the raw weights w = v/σ, b = c − Σ w·μ, and the
    /// gradient is mapped back. A pass is parallel over fixed row blocks (<see cref="RowBlocks"/>),
    /// each block computing z, the loss and the residuals σ(z) − y while its rows are in cache, then
    /// its part of Xᵀr; block sums are added in block order, so the result does not depend on the
    /// number of threads.
    /// </para>
    /// <para>
    /// Stops when the largest gradient component (standardized coordinates) is at most
    /// <c>tolerance</c>, or when the objective has fallen by at most <c>tolerance</c>·max(1, |F|) per
    /// iteration over the last 5 iterations, or after <c>maxIterations</c>.
    /// </para>
    /// </remarks>
    public static class LogisticRegression
    {
        /// <param name="x">Features; numeric features must have no missing values.</param>
        /// <param name="y">Labels, 0 or 1, one per row.</param>
        public static LinearSolution Fit(EncodedFeatures x, double[] y, double l2Regularization, int maxIterations, double tolerance, CancellationToken cancellationToken)
        {
            if (x == null) throw new ArgumentNullException(nameof(x));
            if (y == null) throw new ArgumentNullException(nameof(y));
            if (y.Length != x.RowCount) throw new ArgumentException($"There are {y.Length} labels for {x.RowCount} rows.", nameof(y));
            if (x.RowCount == 0) throw new ArgumentException("The training set is empty.", nameof(x));
            if (!(l2Regularization >= 0) || double.IsInfinity(l2Regularization)) throw new ArgumentOutOfRangeException(nameof(l2Regularization), "The L2 penalty must be a finite number, 0 or more.");
            if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations));
            if (!(tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(tolerance));
            double positives = 0;
            for (int i = 0; i < y.Length; i++)
            {
                if (y[i] != 0 && y[i] != 1) throw new ArgumentException($"Label {i + 1} is {y[i]}; logistic regression needs 0 or 1.", nameof(y));
                positives += y[i];
            }

            var layout = new LinearLayout(x, cancellationToken);
            var objective = new Objective(layout, y, l2Regularization, cancellationToken);
            int p = layout.Count;
            var start = new double[p + 1];
            double rate = positives / y.Length;
            start[p] = rate > 0 && rate < 1 ? Math.Log(rate / (1 - rate)) : 0;
            var options = new LbfgsOptions
            {
                MaxIterations = maxIterations,
                GradientTolerance = tolerance,
                RelativeTolerance = tolerance,
            };
            var result = Lbfgs.Minimize(objective.Evaluate, start, options, cancellationToken);
            objective.ToRaw(result.X, out double[] weights, out double bias);
            return new LinearSolution(weights, bias, result.Value, result.Iterations, result.Evaluations, result.Converged, result.GradientNorm, result.Reason);
        }

        /// <summary>The objective in standardized coordinates θ = (v, c).</summary>
        private sealed class Objective
        {
            private readonly CancellationToken _cancellationToken;
            private readonly double[][] _numericColumns;
            private readonly int[] _numericOffsets;
            private readonly double[][] _categoricalColumns;
            private readonly int[] _categoricalOffsets;
            private readonly double[] _y;
            private readonly double _lambda;
            private readonly int _n;
            private readonly int _p;
            private readonly int _stride;
            private readonly double[] _mean;
            private readonly double[] _scale;   // σ_j, or 1 for a constant feature
            private readonly bool[] _constant;
            private readonly double[] _partials; // per block: Xᵀr (p), Σr, Σloss
            private readonly double[] _w;
            private double _b;

            [ThreadStatic]
            private static double[]? t_scratch;

            public Objective(LinearLayout layout, double[] y, double lambda, CancellationToken cancellationToken)
            {
                _cancellationToken = cancellationToken;
                var x = layout.Features;
                var numeric = Enumerable.Range(0, x.FeatureCount).Where(j => !x.IsCategorical[j]).ToArray();
                var categorical = Enumerable.Range(0, x.FeatureCount).Where(j => x.IsCategorical[j]).ToArray();
                _numericColumns = numeric.Select(j => x.Columns[j]).ToArray();
                _numericOffsets = numeric.Select(j => layout.Offsets[j]).ToArray();
                _categoricalColumns = categorical.Select(j => x.Columns[j]).ToArray();
                _categoricalOffsets = categorical.Select(j => layout.Offsets[j]).ToArray();
                _y = y;
                _lambda = lambda;
                _n = layout.Features.RowCount;
                _p = layout.Count;
                _stride = _p + 2;
                _mean = layout.Means;
                _scale = new double[_p];
                _constant = new bool[_p];
                for (int j = 0; j < _p; j++)
                {
                    double s = layout.StandardDeviations[j];
                    _constant[j] = !(s > 0);
                    _scale[j] = _constant[j] ? 1 : s;
                }
                _partials = new double[RowBlocks.Count(_n) * _stride];
                _w = new double[_p];
            }

            public void ToRaw(double[] theta, out double[] weights, out double bias)
            {
                weights = new double[_p];
                double b = theta[_p];
                for (int j = 0; j < _p; j++)
                {
                    weights[j] = _constant[j] ? 0 : theta[j] / _scale[j];
                    b -= weights[j] * _mean[j];
                }
                bias = b;
            }

            public double Evaluate(double[] theta, double[] gradient)
            {
                double b = theta[_p];
                double penalty = 0;
                for (int j = 0; j < _p; j++)
                {
                    double w = _constant[j] ? 0 : theta[j] / _scale[j];
                    _w[j] = w;
                    b -= w * _mean[j];
                    penalty += w * w;
                }
                _b = b;

                RowBlocks.ForEach(_n, _cancellationToken, Block);

                // Add the block sums in block order.
                var g = gradient;
                Array.Clear(g, 0, g.Length);
                double residuals = 0, loss = 0;
                for (int offset = 0; offset < _partials.Length; offset += _stride)
                {
                    for (int j = 0; j < _p; j++) g[j] += _partials[offset + j];
                    residuals += _partials[offset + _p];
                    loss += _partials[offset + _p + 1];
                }
                double inverseN = 1.0 / _n;
                for (int j = 0; j < _p; j++)
                {
                    g[j] = _constant[j] ? 0 : ((((g[j] - (_mean[j] * residuals)) * inverseN) / _scale[j]) + (_lambda * _w[j] / _scale[j]));
                }
                g[_p] = residuals * inverseN;
                return (loss * inverseN) + (0.5 * _lambda * penalty);
            }

            private void Block(int block, int start, int end)
            {
                int length = end - start;
                double[] z = t_scratch ??= new double[RowBlocks.Size];
                double b = _b;
                for (int i = 0; i < length; i++) z[i] = b;

                // z += X·w: numeric features four at a time (one pass over z per four columns).
                double[] w = _w;
                double[][] columns = _numericColumns;
                int[] offsets = _numericOffsets;
                int f = 0;
                for (; f + 4 <= columns.Length; f += 4)
                {
                    double[] c0 = columns[f], c1 = columns[f + 1], c2 = columns[f + 2], c3 = columns[f + 3];
                    double w0 = w[offsets[f]], w1 = w[offsets[f + 1]], w2 = w[offsets[f + 2]], w3 = w[offsets[f + 3]];
                    for (int i = 0; i < length; i++)
                    {
                        int k = start + i;
                        z[i] += ((w0 * c0[k]) + (w1 * c1[k])) + ((w2 * c2[k]) + (w3 * c3[k]));
                    }
                }
                for (; f < columns.Length; f++)
                {
                    double[] c0 = columns[f];
                    double w0 = w[offsets[f]];
                    for (int i = 0; i < length; i++) z[i] += w0 * c0[start + i];
                }
                for (int c = 0; c < _categoricalColumns.Length; c++)
                {
                    double[] codes = _categoricalColumns[c];
                    int offset = _categoricalOffsets[c];
                    for (int i = 0; i < length; i++)
                    {
                        double code = codes[start + i];
                        if (!double.IsNaN(code)) z[i] += w[offset + (int)code];
                    }
                }

                // Loss and residuals r = σ(z) − y, with log(1 + e^z) = max(z, 0) + log(1 + e^−|z|).
                double loss = 0, residuals = 0;
                double[] y = _y;
                for (int i = 0; i < length; i++)
                {
                    double zi = z[i];
                    double yi = y[start + i];
                    double e = Math.Exp(-Math.Abs(zi));
                    double onePlus = 1 + e;
                    loss += Math.Log(onePlus) + (zi > 0 ? zi : 0) - (yi * zi);
                    double r = ((zi >= 0 ? 1 : e) / onePlus) - yi;
                    z[i] = r;
                    residuals += r;
                }

                // This block's part of Xᵀr, numeric features four at a time (one pass over r per four columns).
                int slot = block * _stride;
                double[] partial = _partials;
                Array.Clear(partial, slot, _stride);
                f = 0;
                for (; f + 4 <= columns.Length; f += 4)
                {
                    double[] c0 = columns[f], c1 = columns[f + 1], c2 = columns[f + 2], c3 = columns[f + 3];
                    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                    for (int i = 0; i < length; i++)
                    {
                        int k = start + i;
                        double r = z[i];
                        s0 += r * c0[k];
                        s1 += r * c1[k];
                        s2 += r * c2[k];
                        s3 += r * c3[k];
                    }
                    partial[slot + offsets[f]] = s0;
                    partial[slot + offsets[f + 1]] = s1;
                    partial[slot + offsets[f + 2]] = s2;
                    partial[slot + offsets[f + 3]] = s3;
                }
                for (; f < columns.Length; f++)
                {
                    double[] c0 = columns[f];
                    double s0 = 0;
                    for (int i = 0; i < length; i++) s0 += z[i] * c0[start + i];
                    partial[slot + offsets[f]] = s0;
                }
                for (int c = 0; c < _categoricalColumns.Length; c++)
                {
                    double[] codes = _categoricalColumns[c];
                    int offset = slot + _categoricalOffsets[c];
                    for (int i = 0; i < length; i++)
                    {
                        double code = codes[start + i];
                        if (!double.IsNaN(code)) partial[offset + (int)code] += z[i];
                    }
                }
                partial[slot + _p] = residuals;
                partial[slot + _p + 1] = loss;
            }
        }
    }
}
