using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using MlAlm.Learning.Data;
using Xunit;

namespace MlAlm.Learning.Tests.Data
{
    public class DataTableTests
    {
        private static DataTable Load(string text, TableSchema? schema = null, char delimiter = ',') =>
            DataTableReader.Read(TestText.Utf8(text), delimiter, schema, CancellationToken.None);

        private static string WriteToString(DataTable table, char delimiter = ',')
        {
            var stream = new MemoryStream();
            DataTableWriter.Write(table, stream, delimiter);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private const string Mixed =
            "id,score,active,joined,city,note\n" +
            "1,-1.5e3,true,2024-01-31,Paris,\"a, b\"\n" +
            "2,,FALSE,,Oslo,NA\n" +
            "3,.5,,2020-02-29T10:11:12.5Z,Paris,\"say \"\"hi\"\"\"\n" +
            "4,NaN,false,2024-02-01T08:30:15+02:00,,\"two\nlines\"\n";

        [Fact]
        public void Loads_typed_columns()
        {
            var table = Load(Mixed);
            Assert.Equal(4, table.RowCount);
            Assert.Equal(6, table.ColumnCount);

            var score = Assert.IsType<NumberColumn>(table["SCORE"]);
            Assert.Equal(-1500, score[0]);
            Assert.True(double.IsNaN(score[1]));
            Assert.Equal(0.5, score[2]);
            Assert.True(score.IsMissing(3));
            Assert.Equal(2, score.MissingCount);

            var active = Assert.IsType<BooleanColumn>(table["active"]);
            Assert.Equal(new bool?[] { true, false, null, false }, Enumerable.Range(0, 4).Select(active.GetBoolean));
            Assert.Equal(1.0, active[0]);

            var joined = Assert.IsType<DateTimeColumn>(table["joined"]);
            Assert.Equal(new DateTime(2024, 1, 31, 0, 0, 0, DateTimeKind.Utc), joined.GetDateTime(0));
            Assert.Null(joined.GetDateTime(1));
            Assert.Equal(new DateTime(2020, 2, 29, 10, 11, 12, 500, DateTimeKind.Utc), joined.GetDateTime(2));
            Assert.Equal(new DateTime(2024, 2, 1, 6, 30, 15, DateTimeKind.Utc), joined.GetDateTime(3));

            var city = Assert.IsType<StringColumn>(table["city"]);
            Assert.Equal(new[] { "Paris", "Oslo", "Paris", null }, Enumerable.Range(0, 4).Select(i => city[i]));
            Assert.Same(city[0], city[2]); // repeated values share one string

            var note = Assert.IsType<StringColumn>(table[5]);
            Assert.Equal(new[] { "a, b", null, "say \"hi\"", "two\nlines" }, note.ToArray());
        }

        [Fact]
        public void The_loaded_schema_equals_the_inspected_schema()
        {
            var inspected = TableInspector.Inspect(TestText.Utf8(Mixed), ',', CancellationToken.None);
            Assert.Equal(inspected, Load(Mixed).Schema);
        }

        [Fact]
        public void A_column_demoted_to_text_late_gets_the_original_text_of_earlier_rows()
        {
            var text = new StringBuilder("a,b,c\n");
            for (int i = 0; i < 50000; i++)
            {
                text.Append(i).Append(',').Append(i % 3 == 0 ? "NA" : (i * 0.5).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)).Append(',');
                text.Append(i == 40000 ? "later" : i % 2 == 0 ? "TRUE" : "false").Append('\n');
            }
            text.Append("50000,1e3,x\n");
            text.Append("50001,unknown,true\n");
            string csv = text.ToString();

            var table = Load(csv);
            var b = Assert.IsType<StringColumn>(table["b"]);
            Assert.Equal("0.50", b[1]);
            Assert.Null(b[0]);
            Assert.Equal("1e3", b[50000]);
            Assert.Equal("unknown", b[50001]);
            var c = Assert.IsType<StringColumn>(table["c"]);
            Assert.Equal("TRUE", c[0]);
            Assert.Equal("false", c[1]);
            Assert.Equal("later", c[40000]);
            Assert.Same(c[0], c[2]);
            Assert.IsType<NumberColumn>(table["a"]);
            Assert.Equal(TableInspector.Inspect(TestText.Utf8(csv), ',', CancellationToken.None), table.Schema);

            // The same from a stream that cannot seek (spooled to a temporary file).
            var unseekable = new TestText.Trickle(Encoding.UTF8.GetBytes(csv), 1000);
            var again = DataTableReader.Read(unseekable, ',', null, CancellationToken.None);
            Assert.Equal(((StringColumn)table["b"]).ToArray(), ((StringColumn)again["b"]).ToArray());
        }

        [Theory]
        [InlineData("\r", false)]   // CR-only line ends: the line-feed estimate is 0 rows, arrays grow
        [InlineData("\n", true)]    // quoted line breaks: the estimate is too high, arrays are trimmed
        [InlineData("\r\n", false)]
        public void Columns_are_sized_right_whatever_the_row_estimate(string newline, bool quotedBreaks)
        {
            var text = new StringBuilder("n,s,late,d" + newline);
            for (int i = 0; i < 3000; i++)
            {
                text.Append(i).Append(',');
                text.Append(quotedBreaks ? "\"x\ny\"" : "x").Append(',');
                text.Append(i < 2500 ? string.Empty : "true").Append(',');
                text.Append(i % 2 == 0 ? "2024-01-01" : "NA").Append(newline);
            }
            string csv = text.ToString();
            foreach (var table in new[]
            {
                Load(csv),
                DataTableReader.Read(new TestText.Trickle(Encoding.UTF8.GetBytes(csv), 4096), ',', null, CancellationToken.None),
                DataTableReader.Read(new TestText.Trickle(Encoding.UTF8.GetBytes(csv), 4096), ',', TableInspector.Inspect(TestText.Utf8(csv), ',', CancellationToken.None), CancellationToken.None),
                DataTableReader.Read(new TestText.Trickle(Encoding.UTF8.GetBytes(csv), 4096), ',', new TableSchema(0, Load(csv).Schema.Columns), CancellationToken.None),
            })
            {
                Assert.Equal(3000, table.RowCount);
                Assert.All(table.Columns, c => Assert.Equal(3000, c.Length));
                Assert.Equal(2999, ((NumberColumn)table["n"])[2999]);
                Assert.Equal(quotedBreaks ? "x\ny" : "x", ((StringColumn)table["s"])[2999]);
                Assert.Equal(ColumnType.Boolean, table["late"].Type);
                Assert.Equal(2500, table["late"].MissingCount);
                Assert.Equal(1500, table["d"].MissingCount);
            }
        }

        [Fact]
        public void Leading_missing_values_stay_missing_when_the_type_is_found()
        {
            var table = Load("a,b\n,1\nNA,2\n3.5,\n");
            var a = Assert.IsType<NumberColumn>(table["a"]);
            Assert.True(a.IsMissing(0));
            Assert.True(a.IsMissing(1));
            Assert.Equal(3.5, a[2]);
            Assert.Equal(2, a.MissingCount);
        }

        [Fact]
        public void With_a_schema_values_are_read_as_its_types()
        {
            var schema = new TableSchema(0, new[] { new ColumnSchema("zip", ColumnType.String), new ColumnSchema("n", ColumnType.Number) });
            var table = Load("zip,n\n01234,1\n98765,\n", schema);
            Assert.Equal(new[] { "01234", "98765" }, ((StringColumn)table["zip"]).ToArray());
            Assert.Equal(1, table["n"].MissingCount);
        }

        [Fact]
        public void With_a_schema_a_value_that_does_not_fit_is_an_error_on_its_line()
        {
            var schema = new TableSchema(0, new[] { new ColumnSchema("a", ColumnType.String), new ColumnSchema("n", ColumnType.Number) });
            var e = Assert.Throws<TabularFormatException>(() =>
                DataTableReader.Read(TestText.Utf8("a,n\nx,1\n\"y\nz\",2\nw,three\n"), ',', schema, "t.csv", CancellationToken.None));
            Assert.Equal(5, e.Line);
            Assert.Equal("t.csv, line 5: column 2 'n' is Number in the schema but 'three' is not a number", e.Message);
        }

        [Fact]
        public void With_a_schema_the_header_must_match()
        {
            var schema = new TableSchema(0, new[] { new ColumnSchema("a", ColumnType.String), new ColumnSchema("n", ColumnType.Number) });
            var e = Assert.Throws<TabularFormatException>(() => Load("a,m\n", schema));
            Assert.Contains("column 2 is named 'm' in the header but 'n' in the schema", e.Problem);
            e = Assert.Throws<TabularFormatException>(() => Load("a\n", schema));
            Assert.Contains("the header has 1 columns but the schema has 2", e.Problem);
        }

        [Fact]
        public void Format_errors_are_the_same_as_the_inspector_s()
        {
            var e = Assert.Throws<TabularFormatException>(() => Load("a,b\n1,2\n1\n"));
            Assert.Equal(3, e.Line);
            Assert.Equal("expected 2 fields but found 1", e.Problem);
            Assert.Throws<TabularFormatException>(() => Load(string.Empty));
        }

        [Fact]
        public void Round_trips_through_the_writer()
        {
            var table = Load(Mixed);
            string csv = WriteToString(table);
            var again = Load(csv, table.Schema);
            AssertSameTable(table, again);
            Assert.Equal(table.Schema, Load(csv).Schema);
            Assert.Equal(csv, WriteToString(again));
        }

        [Fact]
        public void Round_trips_doubles_exactly_and_TSV()
        {
            var random = new Random(3);
            var values = Enumerable.Range(0, 2000).Select(i => i % 50 == 0 ? double.NaN : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-20, 20))).ToArray();
            values[1] = double.PositiveInfinity;
            values[2] = -0.0;
            values[3] = double.Epsilon;
            values[4] = double.MaxValue;
            var table = new DataTable(new NumberColumn("x", values), new StringColumn("s", values.Select(v => "#" + v.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "\t").ToArray()));
            var again = Load(WriteToString(table, '\t'), null, '\t');
            AssertSameTable(table, again);
        }

        [Fact]
        public void Writes_the_documented_format()
        {
            var table = new DataTable(
                new NumberColumn("n", new[] { 1.0, double.NaN, 0.1 }),
                new BooleanColumn("b", new bool?[] { true, null, false }),
                new DateTimeColumn("d", new DateTime?[] { new DateTime(2024, 1, 2), null, new DateTime(1999, 12, 31) }),
                new DateTimeColumn("t", new DateTime?[] { new DateTime(2024, 1, 2, 3, 4, 5).AddTicks(1230000), new DateTime(2024, 1, 2), null }),
                new StringColumn("s, quoted", new[] { "plain", " padded", "q\"uote" }));
            Assert.Equal(
                "n,b,d,t,\"s, quoted\"\n" +
                "1,true,2024-01-02,2024-01-02T03:04:05.123Z,plain\n" +
                ",,,2024-01-02T00:00:00Z,\" padded\"\n" +
                "0.1,false,1999-12-31,,\"q\"\"uote\"\n",
                WriteToString(table));
        }

        [Fact]
        public void A_one_column_table_writes_missing_values_so_they_survive()
        {
            var table = new DataTable(new NumberColumn("x", new[] { 1, double.NaN, 3 }));
            string csv = WriteToString(table);
            Assert.Equal("x\n1\n\"\"\n3\n", csv);
            AssertSameTable(table, Load(csv));
        }

        [Fact]
        public void Columns_are_found_by_name_ignoring_case_or_by_index()
        {
            var table = Load("Id,Name\n1,a\n");
            Assert.Same(table[1], table["name"]);
            Assert.Equal(0, table.IndexOf("ID"));
            Assert.Equal(-1, table.IndexOf("nope"));
            Assert.False(table.TryGetColumn("nope", out _));
            Assert.Throws<KeyNotFoundException>(() => table["nope"]);
            Assert.Equal(new ColumnSchema("Name", ColumnType.String, 0), table["NAME"].Schema);
        }

        [Fact]
        public void Tables_are_built_from_columns()
        {
            var a = new NumberColumn("a", new[] { 1.0, 2.0 });
            var b = new StringColumn("b", new[] { "x", null });
            var table = new DataTable(a, b);
            Assert.Equal(2, table.RowCount);
            Assert.Equal(1, table["b"].MissingCount);
            Assert.Equal(new object?[] { 2.0, null }, table.Columns.Select(c => c.GetValue(1)));

            var selected = table.Select(new[] { "B" });
            Assert.Same(b, selected[0]);
            var replaced = table.With(new NumberColumn("A", new[] { 5.0, 6.0 }));
            Assert.Equal(5.0, ((NumberColumn)replaced[0])[0]);
            Assert.Equal(3, table.With(a.Rename("c")).ColumnCount);

            Assert.Throws<ArgumentException>(() => new DataTable(a, new NumberColumn("A", new[] { 1.0, 2.0 })));
            Assert.Throws<ArgumentException>(() => new DataTable(a, new NumberColumn("c", new[] { 1.0 })));
        }

        [Fact]
        public void Public_constructors_copy_their_arrays()
        {
            var values = new[] { 1.0, 2.0 };
            var column = new NumberColumn("a", values);
            values[0] = 9;
            Assert.Equal(1.0, column[0]);
        }

        private static void AssertSameTable(DataTable expected, DataTable actual)
        {
            Assert.Equal(expected.RowCount, actual.RowCount);
            Assert.Equal(expected.Columns.Select(c => c.Name), actual.Columns.Select(c => c.Name));
            Assert.Equal(expected.Columns.Select(c => c.Type), actual.Columns.Select(c => c.Type));
            for (int c = 0; c < expected.ColumnCount; c++)
            {
                for (int r = 0; r < expected.RowCount; r++)
                {
                    object? x = expected[c].GetValue(r);
                    object? y = actual[c].GetValue(r);
                    if (x is double dx && y is double dy)
                    {
                        Assert.Equal(BitConverter.DoubleToInt64Bits(dx), BitConverter.DoubleToInt64Bits(dy));
                    }
                    else
                    {
                        Assert.Equal(x, y);
                    }
                }
            }
        }
    }
}
