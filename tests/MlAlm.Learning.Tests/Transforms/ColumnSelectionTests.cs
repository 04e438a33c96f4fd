using System;
using System.Linq;
using MlAlm.Learning.Data;
using MlAlm.Learning.Transforms;
using Xunit;
using static MlAlm.Learning.Tests.TestTables;

namespace MlAlm.Learning.Tests.Transforms
{
    public class ColumnSelectionTests
    {
        private static readonly DataTable Table = new DataTable(
            Num("a", 1, 2), Str("b", "x", "y"), Bool("c", true, null), Date("d", Utc(2024, 1, 1), null));

        [Fact]
        public void Include_keeps_the_named_columns_in_the_order_named()
        {
            var result = ColumnSelection.Select(Table, new[] { "D", "a" }, include: true);
            Assert.Equal(new[] { "d", "a" }, result.Columns.Select(c => c.Name));
            Assert.Equal(2, result.RowCount);
            Assert.Same(Table["a"], result["a"]); // shared, not copied
        }

        [Fact]
        public void Exclude_drops_the_named_columns_and_keeps_the_table_order()
        {
            var result = ColumnSelection.Select(Table, new[] { "c", "A" }, include: false);
            Assert.Equal(new[] { "b", "d" }, result.Columns.Select(c => c.Name));
        }

        [Fact]
        public void A_name_given_twice_counts_once()
        {
            var result = ColumnSelection.Select(Table, new[] { "b", "B" }, include: true);
            Assert.Equal(new[] { "b" }, result.Columns.Select(c => c.Name));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void A_missing_column_is_named_in_the_error(bool include)
        {
            var e = Assert.Throws<ArgumentException>(() => ColumnSelection.Select(Table, new[] { "a", "nope" }, include));
            Assert.Contains("'nope'", e.Message);
        }

        [Fact]
        public void Selecting_nothing_or_excluding_everything_is_refused()
        {
            Assert.Throws<ArgumentException>(() => ColumnSelection.Select(Table, Array.Empty<string>(), include: true));
            Assert.Throws<ArgumentException>(() => ColumnSelection.Select(Table, new[] { "a", "b", "c", "d" }, include: false));
        }
    }
}
