using System;
using System.Threading;

namespace MlAlm.Learning.Models.Optimization
{
    /// <summary>A smooth function to minimize: returns f(x) and writes ∇f(x) into <paramref name="gradient"/>.</summary>
    internal delegate double DifferentiableFunction(double[] x, double[] gradient);

    internal sealed class LbfgsOptions
    {
        /// <summary>Correction pairs kept (m).</summary>
        public int Memory { get; set; } = 10;

        public int MaxIterations { get; set; } = 100;

        /// <summary>Converged when the largest gradient component is at most this.</summary>
        public double GradientTolerance { get; set; } = 1e-7;

        /// <summary>
        /// Converged when the objective fell, on average over the last <see cref="ProgressWindow"/>
        /// iterations, by at most this times max(1, |f|).
        /// </summary>
        public double RelativeTolerance { get; set; } = 1e-7;

        public int ProgressWindow { get; set; } = 5;

        /// <summary>Sufficient decrease (Armijo) constant c1.</summary>
        public double C1 { get; set; } = 1e-4;

        /// <summary>Curvature (strong Wolfe) constant c2.</summary>
        public double C2 { get; set; } = 0.9;

        /// <summary>Function evaluations per line search at most.</summary>
        public int MaxLineSearchEvaluations { get; set; } = 25;
    }

    internal sealed class LbfgsResult
    {
        public LbfgsResult(double[] x, double value, double gradientNorm, int iterations, int evaluations, bool converged, string reason)
        {
            X = x;
            Value = value;
            GradientNorm = gradientNorm;
            Iterations = iterations;
            Evaluations = evaluations;
            Converged = converged;
            Reason = reason;
        }

        public double[] X { get; }

        public double Value { get; }

        /// <summary>Largest absolute gradient component at <see cref="X"/>.</summary>
        public double GradientNorm { get; }

        public int Iterations { get; }

        public int Evaluations { get; }

        public bool Converged { get; }

        /// <summary>Why it stopped, in words, for logs.</summary>
        public string Reason { get; }
    }

    /// <summary>
    /// Limited-memory BFGS (Nocedal 1980; Nocedal and Wright, Numerical Optimization, ch. 7): the
    /// two-loop recursion over the last m correction pairs with the initial scaling sᵀy/yᵀy, and a
    /// line search that finds a step satisfying the strong Wolfe conditions by bracketing and
    /// zooming with safeguarded cubic interpolation (ibid., algorithms 3.5 and 3.6).
    /// </summary>
    internal static class Lbfgs
    {
        public static LbfgsResult Minimize(DifferentiableFunction function, double[] start, LbfgsOptions options, CancellationToken cancellationToken)
        {
            int n = start.Length;
            int m = Math.Max(1, Math.Min(options.Memory, n));
            var x = (double[])start.Clone();
            var g = new double[n];
            double f = function(x, g);
            int evaluations = 1;
            if (double.IsNaN(f) || double.IsInfinity(f)) throw new InvalidOperationException("The objective is not finite at the starting point.");

            var s = new double[m][];
            var y = new double[m][];
            var rho = new double[m];
            for (int k = 0; k < m; k++)
            {
                s[k] = new double[n];
                y[k] = new double[n];
            }
            int stored = 0, newest = -1;
            var alpha = new double[m];
            var d = new double[n];
            var xNew = new double[n];
            var gNew = new double[n];
            var history = new double[options.ProgressWindow + 1];
            history[0] = f;

            double gNorm = MaxAbs(g);
            if (gNorm <= options.GradientTolerance) return new LbfgsResult(x, f, gNorm, 0, evaluations, true, $"the largest gradient component is below {options.GradientTolerance:G3} at the start");

            var search = new LineSearch(function, n, options);
            for (int iteration = 1; iteration <= options.MaxIterations; iteration++)
            {
                cancellationToken.ThrowIfCancellationRequested();

                // d = -H·g by the two-loop recursion.
                for (int i = 0; i < n; i++) d[i] = -g[i];
                for (int j = 0, k = newest; j < stored; j++, k = (k - 1 + m) % m)
                {
                    alpha[k] = rho[k] * Dot(s[k], d);
                    Axpy(-alpha[k], y[k], d);
                }
                double scale = stored > 0 ? 1 / (rho[newest] * Dot(y[newest], y[newest])) : 1;
                for (int i = 0; i < n; i++) d[i] *= scale;
                for (int j = 0, k = (newest - stored + 1 + m) % m; j < stored; j++, k = (k + 1) % m)
                {
                    double beta = rho[k] * Dot(y[k], d);
                    Axpy(alpha[k] - beta, s[k], d);
                }

                double slope = Dot(d, g);
                if (!(slope < 0))
                {
                    // Not a descent direction (rounding in the memory): start over from steepest descent.
                    stored = 0;
                    for (int i = 0; i < n; i++) d[i] = -g[i];
                    slope = -Dot(g, g);
                }
                double initialStep = stored == 0 ? Math.Min(1, 1 / Math.Sqrt(-slope)) : 1;

                bool found = search.Run(x, f, g, d, slope, initialStep, xNew, gNew, out double fNew, out int used);
                evaluations += used;
                if (!found && stored > 0)
                {
                    // Retry once along steepest descent with a fresh memory.
                    stored = 0;
                    for (int i = 0; i < n; i++) d[i] = -g[i];
                    slope = -Dot(g, g);
                    found = search.Run(x, f, g, d, slope, Math.Min(1, 1 / Math.Sqrt(-slope)), xNew, gNew, out fNew, out used);
                    evaluations += used;
                }
                if (!found)
                {
                    return new LbfgsResult(x, f, gNorm, iteration - 1, evaluations, false,
                        "the line search found no better point (the objective is flat to rounding error here)");
                }

                // Keep s = xNew - x, y = gNew - g when the curvature sᵀy is positive (always so after a
                // strong Wolfe step), replacing the oldest pair when the memory is full.
                double sy = 0, yy = 0;
                for (int i = 0; i < n; i++)
                {
                    double si = xNew[i] - x[i];
                    double yi = gNew[i] - g[i];
                    sy += si * yi;
                    yy += yi * yi;
                }
                if (sy > 1e-16 * yy && sy > 0)
                {
                    int slot = (newest + 1) % m;
                    for (int i = 0; i < n; i++)
                    {
                        s[slot][i] = xNew[i] - x[i];
                        y[slot][i] = gNew[i] - g[i];
                    }
                    rho[slot] = 1 / sy;
                    newest = slot;
                    stored = Math.Min(stored + 1, m);
                }

                Array.Copy(xNew, x, n);
                Array.Copy(gNew, g, n);
                f = fNew;
                gNorm = MaxAbs(g);

                if (gNorm <= options.GradientTolerance)
                    return new LbfgsResult(x, f, gNorm, iteration, evaluations, true, $"the largest gradient component is below {options.GradientTolerance:G3}");

                int window = Math.Min(iteration, options.ProgressWindow);
                double before = history[(iteration - window) % history.Length];
                history[iteration % history.Length] = f;
                if ((before - f) / window <= options.RelativeTolerance * Math.Max(1, Math.Abs(f)))
                    return new LbfgsResult(x, f, gNorm, iteration, evaluations, true, $"the objective improves by less than {options.RelativeTolerance:G3} (relative) per iteration");
            }
            return new LbfgsResult(x, f, gNorm, options.MaxIterations, evaluations, false, $"the iteration limit ({options.MaxIterations}) was reached");
        }

        internal static double Dot(double[] a, double[] b)
        {
            double sum = 0;
            for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
            return sum;
        }

        private static void Axpy(double a, double[] x, double[] y)
        {
            for (int i = 0; i < y.Length; i++) y[i] += a * x[i];
        }

        internal static double MaxAbs(double[] v)
        {
            double max = 0;
            foreach (double e in v) max = Math.Max(max, Math.Abs(e));
            return max;
        }

        /// <summary>A strong Wolfe line search along d from x: φ(α) = f(x + α·d).</summary>
        private sealed class LineSearch
        {
            private const double RoundingTolerance = 1e-12;

            private readonly DifferentiableFunction _function;
            private readonly LbfgsOptions _options;
            private readonly double[] _xTrial;
            private readonly double[] _gTrial;
            private readonly double[] _xLow;
            private readonly double[] _gLow;

            public LineSearch(DifferentiableFunction function, int n, LbfgsOptions options)
            {
                _function = function;
                _options = options;
                _xTrial = new double[n];
                _gTrial = new double[n];
                _xLow = new double[n];
                _gLow = new double[n];
            }

            /// <summary>
            /// On success, <paramref name="xOut"/>, <paramref name="gOut"/> and <paramref name="fOut"/>
            /// hold a point that satisfies the strong Wolfe conditions, or at least sufficient
            /// decrease when the evaluation budget ran out first. Returns false when no point with
            /// sufficient decrease was found.
            /// </summary>
            public bool Run(double[] x, double f0, double[] g0, double[] d, double slope0, double step,
                double[] xOut, double[] gOut, out double fOut, out int evaluations)
            {
                double c1 = _options.C1, c2 = _options.C2;
                evaluations = 0;
                double aPrev = 0, fPrev = f0, dPrev = slope0;
                bool haveLow = false;
                double a = step;
                while (evaluations < _options.MaxLineSearchEvaluations)
                {
                    double fa = Evaluate(x, d, a, out double da);
                    evaluations++;
                    if (double.IsNaN(fa) || double.IsInfinity(fa))
                    {
                        // Too far (overflow): shrink towards the last good step.
                        a = aPrev + ((a - aPrev) * 0.1);
                        continue;
                    }
                    if (!SufficientDecrease(f0, slope0, a, fa, da) || (evaluations > 1 && fa >= fPrev && fa > f0 + (c1 * a * slope0)))
                        return Zoom(x, f0, slope0, d, aPrev, fPrev, dPrev, a, fa, da, haveLow, xOut, gOut, out fOut, ref evaluations);
                    if (Math.Abs(da) <= -c2 * slope0)
                    {
                        Accept(xOut, gOut);
                        fOut = fa;
                        return true;
                    }
                    KeepLow();
                    haveLow = true;
                    if (da >= 0)
                        return Zoom(x, f0, slope0, d, a, fa, da, aPrev, fPrev, dPrev, true, xOut, gOut, out fOut, ref evaluations);
                    aPrev = a;
                    fPrev = fa;
                    dPrev = da;
                    a *= 4; // still descending steeply: extrapolate
                }
                return Fallback(haveLow, f0, fPrev, xOut, gOut, out fOut);
            }

            // Algorithm 3.6: lo satisfies sufficient decrease and has the lowest value seen; the
            // minimizer lies between lo and hi.
            private bool Zoom(double[] x, double f0, double slope0, double[] d,
                double lo, double fLo, double dLo, double hi, double fHi, double dHi, bool haveLow,
                double[] xOut, double[] gOut, out double fOut, ref int evaluations)
            {
                double c1 = _options.C1, c2 = _options.C2;
                while (evaluations < _options.MaxLineSearchEvaluations)
                {
                    double a = Interpolate(lo, fLo, dLo, hi, fHi, dHi);
                    if (a == lo || a == hi || Math.Abs(hi - lo) <= 1e-16 * Math.Max(1, Math.Abs(lo))) break;
                    double fa = Evaluate(x, d, a, out double da);
                    evaluations++;
                    if (double.IsNaN(fa) || !SufficientDecrease(f0, slope0, a, fa, da) || (fa >= fLo && fa > f0 + (c1 * a * slope0)))
                    {
                        hi = a;
                        fHi = double.IsNaN(fa) ? double.MaxValue : fa;
                        dHi = double.IsNaN(da) ? 0 : da;
                        continue;
                    }
                    if (Math.Abs(da) <= -c2 * slope0)
                    {
                        Accept(xOut, gOut);
                        fOut = fa;
                        return true;
                    }
                    if (da * (hi - lo) >= 0)
                    {
                        hi = lo;
                        fHi = fLo;
                        dHi = dLo;
                    }
                    lo = a;
                    fLo = fa;
                    dLo = da;
                    KeepLow();
                    haveLow = true;
                }
                return Fallback(haveLow, f0, fLo, xOut, gOut, out fOut);
            }

            // Armijo: φ(α) ≤ φ(0) + c1·α·φ'(0). Near the optimum φ is flat to rounding error and Armijo
            // can no longer be told apart from noise, so a step is also accepted when φ(α) is within
            // rounding of φ(0) and the slope shows the step went no further than the minimizer (the
            // "approximate Wolfe" condition of Hager and Zhang, 2005): φ'(α) ≤ (1 − 2·c1)·|φ'(0)|.
            private bool SufficientDecrease(double f0, double slope0, double a, double fa, double da)
            {
                double c1 = _options.C1;
                if (fa <= f0 + (c1 * a * slope0)) return true;
                return fa <= f0 + (RoundingTolerance * Math.Abs(f0)) && da <= (2 * c1 - 1) * slope0;
            }

            // No strong Wolfe point within the budget: settle for the best point with sufficient decrease.
            private bool Fallback(bool haveLow, double f0, double fLow, double[] xOut, double[] gOut, out double fOut)
            {
                fOut = fLow;
                if (!haveLow || !(fLow < f0)) return false;
                Array.Copy(_xLow, xOut, xOut.Length);
                Array.Copy(_gLow, gOut, gOut.Length);
                return true;
            }

            private double Evaluate(double[] x, double[] d, double a, out double slope)
            {
                for (int i = 0; i < x.Length; i++) _xTrial[i] = x[i] + (a * d[i]);
                double f = _function(_xTrial, _gTrial);
                slope = Dot(_gTrial, d);
                return f;
            }

            private void Accept(double[] xOut, double[] gOut)
            {
                Array.Copy(_xTrial, xOut, xOut.Length);
                Array.Copy(_gTrial, gOut, gOut.Length);
            }

            private void KeepLow()
            {
                Array.Copy(_xTrial, _xLow, _xLow.Length);
                Array.Copy(_gTrial, _gLow, _gLow.Length);
            }

            // The minimizer of the cubic through (a, fa, da) and (b, fb, db), kept inside the middle
            // 80 % of the interval (bisection when the cubic has no usable minimum).
            private static double Interpolate(double a, double fa, double da, double b, double fb, double db)
            {
                double low = Math.Min(a, b), high = Math.Max(a, b);
                double margin = 0.1 * (high - low);
                double d1 = da + db - (3 * (fa - fb) / (a - b));
                double root = (d1 * d1) - (da * db);
                double t;
                if (root >= 0 && fa != double.MaxValue && fb != double.MaxValue)
                {
                    double d2 = Math.Sign(b - a) * Math.Sqrt(root);
                    double denominator = db - da + (2 * d2);
                    t = denominator != 0 ? b - ((b - a) * (db + d2 - d1) / denominator) : double.NaN;
                }
                else
                {
                    t = double.NaN;
                }
                if (double.IsNaN(t) || double.IsInfinity(t)) t = 0.5 * (a + b);
                return Math.Min(Math.Max(t, low + margin), high - margin);
            }
        }
    }
}
