using System;
using System.Linq;
using System.Threading;
using MlAlm.Learning.Features;
using MlAlm.Learning.Models;
using MlAlm.Learning.Models.Optimization;
using Xunit;

namespace MlAlm.Learning.Tests.Models
{
    public class OptimizationTests
    {
        [Fact]
        public void Lbfgs_minimizes_the_rosenbrock_function()
        {
            // f(a, b) = (1 − a)² + 100 (b − a²)², minimum 0 at (1, 1): a curved valley that needs a good line search.
            double Rosenbrock(double[] x, double[] g)
            {
                double a = x[0], b = x[1];
                g[0] = (-2 * (1 - a)) - (400 * a * (b - (a * a)));
                g[1] = 200 * (b - (a * a));
                return ((1 - a) * (1 - a)) + (100 * (b - (a * a)) * (b - (a * a)));
            }
            var result = Lbfgs.Minimize(Rosenbrock, new[] { -1.2, 1 }, new LbfgsOptions { MaxIterations = 500, GradientTolerance = 1e-10, RelativeTolerance = 1e-300 }, CancellationToken.None);
            Assert.True(result.Converged, result.Reason);
            Assert.Equal(1, result.X[0], 8);
            Assert.Equal(1, result.X[1], 8);
            Assert.True(result.Iterations < 100, $"{result.Iterations} iterations");
        }

        [Fact]
        public void Lbfgs_solves_an_ill_conditioned_quadratic()
        {
            // f(x) = ½ Σ c_i (x_i − i)², condition number 1e4 (scipy's L-BFGS-B, m = 10, needs about 770 iterations)
            int n = 30;
            var c = Enumerable.Range(0, n).Select(i => Math.Pow(10, 4.0 * i / (n - 1))).ToArray();
            double Quadratic(double[] x, double[] g)
            {
                double f = 0;
                for (int i = 0; i < n; i++)
                {
                    g[i] = c[i] * (x[i] - i);
                    f += 0.5 * c[i] * (x[i] - i) * (x[i] - i);
                }
                return f;
            }
            var result = Lbfgs.Minimize(Quadratic, new double[n], new LbfgsOptions { MaxIterations = 3000, GradientTolerance = 1e-8, RelativeTolerance = 1e-300 }, CancellationToken.None);
            Assert.True(result.Converged, result.Reason);
            for (int i = 0; i < n; i++) Assert.Equal(i, result.X[i], 6);
        }

        [Fact]
        public void Cholesky_solves_a_symmetric_positive_definite_system_and_detects_one_that_is_not()
        {
            // A = Bᵀ B + I for a fixed B, and b = A·x for a known x.
            int n = 5;
            var random = new Random(1);
            var bm = Enumerable.Range(0, n * n).Select(_ => random.NextDouble() - 0.5).ToArray();
            var a = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = i == j ? 1 : 0;
                    for (int k = 0; k < n; k++) s += bm[(k * n) + i] * bm[(k * n) + j];
                    a[(i * n) + j] = s;
                }
            var x = new[] { 1.0, -2, 3, 0.5, -0.25 };
            var rhs = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Sum(j => a[(i * n) + j] * x[j])).ToArray();
            var factor = (double[])a.Clone();
            Assert.True(Cholesky.Factor(factor, n));
            Cholesky.Solve(factor, n, rhs);
            for (int i = 0; i < n; i++) Assert.Equal(x[i], rhs[i], 12);

            Assert.False(Cholesky.Factor(new[] { 1.0, 2, 2, 1 }, 2)); // eigenvalues 3 and −1
            Assert.False(Cholesky.Factor(new[] { 1.0, 1, 1, 1 }, 2)); // singular
        }

        [Fact]
        public void Results_do_not_depend_on_the_number_of_threads()
        {
            var random = new Random(21);
            int n = 30000;
            var x = new[] { TestData.Normal(random, n), TestData.Normal(random, n, 3), Enumerable.Range(0, n).Select(i => (double)(i % 5)).ToArray() };
            var y = Enumerable.Range(0, n).Select(i => random.NextDouble() < TestData.Sigmoid(x[0][i] - (0.2 * x[1][i]) + (0.3 * x[2][i]) - 0.5) ? 1.0 : 0).ToArray();
            var features = new EncodedFeatures(x, new[] { false, false, true }, new[] { 0, 0, 5 }, new[] { "a", "b", "c" }, n);

            var parallel = LogisticRegression.Fit(features, y, 1e-4, 100, 1e-9, CancellationToken.None);
            var linearParallel = LinearRegression.Fit(features, x[0].Select((v, i) => v + y[i]).ToArray(), 1e-4, CancellationToken.None);
            LinearSolution serial, linearSerial;
            ParallelWork.MaxDegreeOfParallelism = 1;
            try
            {
                serial = LogisticRegression.Fit(features, y, 1e-4, 100, 1e-9, CancellationToken.None);
                linearSerial = LinearRegression.Fit(features, x[0].Select((v, i) => v + y[i]).ToArray(), 1e-4, CancellationToken.None);
            }
            finally
            {
                ParallelWork.MaxDegreeOfParallelism = -1;
            }
            Assert.Equal(parallel.Weights, serial.Weights);
            Assert.Equal(parallel.Bias, serial.Bias);
            Assert.Equal(linearParallel.Weights, linearSerial.Weights);
            Assert.Equal(linearParallel.Bias, linearSerial.Bias);
        }
    }
}
