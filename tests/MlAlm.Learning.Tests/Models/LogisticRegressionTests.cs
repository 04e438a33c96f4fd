using System;
using System.Linq;
using System.Threading;
using MlAlm.Learning.Data;
using MlAlm.Learning.Features;
using MlAlm.Learning.Models;
using Xunit;

namespace MlAlm.Learning.Tests.Models
{
    public class LogisticRegressionTests
    {
        /// <summary>
        /// The reference optimum by Newton's method on F(w, b) = mean log loss + (λ/2)‖w‖² (b not
        /// penalized), written here independently of the learner: dense features, a full Hessian and
        /// Gaussian elimination with partial pivoting.
        /// </summary>
        private static double[] Newton(double[][] x, double[] y, double lambda)
        {
            int n = y.Length, p = x.Length, d = p + 1; // last coordinate: intercept
            var theta = new double[d];
            for (int iteration = 0; iteration < 50; iteration++)
            {
                var gradient = new double[d];
                var hessian = new double[d, d];
                var row = new double[d];
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < p; j++) row[j] = x[j][i];
                    row[p] = 1;
                    double z = 0;
                    for (int j = 0; j < d; j++) z += theta[j] * row[j];
                    double prob = TestData.Sigmoid(z);
                    for (int j = 0; j < d; j++)
                    {
                        gradient[j] += (prob - y[i]) * row[j] / n;
                        for (int k = 0; k < d; k++) hessian[j, k] += prob * (1 - prob) * row[j] * row[k] / n;
                    }
                }
                for (int j = 0; j < p; j++)
                {
                    gradient[j] += lambda * theta[j];
                    hessian[j, j] += lambda;
                }
                var step = SolveLinear(hessian, gradient);
                for (int j = 0; j < d; j++) theta[j] -= step[j];
                if (step.Max(Math.Abs) < 1e-14) break;
            }
            return theta;
        }

        private static double[] SolveLinear(double[,] a, double[] b)
        {
            int n = b.Length;
            var m = (double[,])a.Clone();
            var v = (double[])b.Clone();
            for (int c = 0; c < n; c++)
            {
                int pivot = c;
                for (int r = c + 1; r < n; r++) if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c])) pivot = r;
                for (int k = 0; k < n; k++) (m[c, k], m[pivot, k]) = (m[pivot, k], m[c, k]);
                (v[c], v[pivot]) = (v[pivot], v[c]);
                for (int r = c + 1; r < n; r++)
                {
                    double f = m[r, c] / m[c, c];
                    for (int k = c; k < n; k++) m[r, k] -= f * m[c, k];
                    v[r] -= f * v[c];
                }
            }
            var x = new double[n];
            for (int r = n - 1; r >= 0; r--)
            {
                double s = v[r];
                for (int k = r + 1; k < n; k++) s -= m[r, k] * x[k];
                x[r] = s / m[r, r];
            }
            return x;
        }

        /// <summary>Noisy labels from a known logistic model, so the optimum is finite and unique.</summary>
        private static (double[][] X, double[] Y) Problem(int seed, int n, double[] scales)
        {
            var random = new Random(seed);
            var x = scales.Select(s => TestData.Normal(random, n, s, s)).ToArray();
            var y = new double[n];
            for (int i = 0; i < n; i++)
            {
                double z = -0.3;
                for (int j = 0; j < x.Length; j++) z += (j % 2 == 0 ? 1.2 : -0.8) * x[j][i] / scales[j];
                y[i] = random.NextDouble() < TestData.Sigmoid(z) ? 1 : 0;
            }
            return (x, y);
        }

        private static EncodedFeatures Numeric(double[][] x) =>
            new EncodedFeatures(x, new bool[x.Length], new int[x.Length], x.Select((_, j) => "x" + j).ToArray(), x[0].Length);

        [Theory]
        [InlineData(1e-3, 1.0, 1.0, 1.0)]
        [InlineData(1e-4, 1.0, 1.0, 1.0)]
        [InlineData(1e-2, 1000.0, 0.001, 1.0)] // badly scaled features: the internal standardization has to cope
        public void Finds_the_same_optimum_as_newtons_method(double lambda, double scale0, double scale1, double scale2)
        {
            var (x, y) = Problem(11, 400, new[] { scale0, scale1, scale2 });
            var expected = Newton(x, y, lambda);
            var solution = LogisticRegression.Fit(Numeric(x), y, lambda, 1000, 1e-12, CancellationToken.None);

            Assert.True(solution.Converged, solution.StopReason);
            for (int j = 0; j < x.Length; j++) Assert.True(Math.Abs(expected[j] - solution.Weights[j]) <= 1e-6 * Math.Max(1, Math.Abs(expected[j])), $"w{j}: {solution.Weights[j]} vs {expected[j]}");
            Assert.Equal(expected[x.Length], solution.Bias, 6);
        }

        [Fact]
        public void The_gradient_of_the_objective_vanishes_at_the_solution()
        {
            var (x, y) = Problem(12, 1000, new[] { 1.0, 3.0, 0.5, 2.0 });
            double lambda = 1e-3;
            var solution = LogisticRegression.Fit(Numeric(x), y, lambda, 1000, 1e-10, CancellationToken.None);
            int n = y.Length;
            var gradient = new double[x.Length + 1];
            double loss = 0;
            for (int i = 0; i < n; i++)
            {
                double z = solution.Bias;
                for (int j = 0; j < x.Length; j++) z += solution.Weights[j] * x[j][i];
                double prob = TestData.Sigmoid(z);
                loss += (y[i] == 1 ? -Math.Log(prob) : -Math.Log(1 - prob)) / n;
                for (int j = 0; j < x.Length; j++) gradient[j] += (prob - y[i]) * x[j][i] / n;
                gradient[x.Length] += (prob - y[i]) / n;
            }
            for (int j = 0; j < x.Length; j++) gradient[j] += lambda * solution.Weights[j];
            Assert.All(gradient, g => Assert.True(Math.Abs(g) < 1e-8, $"gradient component {g}"));
            double penalty = 0.5 * lambda * solution.Weights.Sum(w => w * w);
            Assert.Equal(loss + penalty, solution.Objective, 10);
        }

        [Fact]
        public void One_hot_categories_match_newton_on_the_dense_indicator_matrix()
        {
            var random = new Random(13);
            int n = 600;
            var codes = new double[n];
            var numeric = TestData.Normal(random, n);
            var y = new double[n];
            double[] effect = { -1, 0.5, 1.5 };
            for (int i = 0; i < n; i++)
            {
                codes[i] = i % 7 == 0 ? double.NaN : random.Next(3); // NaN: missing, all indicators 0
                double z = (double.IsNaN(codes[i]) ? 0 : effect[(int)codes[i]]) + numeric[i];
                y[i] = random.NextDouble() < TestData.Sigmoid(z) ? 1 : 0;
            }
            var features = new EncodedFeatures(new[] { codes, numeric }, new[] { true, false }, new[] { 3, 0 }, new[] { "c", "x" }, n);
            double lambda = 1e-2;
            var solution = LogisticRegression.Fit(features, y, lambda, 1000, 1e-12, CancellationToken.None);

            var dense = new double[4][];
            for (int k = 0; k < 3; k++) dense[k] = codes.Select(c => c == k ? 1.0 : 0.0).ToArray();
            dense[3] = numeric;
            var expected = Newton(dense, y, lambda);
            for (int j = 0; j < 4; j++) Assert.Equal(expected[j], solution.Weights[j], 6);
            Assert.Equal(expected[4], solution.Bias, 6);
        }

        [Fact]
        public void A_larger_penalty_shrinks_the_weights()
        {
            var (x, y) = Problem(14, 500, new[] { 1.0, 1.0 });
            double previous = double.PositiveInfinity;
            foreach (double lambda in new[] { 0.0, 0.01, 0.1, 1 })
            {
                var solution = LogisticRegression.Fit(Numeric(x), y, lambda, 500, 1e-10, CancellationToken.None);
                double norm = Math.Sqrt(solution.Weights.Sum(w => w * w));
                Assert.True(norm < previous, $"λ = {lambda}: norm {norm} not below {previous}");
                previous = norm;
            }
        }

        [Fact]
        public void Separable_data_gives_finite_weights_with_a_penalty()
        {
            var x = new[] { new[] { -3.0, -2, -1, 1, 2, 3 } };
            var y = new[] { 0.0, 0, 0, 1, 1, 1 };
            var solution = LogisticRegression.Fit(Numeric(x), y, 1e-3, 1000, 1e-10, CancellationToken.None);
            Assert.True(solution.Converged);
            Assert.True(solution.Weights[0] > 1 && solution.Weights[0] < 1e3);
            // The optimum is symmetric: the intercept is zero.
            Assert.Equal(0, solution.Bias, 8);
        }

        [Fact]
        public void Stopping_at_the_iteration_limit_is_reported()
        {
            var (x, y) = Problem(15, 300, new[] { 1.0, 100.0 });
            var solution = LogisticRegression.Fit(Numeric(x), y, 1e-4, 1, 1e-12, CancellationToken.None);
            Assert.False(solution.Converged);
            Assert.Equal(1, solution.Iterations);
            Assert.Contains("iteration limit", solution.StopReason);
        }

        [Fact]
        public void Training_is_deterministic_and_independent_of_threads()
        {
            var (x, y) = Problem(16, 20000, new[] { 1.0, 2.0, 3.0 }); // about ten row blocks
            var first = LogisticRegression.Fit(Numeric(x), y, 1e-4, 100, 1e-7, CancellationToken.None);
            var second = LogisticRegression.Fit(Numeric(x), y, 1e-4, 100, 1e-7, CancellationToken.None);
            Assert.Equal(first.Weights, second.Weights);
            Assert.Equal(first.Bias, second.Bias);
            Assert.Equal(first.Objective, second.Objective);
        }

        [Fact]
        public void A_cancelled_token_stops_training()
        {
            var (x, y) = Problem(17, 1000, new[] { 1.0 });
            using var cancel = new CancellationTokenSource();
            cancel.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => LogisticRegression.Fit(Numeric(x), y, 1e-4, 100, 1e-7, cancel.Token));
            var table = TestData.Table(new NumberColumn("x", x[0]), new NumberColumn("y", y));
            Assert.ThrowsAny<OperationCanceledException>(() => Trainer.Train(table, new TrainingSpec(Learners.LogisticRegression, "y"), cancel.Token));
        }

        [Fact]
        public void Labels_other_than_0_and_1_are_refused_by_the_direct_api()
        {
            var x = new[] { new[] { 1.0, 2 } };
            var error = Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(Numeric(x), new[] { 0.0, 2 }, 1e-4, 10, 1e-7, CancellationToken.None));
            Assert.Contains("0 or 1", error.Message);
        }

        [Fact]
        public void Predicted_probabilities_follow_the_learned_weights()
        {
            var (x, y) = Problem(18, 2000, new[] { 1.0, 1.0 });
            var table = TestData.Table(new NumberColumn("a", x[0]), new NumberColumn("b", x[1]), new NumberColumn("y", y));
            var model = (LogisticRegressionModel)Trainer.Train(table, new TrainingSpec(Learners.LogisticRegression, "y"), CancellationToken.None);
            var probabilities = new double[y.Length];
            model.Predict(table, probabilities);
            for (int i = 0; i < y.Length; i += 97)
            {
                double z = model.Bias + (model.Weights[0] * x[0][i]) + (model.Weights[1] * x[1][i]);
                Assert.Equal(TestData.Sigmoid(z), probabilities[i], 12);
            }
            // the generating model has w = (1.2, -0.8): the fit should be close on 2000 rows
            Assert.InRange(model.Weights[0], 0.9, 1.5);
            Assert.InRange(model.Weights[1], -1.1, -0.5);
        }
    }
}
