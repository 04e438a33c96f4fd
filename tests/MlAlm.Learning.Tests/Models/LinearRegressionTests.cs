using System;
using System.Linq;
using System.Threading;
using MlAlm.Learning.Data;
using MlAlm.Learning.Models;
using Xunit;

namespace MlAlm.Learning.Tests.Models
{
    public class LinearRegressionTests
    {
        private static LinearRegressionModel Train(DataTable table, string label, double lambda) =>
            (LinearRegressionModel)Trainer.Train(table, new TrainingSpec(Learners.LinearRegression, label) { L2Regularization = lambda }, CancellationToken.None);

        [Theory]
        [InlineData(0.0)]
        [InlineData(1e-12)]
        public void Recovers_exact_coefficients_of_noise_free_data(double lambda)
        {
            var random = new Random(1);
            int n = 500;
            double[] x1 = TestData.Normal(random, n), x2 = TestData.Normal(random, n, 10, 50), x3 = TestData.Normal(random, n, 0.01);
            var y = Enumerable.Range(0, n).Select(i => 2 + (3 * x1[i]) - (1.5 * x2[i]) + (40 * x3[i])).ToArray();
            var model = Train(TestData.Table(new NumberColumn("x1", x1), new NumberColumn("x2", x2), new NumberColumn("x3", x3), new NumberColumn("y", y)), "y", lambda);

            Assert.Equal(new[] { "x1", "x2", "x3" }, model.FeatureNames);
            Assert.Equal(3, model.Weights[0], 6);
            Assert.Equal(-1.5, model.Weights[1], 6);
            Assert.Equal(40, model.Weights[2], 6);
            Assert.Equal(2, model.Bias, 6);
            Assert.Equal(LearningTask.Regression, model.Task);
            Assert.Null(model.ClassLabels);
        }

        [Fact]
        public void Ridge_matches_the_one_feature_closed_form_and_shrinks_as_the_penalty_grows()
        {
            // For one feature, minimizing (1/2n)Σ(y − b − wx)² + (λ/2)w² gives w = Sxy / (Sxx + λ)
            // with the population moments Sxy = mean((x − x̄)(y − ȳ)), Sxx = mean((x − x̄)²).
            var random = new Random(2);
            int n = 400;
            double[] x = TestData.Normal(random, n, 2, 1);
            double[] y = x.Select(v => (0.7 * v) + 5 + TestData.Gaussian(random)).ToArray();
            double mx = x.Average(), my = y.Average();
            double sxx = x.Select(v => (v - mx) * (v - mx)).Average();
            double sxy = x.Select((v, i) => (v - mx) * (y[i] - my)).Average();
            var table = TestData.Table(new NumberColumn("x", x), new NumberColumn("y", y));

            double previous = double.PositiveInfinity;
            foreach (double lambda in new[] { 0.0, 0.1, 1, 10, 100 })
            {
                var model = Train(table, "y", lambda);
                double expected = sxy / (sxx + lambda);
                Assert.Equal(expected, model.Weights[0], 10);
                Assert.Equal(my - (expected * mx), model.Bias, 9);
                Assert.True(Math.Abs(model.Weights[0]) < previous);
                previous = Math.Abs(model.Weights[0]);
            }
        }

        [Fact]
        public void Learns_category_effects_through_one_hot_features()
        {
            var random = new Random(3);
            int n = 300;
            string[] cities = { "Oslo", "Lima", "Pune" };
            var effect = new[] { 10.0, -4.0, 2.5 };
            var city = new string?[n];
            var x = TestData.Normal(random, n);
            var y = new double[n];
            for (int i = 0; i < n; i++)
            {
                int c = i % 3;
                city[i] = cities[c];
                y[i] = effect[c] + (2 * x[i]);
            }
            var model = Train(TestData.Table(new StringColumn("city", city), new NumberColumn("x", x), new NumberColumn("y", y)), "y", 1e-10);

            Assert.Equal(new[] { "city=Lima", "city=Oslo", "city=Pune", "x" }, model.FeatureNames);
            Assert.Equal(2, model.Weights[3], 6);
            // With an intercept the indicators are collinear, so only effects relative to each other are identified.
            Assert.Equal(10 - (-4), model.Weights[1] - model.Weights[0], 6);
            Assert.Equal(2.5 - (-4), model.Weights[2] - model.Weights[0], 6);

            var scored = new double[3];
            model.Predict(TestData.Table(new StringColumn("city", new[] { "Pune", "Oslo", "Lima" }), new NumberColumn("x", new[] { 1.0, 0, -1 })), scored);
            Assert.Equal(2.5 + 2, scored[0], 6);
            Assert.Equal(10, scored[1], 6);
            Assert.Equal(-4 - 2, scored[2], 6);
        }

        [Fact]
        public void Learns_a_trend_over_time_from_a_datetime_column()
        {
            var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            int n = 200;
            var when = Enumerable.Range(0, n).Select(i => (DateTime?)start.AddHours(i * 37.5)).ToArray();
            double epochDays(DateTime d) => (d - new DateTime(1970, 1, 1)).TotalDays;
            var y = when.Select(d => 3 + (0.25 * epochDays(d!.Value))).ToArray();
            var model = Train(TestData.Table(new DateTimeColumn("when", when), new NumberColumn("y", y)), "y", 0);

            Assert.Equal(new[] { "when.Year", "when.Month", "when.Day", "when.DayOfWeek", "when.Hour", "when.Days" }, model.FeatureNames);
            var scored = new double[1];
            var later = new DateTime(2021, 6, 1, 12, 0, 0, DateTimeKind.Utc);
            model.Predict(TestData.Table(new DateTimeColumn("when", new DateTime?[] { later })), scored);
            Assert.Equal(3 + (0.25 * epochDays(later)), scored[0], 5);
        }

        [Fact]
        public void A_constant_feature_gets_weight_zero_even_without_a_penalty()
        {
            var random = new Random(4);
            int n = 100;
            var x = TestData.Normal(random, n);
            var table = TestData.Table(new NumberColumn("x", x), new NumberColumn("k", Enumerable.Repeat(7.0, n).ToArray()),
                new NumberColumn("y", x.Select(v => 1 + v).ToArray()));
            var model = Train(table, "y", 0);
            Assert.Equal(0, model.Weights[1]);
            Assert.Equal(1, model.Weights[0], 9);
            Assert.Equal(1, model.Bias, 9);
        }

        [Fact]
        public void Collinear_features_without_a_penalty_get_a_tiny_ridge_and_still_fit()
        {
            var random = new Random(5);
            int n = 100;
            var x = TestData.Normal(random, n);
            var table = TestData.Table(new NumberColumn("a", x), new NumberColumn("b", x.Select(v => 2 * v).ToArray()),
                new NumberColumn("y", x.Select(v => 4 + (3 * v)).ToArray()));
            var model = Train(table, "y", 0);
            Assert.Contains(model.Training!.Log, line => line.Contains("collinear"));
            Assert.Equal(3, model.Weights[0] + (2 * model.Weights[1]), 6);
        }

        [Fact]
        public void Missing_feature_values_are_replaced_by_the_training_mean()
        {
            // x = [1, NaN, 3, 5]: mean 3, so the missing row is treated as x = 3.
            var x = new[] { 1.0, double.NaN, 3, 5 };
            var y = new[] { 2.0, 6, 6, 10 }; // y = 2x on the imputed values
            var model = Train(TestData.Table(new NumberColumn("x", x), new NumberColumn("y", y)), "y", 0);
            Assert.Equal(2, model.Weights[0], 9);
            Assert.Equal(0, model.Bias, 9);
            var scored = new double[1];
            model.Predict(TestData.Table(new NumberColumn("x", new[] { double.NaN })), scored);
            Assert.Equal(6, scored[0], 9);
        }

        [Fact]
        public void The_direct_api_agrees_with_the_trainer()
        {
            var random = new Random(6);
            int n = 5000; // several row chunks
            var x1 = TestData.Normal(random, n);
            var x2 = TestData.Normal(random, n);
            var y = x1.Select((v, i) => (0.5 * v) - x2[i] + TestData.Gaussian(random)).ToArray();
            var table = TestData.Table(new NumberColumn("x1", x1), new NumberColumn("x2", x2));
            var encoder = Learning.Features.FeatureEncoder.Fit(table, new[] { "x1", "x2" });
            var solution = LinearRegression.Fit(encoder.Encode(table), y, 0.01, CancellationToken.None);
            var model = Train(table.With(new NumberColumn("y", y)), "y", 0.01);
            Assert.Equal(solution.Weights, model.Weights);
            Assert.Equal(solution.Bias, model.Bias);
            Assert.True(solution.Converged);
        }
    }
}
