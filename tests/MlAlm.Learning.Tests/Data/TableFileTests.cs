using System;
using System.IO;
using System.Linq;
using MlAlm.Learning.Data;
using Xunit;
using static MlAlm.Learning.Tests.TestTables;

namespace MlAlm.Learning.Tests.Data
{
    public class TableFileTests
    {
        private static byte[] Bytes(DataTable table)
        {
            var stream = new MemoryStream();
            TableFile.Write(stream, table);
            return stream.ToArray();
        }

        private static DataTable Load(byte[] bytes) => TableFile.Read(new MemoryStream(bytes));

        private static DataTable Mixed() => new DataTable(
            Num("n", 1.5, NA, -0.0, double.PositiveInfinity, double.Epsilon, -1e300),
            Bool("b", true, null, false, false, true, null),
            Date("d", Utc(2024, 1, 31), null, DateTime.MinValue.ToUniversalTime(), new DateTime(DateTime.MaxValue.Ticks, DateTimeKind.Utc), Utc(1970, 1, 1, 12), null),
            Str("s", "Paris", null, "", "Paris", "日本語 \"q\"\n", "Oslo"),
            Str("Nothing here", null, null, null, null, null, null));

        [Fact]
        public void Every_column_type_round_trips_with_missing_values()
        {
            var table = Mixed();
            var back = Load(Bytes(table));
            Same(table, back);
            Assert.Equal("", back["s"].GetValue(2)); // empty is not missing
            Assert.Null(back["s"].GetValue(1));
            Assert.Same(back["s"].GetValue(0), back["s"].GetValue(3)); // one string per distinct value
            Assert.Equal(table.Schema, back.Schema);
        }

        [Fact]
        public void Empty_tables_round_trip()
        {
            Assert.Equal(0, Load(Bytes(new DataTable())).ColumnCount);
            var noRows = new DataTable(Num("a"), Bool("b"), Date("c"), Str("d"));
            var back = Load(Bytes(noRows));
            Same(noRows, back);
            Assert.Equal(4, back.ColumnCount);
        }

        [Fact]
        public void The_layout_is_the_documented_one()
        {
            var table = new DataTable(Bool("b", true, null), Str("é", "x", null));
            byte[] expected =
            {
                0x89, (byte)'M', (byte)'L', (byte)'T', (byte)'A', (byte)'B', 0x0D, 0x0A,
                1, 0, 0, 0,                     // version
                2, 0, 0, 0,                     // rows
                2, 0, 0, 0,                     // columns
                1, 0, 0, 0, (byte)'b',          // name
                2,                              // Boolean
                1, 2,                           // true, missing
                2, 0, 0, 0, 0xC3, 0xA9,         // name "é" in UTF-8
                4,                              // String
                1, 0, 0, 0,                     // one distinct value
                1, 0, 0, 0, (byte)'x',
                1, 0,                           // "x", missing (1-byte indexes)
                (byte)'T', (byte)'E', (byte)'N', (byte)'D',
            };
            Assert.Equal(expected, Bytes(table));

            var numbers = Bytes(new DataTable(Num("n", 1.0, NA), Date("t", new DateTime(1, DateTimeKind.Utc), null)));
            // 1.0 is 3FF0000000000000, little-endian; ticks 1; missing ticks are long.MinValue
            Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0xF0, 0x3F }, numbers.Skip(20 + 5 + 1).Take(8));
            Assert.Equal(BitConverter.GetBytes(double.NaN), numbers.Skip(34).Take(8));
            Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80 }, numbers.Skip(42 + 5 + 1).Take(16));
        }

        [Fact]
        public void The_same_table_gives_the_same_bytes()
        {
            byte[] bytes = Bytes(Mixed());
            Assert.Equal(bytes, Bytes(Mixed()));
            Assert.Equal(bytes, Bytes(Load(bytes)));
        }

        [Theory]
        [InlineData(254, 1)]
        [InlineData(255, 2)]
        [InlineData(65534, 2)]
        [InlineData(65535, 4)]
        public void String_indexes_widen_with_the_number_of_distinct_values(int distinct, int width)
        {
            Assert.Equal(width, TableFile.IndexWidth(distinct));
            var values = Enumerable.Range(0, distinct).Select(i => "v" + i).Append(null).Append("v0").ToArray();
            var table = new DataTable(Str("s", values));
            byte[] bytes = Bytes(table);
            int strings = values.Distinct().Where(v => v != null).Sum(v => 4 + v!.Length);
            Assert.Equal(20 + 5 + 1 + 4 + strings + (values.Length * width) + 4, bytes.Length);
            Same(table, Load(bytes));
        }

        [Fact]
        public void Large_tables_round_trip_through_partial_reads()
        {
            // Columns larger than the 1 MiB buffer, read by a stream that hands out odd-sized pieces.
            const int rows = 300_000;
            var table = new DataTable(
                Num("x", Enumerable.Range(0, rows).Select(i => i % 97 == 0 ? NA : i * 0.5).ToArray()),
                Date("t", Enumerable.Range(0, rows).Select(i => i % 89 == 0 ? (DateTime?)null : Utc(2000, 1, 1).AddSeconds(i)).ToArray()),
                Bool("b", Enumerable.Range(0, rows).Select(i => i % 3 == 0 ? (bool?)null : i % 2 == 0).ToArray()),
                Str("s", Enumerable.Range(0, rows).Select(i => i % 7 == 0 ? null : "k" + (i % 300)).ToArray()));
            byte[] bytes = Bytes(table);
            Same(table, Load(bytes));
            Same(table, TableFile.Read(new TestText.Trickle(bytes, 77_777)));
        }

        [Fact]
        public void A_truncated_file_is_invalid_data_wherever_it_ends()
        {
            byte[] bytes = Bytes(Mixed());
            for (int length = 0; length < bytes.Length; length++)
            {
                var prefix = bytes.Take(length).ToArray();
                var e = Assert.Throws<InvalidDataException>(() => Load(prefix));
                Assert.Contains("truncated", e.Message);
                Assert.Throws<InvalidDataException>(() => TableFile.Read(new TestText.Trickle(prefix, 5)));
            }
        }

        [Fact]
        public void Damage_is_invalid_data_with_a_clear_message()
        {
            byte[] good = Bytes(new DataTable(Bool("b", true, false), Str("s", "x", "y")));

            Assert.Contains("not an MlAlm table file", Assert.Throws<InvalidDataException>(() => Load(Patch(good, 0, 0x50))).Message);
            Assert.Contains("version 9", Assert.Throws<InvalidDataException>(() => Load(Patch(good, 8, 9))).Message);
            Assert.Contains("row count", Assert.Throws<InvalidDataException>(() => Load(Patch(good, 15, 0x80))).Message);
            // type byte of column 1
            Assert.Contains("column 1 'b'", Assert.Throws<InvalidDataException>(() => Load(Patch(good, 25, 9))).Message);
            // a Boolean byte that is neither 0, 1 nor 2
            Assert.Contains("row 2", Assert.Throws<InvalidDataException>(() => Load(Patch(good, 27, 7))).Message);
            // a string index past the string table
            int index = good.Length - 4 - 2;
            Assert.Contains("refers to value 3", Assert.Throws<InvalidDataException>(() => Load(Patch(good, index, 3))).Message);
            // the trailer
            Assert.Contains("does not end", Assert.Throws<InvalidDataException>(() => Load(Patch(good, good.Length - 1, 0))).Message);
            // a row count far beyond what the file holds is caught before it is allocated
            Assert.Throws<InvalidDataException>(() => Load(Patch(good, 15, 0x7F)));
            Assert.Throws<InvalidDataException>(() => TableFile.Read(new TestText.Trickle(Patch(good, 14, 0x7F), 1000)));
            // two columns of one name
            byte[] twins = Bytes(new DataTable(Num("a", 1), Num("b", 2)));
            Assert.Throws<InvalidDataException>(() => Load(Patch(twins, 38, (byte)'a')));
            // invalid UTF-8 in a name
            Assert.Contains("UTF-8", Assert.Throws<InvalidDataException>(() => Load(Patch(good, 24, 0xFF))).Message);
        }

        [Fact]
        public void Reading_stops_at_the_end_of_the_table()
        {
            byte[] bytes = Bytes(Mixed());
            var stream = new MemoryStream(bytes.Concat(new byte[] { 1, 2, 3 }).ToArray());
            Same(Mixed(), TableFile.Read(stream));
        }

        private static byte[] Patch(byte[] bytes, int offset, byte value)
        {
            var copy = (byte[])bytes.Clone();
            copy[offset] = value;
            return copy;
        }
    }
}
