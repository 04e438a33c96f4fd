using System;
using System.Collections.Generic;
using System.Linq;
using MlAlm.Learning.Data;
using MlAlm.Learning.Transforms;
using Xunit;
using static MlAlm.Learning.Tests.TestTables;

namespace MlAlm.Learning.Tests.Transforms
{
    public class DataSplitterTests
    {
        private static DataTable Ids(int n, Func<int, string?>? group = null)
        {
            var columns = new List<DataColumn> { Num("id", Enumerable.Range(0, n).Select(i => (double)i).ToArray()) };
            if (group != null) columns.Add(Str("g", Enumerable.Range(0, n).Select(group).ToArray()));
            return new DataTable(columns);
        }

        private static int[] IdsOf(DataTable table) => Numbers(table, "id").Select(v => (int)v).ToArray();

        private static void NothingLostOrDuplicated(int n, DataTable first, DataTable second)
        {
            int[] a = IdsOf(first), b = IdsOf(second);
            Assert.Equal(Enumerable.Range(0, n), a.Concat(b).OrderBy(i => i));
            // each keeps the original order
            Assert.Equal(a.OrderBy(i => i), a);
            Assert.Equal(b.OrderBy(i => i), b);
        }

        [Theory]
        [InlineData(10, 0.7, 7)]
        [InlineData(5, 0.5, 3)]   // 2.5 rounds away from zero
        [InlineData(7, 0.5, 4)]   // 3.5 too
        [InlineData(3, 0.1, 0)]
        [InlineData(4, 0.0, 0)]
        [InlineData(4, 1.0, 4)]
        [InlineData(0, 0.5, 0)]
        public void The_first_table_gets_the_rounded_fraction_of_rows(int n, double fraction, int expected)
        {
            var (first, second) = DataSplitter.Split(Ids(n), fraction, 42, null);
            Assert.Equal(expected, first.RowCount);
            Assert.Equal(n - expected, second.RowCount);
            NothingLostOrDuplicated(n, first, second);
        }

        [Fact]
        public void The_same_seed_gives_the_same_split_and_another_seed_another()
        {
            var table = Ids(1000);
            var a = DataSplitter.Split(table, 0.3, 5, null);
            var b = DataSplitter.Split(table, 0.3, 5, null);
            var c = DataSplitter.Split(table, 0.3, 6, null);
            Assert.Equal(IdsOf(a.First), IdsOf(b.First));
            Assert.NotEqual(IdsOf(a.First), IdsOf(c.First));
            NothingLostOrDuplicated(1000, a.First, a.Second);
        }

        [Fact]
        public void The_split_is_the_documented_one_on_every_platform()
        {
            // Computed with an independent implementation of xoshiro256** seeded by SplitMix64 from
            // (uint)seed ^ 0x53504C4954000000 and a partial Fisher–Yates shuffle (see DataSplitter).
            Assert.Equal(new[] { 2, 3, 6, 8, 9 }, IdsOf(DataSplitter.Split(Ids(10), 0.5, 7, null).First));
            Assert.Equal(new[] { 2, 8, 11, 12, 14, 16 }, IdsOf(DataSplitter.Split(Ids(20), 0.3, -1, null).First));
        }

        [Fact]
        public void The_generator_is_xoshiro256_starstar_seeded_by_splitmix64()
        {
            // SplitMix64(0) first output is 0xE220A8397B1DCDAF; the state is four such outputs.
            var random = new SeededRandom(0);
            Assert.Equal(0x99ec5f36cb75f2b4UL, random.NextUInt64());
            Assert.Equal(0xbf6e1f784956452aUL, random.NextUInt64());
            Assert.Equal(0x1a5f849d4933e6e0UL, random.NextUInt64());
        }

        [Fact]
        public void Bounded_draws_cover_the_range_evenly()
        {
            var random = new SeededRandom(1);
            var counts = new int[3];
            for (int i = 0; i < 30000; i++) counts[random.NextInt(3)]++;
            Assert.All(counts, c => Assert.InRange(c, 9500, 10500));
            Assert.Equal(0, random.NextInt(1));
        }

        [Fact]
        public void Stratified_split_keeps_each_groups_share()
        {
            // 80 a, 20 b, 10 missing (a group of its own)
            var table = Ids(110, i => i < 10 ? null : i % 5 == 0 ? "b" : "a");
            var (first, second) = DataSplitter.Split(table, 0.3, 11, "G");
            var groups = Values(first["g"]).GroupBy(v => v ?? "(missing)").ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(24, groups["a"]);          // 0.3 x 80
            Assert.Equal(6, groups["b"]);           // 0.3 x 20
            Assert.Equal(3, groups["(missing)"]);   // 0.3 x 10
            Assert.Equal(33, first.RowCount);
            NothingLostOrDuplicated(110, first, second);
            Assert.Equal(IdsOf(first), IdsOf(DataSplitter.Split(table, 0.3, 11, "g").First));
        }

        [Fact]
        public void Stratified_rounding_is_per_group()
        {
            // three groups of 3 rows at 0.5: each rounds 1.5 up to 2, so 6 rows rather than round(4.5) = 5
            var table = Ids(9, i => ((char)('p' + (i % 3))).ToString());
            var (first, _) = DataSplitter.Split(table, 0.5, 1, "g");
            Assert.Equal(6, first.RowCount);
            Assert.All(Values(first["g"]).GroupBy(v => v), g => Assert.Equal(2, g.Count()));
        }

        [Fact]
        public void Stratifying_by_a_number_column_groups_by_value()
        {
            var table = new DataTable(Num("id", Enumerable.Range(0, 40).Select(i => (double)i).ToArray()),
                Num("label", Enumerable.Range(0, 40).Select(i => i % 4 == 0 ? 1.0 : 0.0).ToArray()));
            var (first, second) = DataSplitter.Split(table, 0.5, 3, "label");
            Assert.Equal(5, Numbers(first, "label").Count(v => v == 1));
            Assert.Equal(15, Numbers(first, "label").Count(v => v == 0));
            NothingLostOrDuplicated(40, first, second);
        }

        [Fact]
        public void Every_column_travels_with_its_row()
        {
            var table = new DataTable(Num("id", 0, 1, 2, 3), Str("s", "a", null, "c", "d"), Bool("b", true, false, null, true),
                Date("d", Utc(2024, 1, 1), Utc(2024, 1, 2), null, Utc(2024, 1, 4)));
            var (first, second) = DataSplitter.Split(table, 0.5, 9, null);
            foreach (var part in new[] { first, second })
            {
                for (int r = 0; r < part.RowCount; r++)
                {
                    int id = (int)(double)part["id"].GetValue(r)!;
                    for (int c = 1; c < table.ColumnCount; c++) Assert.Equal(table[c].GetValue(id), part[c].GetValue(r));
                }
            }
        }

        [Fact]
        public void Bad_arguments_are_refused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => DataSplitter.Split(Ids(3), 1.5, 1, null));
            Assert.Throws<ArgumentOutOfRangeException>(() => DataSplitter.Split(Ids(3), double.NaN, 1, null));
            var e = Assert.Throws<ArgumentException>(() => DataSplitter.Split(Ids(3), 0.5, 1, "nope"));
            Assert.Contains("'nope'", e.Message);
        }
    }
}
