using System;
using System.Linq;
using MlAlm.Learning.Data;
using MlAlm.Learning.Features;
using Xunit;

namespace MlAlm.Learning.Tests.Features
{
    public class FeatureEncoderTests
    {
        private static readonly double NaN = double.NaN;

        private static DataTable Table(params DataColumn[] columns) => new DataTable(columns);

        [Fact]
        public void Missing_numbers_and_booleans_become_the_training_mean()
        {
            var train = Table(
                new NumberColumn("x", new[] { 1.0, NaN, 2, 6 }),                 // mean of 1, 2, 6 = 3
                new BooleanColumn("b", new bool?[] { true, null, false, true })); // mean of 1, 0, 1 = 2/3
            var encoder = FeatureEncoder.Fit(train, new[] { "x", "b" });
            var x = encoder.Encode(train);

            Assert.Equal(new[] { 1.0, 3, 2, 6 }, x.Columns[0]);
            Assert.Equal(new[] { 1.0, 2.0 / 3, 0, 1 }, x.Columns[1]);
            Assert.Equal(new[] { false, false }, x.IsCategorical);
            Assert.Equal(new[] { "x", "b" }, x.Names);

            var scoring = Table(new NumberColumn("x", new[] { NaN }), new BooleanColumn("b", new bool?[] { null }));
            var encoded = encoder.Encode(scoring);
            Assert.Equal(3, encoded.Columns[0][0]);
            Assert.Equal(2.0 / 3, encoded.Columns[1][0]);
        }

        [Fact]
        public void A_clean_number_column_is_shared_not_copied()
        {
            var column = new NumberColumn("x", new[] { 1.0, 2, 3 });
            var table = Table(column);
            var encoded = FeatureEncoder.Fit(table, new[] { "x" }).Encode(table);
            Assert.Same(column.Values, encoded.Columns[0]);
        }

        [Fact]
        public void Tree_layout_keeps_missing_values_as_NaN_and_strings_as_codes()
        {
            var train = Table(
                new NumberColumn("x", new[] { 1.0, NaN, 2 }),
                new StringColumn("c", new[] { "red", "blue", null }));
            var encoder = FeatureEncoder.Fit(train, new[] { "x", "c" }, FeatureEncoderOptions.ForTrees());
            var x = encoder.Encode(train);

            Assert.Equal(MissingValuePolicy.Keep, encoder.MissingValues);
            Assert.True(double.IsNaN(x.Columns[0][1]));
            Assert.Equal(new[] { false, true }, x.IsCategorical);
            Assert.Equal(new[] { 0, 2 }, x.CategoryCounts);
            // categories in ordinal order: blue = 0, red = 1
            Assert.Equal(1, x.Columns[1][0]);
            Assert.Equal(0, x.Columns[1][1]);
            Assert.True(double.IsNaN(x.Columns[1][2]));

            var unseen = encoder.Encode(Table(new NumberColumn("x", new[] { 5.0 }), new StringColumn("c", new[] { "green" })));
            Assert.True(double.IsNaN(unseen.Columns[1][0]));
        }

        [Fact]
        public void One_hot_indicators_follow_the_training_categories_and_unseen_values_are_all_zero()
        {
            var train = Table(new StringColumn("city", new[] { "Pune", "Lima", "Oslo", "Lima", null }));
            var encoder = FeatureEncoder.Fit(train, new[] { "city" });
            Assert.Equal(new[] { "city=Lima", "city=Oslo", "city=Pune" }, encoder.LinearFeatureNames);
            Assert.Equal(3, encoder.LinearFeatureCount);
            Assert.Equal(1, encoder.FeatureCount);

            var rows = encoder.EncodeOneHot(Table(new StringColumn("city", new[] { "Oslo", "Paris", null, "Lima" })));
            Assert.Equal(new[] { 0.0, 0, 0, 1 }, rows[0]); // Lima
            Assert.Equal(new[] { 1.0, 0, 0, 0 }, rows[1]); // Oslo
            Assert.Equal(new[] { 0.0, 0, 0, 0 }, rows[2]); // Pune
        }

        [Fact]
        public void Only_the_most_frequent_categories_are_kept_and_the_rest_share_other()
        {
            // counts: a 4, b 3, c 3, d 2, e 1; keep 3: a, then b and c (tie broken by ordinal order wins b, c over d)
            var values = new[] { "a", "a", "a", "a", "b", "b", "b", "c", "c", "c", "d", "d", "e" };
            var train = Table(new StringColumn("k", values));
            var encoder = FeatureEncoder.Fit(train, new[] { "k" }, new FeatureEncoderOptions { MaxCategories = 3 });
            Assert.Equal(new[] { "k=a", "k=b", "k=c", "k=(other)" }, encoder.LinearFeatureNames);

            var rows = encoder.EncodeOneHot(Table(new StringColumn("k", new[] { "d", "e", "zzz", "b", null })));
            Assert.Equal(new[] { 1.0, 1, 1, 0, 0 }, rows[3]); // rare and unseen values go to (other)
            Assert.Equal(new[] { 0.0, 0, 0, 1, 0 }, rows[1]);
            Assert.Equal(0, rows.Sum(r => r[4]));               // missing: all zero

            var codes = encoder.Encode(Table(new StringColumn("k", new[] { "d", "a", null })));
            Assert.Equal(4, codes.CategoryCounts[0]);
            Assert.Equal(3, codes.Columns[0][0]);
            Assert.Equal(0, codes.Columns[0][1]);
            Assert.True(double.IsNaN(codes.Columns[0][2]));
        }

        [Fact]
        public void Date_times_expand_into_calendar_parts_and_days_since_1970()
        {
            var leapDay = new DateTime(2024, 2, 29, 13, 45, 0, DateTimeKind.Utc); // a Thursday
            var train = Table(new DateTimeColumn("t", new DateTime?[] { leapDay, null, new DateTime(1970, 1, 2, 0, 0, 0, DateTimeKind.Utc) }));
            var encoder = FeatureEncoder.Fit(train, new[] { "t" });
            var x = encoder.Encode(train);

            Assert.Equal(new[] { "t.Year", "t.Month", "t.Day", "t.DayOfWeek", "t.Hour", "t.Days" }, x.Names);
            double leapDays = (leapDay - new DateTime(1970, 1, 1)).TotalDays;
            Assert.Equal(new[] { 2024.0, 2, 29, 4, 13, leapDays }, x.Columns.Select(c => c[0]));
            Assert.Equal(new[] { 1970.0, 1, 2, 5, 0, 1 }, x.Columns.Select(c => c[2]));
            // the missing row gets the mean of each part
            Assert.Equal(new[] { (2024.0 + 1970) / 2, 1.5, 15.5, 4.5, 6.5, (leapDays + 1) / 2 }, x.Columns.Select(c => c[1]));
        }

        [Fact]
        public void Date_parts_agree_with_DateTime_over_many_dates()
        {
            var random = new Random(7);
            var parts = new double[DateTimeParts.Count];
            for (int k = 0; k < 20000; k++)
            {
                long ticks = (long)(random.NextDouble() * DateTime.MaxValue.Ticks);
                var d = new DateTime(ticks);
                DateTimeParts.Split(ticks, parts);
                Assert.Equal(new double[] { d.Year, d.Month, d.Day, (int)d.DayOfWeek, d.Hour }, parts.Take(5));
                Assert.Equal((d - new DateTime(1970, 1, 1)).TotalDays, parts[5], 6);
            }
        }

        [Fact]
        public void Linear_scores_straight_from_the_table_equal_the_dense_one_hot_product()
        {
            var train = Table(
                new NumberColumn("x", new[] { 1.0, NaN, 2, 4 }),
                new StringColumn("c", new[] { "u", "v", "u", "w" }),
                new BooleanColumn("b", new bool?[] { true, false, null, true }),
                new DateTimeColumn("t", new DateTime?[] { new DateTime(2001, 5, 6), null, new DateTime(1999, 12, 31, 23, 0, 0), new DateTime(2010, 1, 1) }));
            var encoder = FeatureEncoder.Fit(train, new[] { "x", "c", "b", "t" });
            Assert.Equal(1 + 3 + 1 + 6, encoder.LinearFeatureCount);
            var weights = Enumerable.Range(0, encoder.LinearFeatureCount).Select(j => (j * 0.37) - 1).ToArray();
            var input = Table(
                new NumberColumn("x", new[] { 3.0, NaN, -1 }),
                new StringColumn("c", new[] { "w", "zzz", null }),
                new BooleanColumn("b", new bool?[] { null, true, false }),
                new DateTimeColumn("t", new DateTime?[] { null, new DateTime(2020, 2, 2, 2, 0, 0), new DateTime(1980, 7, 7) }));

            var direct = new double[3];
            encoder.ComputeLinear(input, weights, 0.5, direct);
            var dense = encoder.EncodeOneHot(input);
            for (int i = 0; i < 3; i++)
            {
                double expected = 0.5 + weights.Select((w, j) => w * dense[j][i]).Sum();
                Assert.Equal(expected, direct[i], 9);
            }
        }

        [Fact]
        public void A_number_column_may_be_scored_from_booleans_but_other_type_changes_are_refused()
        {
            var encoder = FeatureEncoder.Fit(Table(new NumberColumn("x", new[] { 0.0, 1 }), new StringColumn("s", new[] { "a", "b" })), new[] { "x", "s" });
            var output = new double[1];
            encoder.ComputeLinear(Table(new BooleanColumn("x", new bool?[] { true }), new StringColumn("s", new[] { "a" })), new double[3], 0, output);

            var wrongType = Assert.Throws<ArgumentException>(() => encoder.Encode(Table(new NumberColumn("x", new[] { 1.0 }), new NumberColumn("s", new[] { 1.0 }))));
            Assert.Contains("'s'", wrongType.Message);
            Assert.Contains("String", wrongType.Message);
            var missing = Assert.Throws<ArgumentException>(() => encoder.Encode(Table(new NumberColumn("x", new[] { 1.0 }))));
            Assert.Contains("'s'", missing.Message);
        }

        [Fact]
        public void Fitting_checks_the_columns()
        {
            var table = Table(new NumberColumn("x", new[] { 1.0, double.PositiveInfinity }), new NumberColumn("y", new[] { 1.0, 2 }));
            Assert.Contains("'nope'", Assert.Throws<ArgumentException>(() => FeatureEncoder.Fit(table, new[] { "y", "nope" })).Message);
            Assert.Contains("twice", Assert.Throws<ArgumentException>(() => FeatureEncoder.Fit(table, new[] { "y", "Y" })).Message);
            Assert.Contains("infinite", Assert.Throws<ArgumentException>(() => FeatureEncoder.Fit(table, new[] { "x" })).Message);
        }
    }
}
