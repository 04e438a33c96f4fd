using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MlAlm.Learning.Data;
using Xunit;
using static MlAlm.Learning.Tests.TestTables;

namespace MlAlm.Learning.Tests.Data
{
    public class DataTableWriterTests
    {
        private static string Whole(DataTable table, char delimiter = ',')
        {
            var stream = new MemoryStream();
            DataTableWriter.Write(table, stream, delimiter);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private static DataTable Rows(DataTable table, int from, int count) =>
            new DataTable(table.Columns.Select(c => c switch
            {
                NumberColumn n => (DataColumn)new NumberColumn(c.Name, n.ToArray().Skip(from).Take(count).ToArray()),
                BooleanColumn b => new BooleanColumn(c.Name, Enumerable.Range(from, count).Select(b.GetBoolean).ToArray()),
                StringColumn s => new StringColumn(c.Name, s.ToArray().Skip(from).Take(count).ToArray()),
                _ => throw new NotSupportedException(),
            }));

        [Fact]
        public void A_table_written_as_a_header_then_rows_in_parts_is_the_table_written_whole()
        {
            var table = new DataTable(
                Num("x", 1, -2.5, NA, 1e300, -0.0, 123456789012345, 1e15),
                Bool("flag", true, null, false, true, true, false, null),
                Str("text", "plain", "a,b", " padded ", "say \"hi\"", null, "line\nbreak", "NA"));
            foreach (char delimiter in new[] { ',', '\t' })
            {
                var stream = new MemoryStream();
                using (var writer = DataTableWriter.CreateTextWriter(stream))
                {
                    DataTableWriter.WriteHeader(table, writer, delimiter);
                    DataTableWriter.WriteRows(Rows(table, 0, 3), writer, delimiter);
                    DataTableWriter.WriteRows(Rows(table, 3, 0), writer, delimiter);
                    DataTableWriter.WriteRows(Rows(table, 3, 4), writer, delimiter);
                }
                Assert.True(stream.CanWrite); // left open
                Assert.Equal(Whole(table, delimiter), Encoding.UTF8.GetString(stream.ToArray()));
            }
        }

        [Fact]
        public void Whole_numbers_are_written_as_the_round_trip_format_writes_them()
        {
            var random = new Random(5);
            var values = new[] { 0.0, -0.0, 1, -1, 9, 10, 99, 100, 999999999999999, -999999999999999, 1e15, -1e15, 1e16, 4503599627370496, long.MaxValue, long.MinValue }
                .Concat(Enumerable.Range(0, 2000).Select(_ => Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(0, 17)))))
                .ToArray();
            var lines = Whole(new DataTable(Num("x", values))).Split('\n');
            for (int i = 0; i < values.Length; i++)
                Assert.Equal(values[i].ToString("R", CultureInfo.InvariantCulture), lines[i + 1]);
        }
    }
}
