using System;
using System.Linq;
using MlAlm.Learning.Data;
using MlAlm.Learning.Transforms;
using Xunit;
using static MlAlm.Learning.Tests.TestTables;

namespace MlAlm.Learning.Tests.Transforms
{
    public class NormalizerTests
    {
        private static void Near(double[] expected, double[] actual)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                if (double.IsNaN(expected[i])) Assert.True(double.IsNaN(actual[i]), $"row {i}: {actual[i]} is not missing");
                else Assert.Equal(expected[i], actual[i], 12);
            }
        }

        [Fact]
        public void ZScore_uses_the_mean_and_population_standard_deviation()
        {
            var table = new DataTable(Num("x", 1, 2, 3, 4, NA));
            var transform = Normalizer.Fit(table, null, NormalizeMethod.ZScore);
            // mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, / 4 = 1.25; sd = sqrt(5) / 2
            Assert.Equal(2.5, transform.GetCenter(0), 12);
            Assert.Equal(Math.Sqrt(5) / 2, transform.GetSpread(0), 12);
            double r5 = Math.Sqrt(5);
            Near(new[] { -3 / r5, -1 / r5, 1 / r5, 3 / r5, NA }, Numbers(transform.Apply(table), "x"));
        }

        [Fact]
        public void MinMax_maps_the_fitted_range_to_0_to_1()
        {
            var table = new DataTable(Num("x", 2, 4, NA, 6, 10));
            var transform = Normalizer.Fit(table, new[] { "X" }, NormalizeMethod.MinMax);
            Near(new[] { 0, 0.25, NA, 0.5, 1 }, Numbers(transform.Apply(table), "x"));
        }

        [Fact]
        public void New_data_is_scaled_with_the_fitted_parameters()
        {
            var train = new DataTable(Num("x", 2, 4, 6, 10), Num("z", 1, 1, 3, 3));
            var minMax = Normalizer.Fit(train, null, NormalizeMethod.MinMax);
            var fresh = new DataTable(Num("z", 5, NA, 0), Num("x", 0, 14, NA));
            var result = minMax.Apply(fresh);
            // x: (v - 2) / 8; z: (v - 1) / 2 -- outside 0 to 1 is fine for new data
            Near(new[] { -0.25, 1.5, NA }, Numbers(result, "x"));
            Near(new[] { 2, NA, -0.5 }, Numbers(result, "z"));

            var zScore = Normalizer.Fit(train, new[] { "z" }, NormalizeMethod.ZScore);
            // z: mean 2, deviations -1, -1, 1, 1: sd 1
            Near(new[] { 3, NA, -2 }, Numbers(zScore.Apply(fresh), "z"));
            Assert.Same(fresh["x"], zScore.Apply(fresh)["x"]);
        }

        [Theory]
        [InlineData(NormalizeMethod.ZScore)]
        [InlineData(NormalizeMethod.MinMax)]
        public void A_constant_column_becomes_0_and_missing_stays_missing(NormalizeMethod method)
        {
            var table = new DataTable(Num("c", 7, NA, 7));
            var transform = Normalizer.Fit(table, null, method);
            Near(new[] { 0, NA, 0.0 }, Numbers(transform.Apply(table), "c"));
            Near(new[] { 0.0, 0 }, Numbers(transform.Apply(new DataTable(Num("c", 8, -1))), "c"));
        }

        [Fact]
        public void By_default_every_number_column_and_nothing_else_is_rescaled()
        {
            var table = new DataTable(Num("a", 0, 2), Bool("flag", true, false), Str("s", "p", "q"), Num("b", 5, 15), Date("d", Utc(2024, 1, 1), null));
            var transform = Normalizer.Fit(table, null, NormalizeMethod.MinMax);
            Assert.Equal(new[] { "a", "b" }, transform.Columns.Select(c => c.Name));
            var result = transform.Apply(table);
            Assert.Equal(new[] { 0, 1.0 }, Numbers(result, "a"));
            Assert.Equal(new[] { 0, 1.0 }, Numbers(result, "b"));
            Assert.Same(table["flag"], result["flag"]);
            Assert.Same(table["s"], result["s"]);
            Assert.Equal(table.Columns.Select(c => c.Name), result.Columns.Select(c => c.Name));
        }

        [Theory]
        [InlineData("flag")]
        [InlineData("s")]
        [InlineData("nope")]
        public void A_named_column_that_is_not_a_number_column_is_named_in_the_error(string name)
        {
            var table = new DataTable(Num("a", 0, 2), Bool("flag", true, false), Str("s", "p", "q"));
            var e = Assert.Throws<ArgumentException>(() => Normalizer.Fit(table, new[] { "a", name }, NormalizeMethod.ZScore));
            Assert.Contains($"'{name}'", e.Message);
        }

        [Fact]
        public void Applying_to_a_table_without_the_column_names_it()
        {
            var transform = Normalizer.Fit(new DataTable(Num("a", 0, 2)), null, NormalizeMethod.ZScore);
            var e = Assert.Throws<ArgumentException>(() => transform.Apply(new DataTable(Num("b", 1))));
            Assert.Contains("'a'", e.Message);
        }
    }
}
