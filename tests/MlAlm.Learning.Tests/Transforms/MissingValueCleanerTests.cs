using System;
using System.Linq;
using MlAlm.Learning.Data;
using MlAlm.Learning.Transforms;
using Xunit;
using static MlAlm.Learning.Tests.TestTables;

namespace MlAlm.Learning.Tests.Transforms
{
    public class MissingValueCleanerTests
    {
        // Row 1 misses x, b, d and s; rows 1 and 3 miss y.
        private static DataTable Sample() => new DataTable(
            Num("x", 1, NA, 4, 4, 11),
            Num("y", 3, NA, 9, NA, 6),
            Bool("b", true, null, false, true, false),
            Date("d", Utc(2024, 1, 1), null, Utc(2024, 1, 3), Utc(2024, 1, 3), Utc(2024, 1, 1)),
            Str("s", "b", null, "a", "b", "c"));

        private static DataTable Clean(DataTable table, string[]? columns, CleanMethod method, string? constant = null) =>
            MissingValueCleaner.Fit(table, columns, method, constant).Apply(table);

        [Fact]
        public void Mean_replaces_with_the_mean_of_the_values()
        {
            var result = Clean(Sample(), new[] { "x", "y", "b", "d" }, CleanMethod.Mean);
            // x: (1 + 4 + 4 + 11) / 4 = 5; y: (3 + 9 + 6) / 3 = 6
            Assert.Equal(new[] { 1, 5, 4, 4, 11.0 }, Numbers(result, "x"));
            Assert.Equal(new[] { 3, 6, 9, 6, 6.0 }, Numbers(result, "y"));
            // b: two true, two false: the mean 0.5 rounds up to true
            Assert.Equal(true, result["b"].GetValue(1));
            // d: Jan 1, 3, 3, 1 -> offsets 0, 2, 2, 0 days, mean 1 day -> Jan 2
            Assert.Equal(Utc(2024, 1, 2), result["d"].GetValue(1));
            // s was not selected
            Assert.Null(result["s"].GetValue(1));
        }

        [Fact]
        public void Mean_of_instants_is_rounded_to_a_tick()
        {
            var table = new DataTable(Date("d", Utc(2024, 1, 1), Utc(2024, 1, 3), Utc(2024, 1, 3), null));
            var result = Clean(table, null, CleanMethod.Mean);
            // offsets 0, 2 and 2 days: the mean is 4/3 days = 32 hours after Jan 1
            Assert.Equal(Utc(2024, 1, 2, 8), result["d"].GetValue(3));
        }

        [Fact]
        public void Median_replaces_with_the_middle_value()
        {
            var result = Clean(Sample(), new[] { "x", "y", "d" }, CleanMethod.Median);
            // x sorted 1, 4, 4, 11: (4 + 4) / 2; y sorted 3, 6, 9: 6
            Assert.Equal(4.0, Numbers(result, "x")[1]);
            Assert.Equal(new[] { 3, 6, 9, 6, 6.0 }, Numbers(result, "y"));
            // d sorted Jan 1, 1, 3, 3: midpoint of Jan 1 and Jan 3
            Assert.Equal(Utc(2024, 1, 2), result["d"].GetValue(1));

            var even = new DataTable(Num("v", 10, NA, 1, 3, 2));
            // sorted 1, 2, 3, 10: (2 + 3) / 2
            Assert.Equal(2.5, Numbers(Clean(even, null, CleanMethod.Median), "v")[1]);
        }

        [Fact]
        public void Mode_takes_the_most_frequent_value_and_the_smallest_on_a_tie()
        {
            var result = Clean(Sample(), null, CleanMethod.Mode);
            Assert.Equal(4.0, Numbers(result, "x")[1]);          // 4 twice
            Assert.Equal(3.0, Numbers(result, "y")[1]);          // 3, 9, 6 once each: the smallest
            Assert.Equal(false, result["b"].GetValue(1));        // two each: false before true
            Assert.Equal(Utc(2024, 1, 1), result["d"].GetValue(1)); // Jan 1 and Jan 3 twice each: the earlier
            Assert.Equal("b", result["s"].GetValue(1));          // "b" twice

            var tie = new DataTable(Str("s", "pear", "apple", null, "pear", "apple", "Zebra"));
            // pear and apple twice each: ordinal order puts "apple" first
            Assert.Equal("apple", Clean(tie, null, CleanMethod.Mode)["s"].GetValue(2));
        }

        [Fact]
        public void Constant_is_read_as_each_columns_type()
        {
            var table = Sample();
            Assert.Equal(-2.5, Numbers(Clean(table, new[] { "x", "y" }, CleanMethod.Constant, "-2.5e0"), "x")[1]);
            Assert.Equal(true, Clean(table, new[] { "b" }, CleanMethod.Constant, "TRUE")["b"].GetValue(1));
            Assert.Equal(Utc(2020, 2, 29, 12), Clean(table, new[] { "d" }, CleanMethod.Constant, "2020-02-29T12:00:00Z")["d"].GetValue(1));
            Assert.Equal("unknown", Clean(table, new[] { "s" }, CleanMethod.Constant, "unknown")["s"].GetValue(1));

            var numbers = Clean(table, new[] { "x", "s" }, CleanMethod.Constant, "7");
            Assert.Equal(new[] { 1, 7, 4, 4, 11.0 }, Numbers(numbers, "x"));
            Assert.Equal("7", numbers["s"].GetValue(1));
        }

        [Fact]
        public void A_constant_that_is_not_of_a_columns_type_names_the_column()
        {
            var e = Assert.Throws<ArgumentException>(() => MissingValueCleaner.Fit(Sample(), null, CleanMethod.Constant, "7"));
            Assert.Contains("'b'", e.Message); // 7 is a number and a string but not a Boolean
            e = Assert.Throws<ArgumentException>(() => MissingValueCleaner.Fit(Sample(), new[] { "d" }, CleanMethod.Constant, "yesterday"));
            Assert.Contains("'d'", e.Message);
            Assert.Throws<ArgumentException>(() => MissingValueCleaner.Fit(Sample(), new[] { "x" }, CleanMethod.Constant, null));
            Assert.Throws<ArgumentException>(() => MissingValueCleaner.Fit(Sample(), new[] { "s" }, CleanMethod.Constant, "NA"));
        }

        [Theory]
        [InlineData(CleanMethod.Mean)]
        [InlineData(CleanMethod.Median)]
        public void Mean_and_median_of_a_string_column_name_it(CleanMethod method)
        {
            var e = Assert.Throws<ArgumentException>(() => MissingValueCleaner.Fit(Sample(), null, method, null));
            Assert.Contains("'s'", e.Message);
        }

        [Fact]
        public void A_column_without_values_cannot_be_learned_from()
        {
            var table = new DataTable(Num("x", 1, 2), Num("empty", NA, NA));
            var e = Assert.Throws<ArgumentException>(() => MissingValueCleaner.Fit(table, null, CleanMethod.Mean, null));
            Assert.Contains("'empty'", e.Message);
        }

        [Fact]
        public void RemoveRow_removes_rows_missing_a_value_in_the_selected_columns()
        {
            var table = Sample();
            var result = Clean(table, new[] { "x", "Y" }, CleanMethod.RemoveRow);
            // rows 1 (x, y) and 3 (y) go; rows 0, 2 and 4 stay, every column with them
            Assert.Equal(3, result.RowCount);
            Assert.Equal(new[] { 1, 4, 11.0 }, Numbers(result, "x"));
            Assert.Equal(new object?[] { "b", "a", "c" }, Values(result["s"]));

            // every column by default: only row 1 has a missing value outside y
            Assert.Equal(3, Clean(table, null, CleanMethod.RemoveRow).RowCount);
            Assert.Equal(4, Clean(table, new[] { "s" }, CleanMethod.RemoveRow).RowCount);
        }

        [Fact]
        public void RemoveRow_applied_to_new_data_removes_its_incomplete_rows_too()
        {
            var transform = MissingValueCleaner.Fit(new DataTable(Num("x", 1, 2)), null, CleanMethod.RemoveRow, null);
            var fresh = new DataTable(Num("x", NA, 5, NA), Str("id", "a", "b", "c"));
            var result = transform.Apply(fresh);
            Assert.Equal(new object?[] { "b" }, Values(result["id"]));
        }

        [Fact]
        public void A_fitted_transform_applies_its_learned_values_to_new_data()
        {
            var train = new DataTable(Num("x", 1, 3, NA), Str("s", "u", "u", "v"), Num("other", NA, 1, 2));
            var transform = MissingValueCleaner.Fit(train, new[] { "x", "s" }, CleanMethod.Mode, null);
            var fresh = new DataTable(Str("s", null, "w"), Num("x", 10, NA), Num("other", NA, NA));
            var result = transform.Apply(fresh);
            // learned on train: x's mode is 1 (1 and 3 once each: the smaller), s's mode is u
            Assert.Equal(new[] { 10, 1.0 }, Numbers(result, "x"));
            Assert.Equal(new object?[] { "u", "w" }, Values(result["s"]));
            Assert.Same(fresh["other"], result["other"]); // untouched columns pass through
            Assert.Equal(new[] { "s", "x", "other" }, result.Columns.Select(c => c.Name)); // and keep their places

            var mean = MissingValueCleaner.Fit(train, new[] { "x" }, CleanMethod.Mean, null);
            Assert.Equal(new[] { 10, 2.0 }, Numbers(mean.Apply(fresh), "x")); // (1 + 3) / 2, not 10
            Assert.Equal(new object?[] { 2.0 }, mean.Replacements.ToArray());
        }

        [Fact]
        public void Applying_checks_the_columns_it_was_fitted_on()
        {
            var transform = MissingValueCleaner.Fit(new DataTable(Num("x", 1, NA)), null, CleanMethod.Mean, null);
            var e = Assert.Throws<ArgumentException>(() => transform.Apply(new DataTable(Num("y", 1))));
            Assert.Contains("'x'", e.Message);
            e = Assert.Throws<ArgumentException>(() => transform.Apply(new DataTable(Str("x", "1"))));
            Assert.Contains("'x'", e.Message);

            // a column left empty in new rows is inferred as String: taken as an all-missing Number column
            var result = transform.Apply(new DataTable(Str("x", null, null)));
            Assert.Equal(new[] { 1, 1.0 }, Numbers(result, "x"));
        }

        [Fact]
        public void Transform_describes_its_columns()
        {
            var transform = MissingValueCleaner.Fit(Sample(), new[] { "X", "s" }, CleanMethod.Mode, null);
            Assert.Equal("CleanMissingData", transform.Kind);
            Assert.Equal(CleanMethod.Mode, transform.Method);
            Assert.Equal(new[] { ("x", ColumnType.Number), ("s", ColumnType.String) }, transform.Columns.Select(c => (c.Name, c.Type)));
            Assert.Equal(new object?[] { 4.0, "b" }, transform.Replacements.ToArray());
        }

        [Fact]
        public void Missing_column_names_the_column()
        {
            var e = Assert.Throws<ArgumentException>(() => MissingValueCleaner.Fit(Sample(), new[] { "x", "zz" }, CleanMethod.Mean, null));
            Assert.Contains("'zz'", e.Message);
        }
    }
}
