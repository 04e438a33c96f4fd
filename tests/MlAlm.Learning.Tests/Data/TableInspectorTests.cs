using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using MlAlm.Learning.Data;
using Xunit;

namespace MlAlm.Learning.Tests.Data
{
    public class TableInspectorTests
    {
        private static TableSchema Inspect(string text, char delimiter = ',', bool bom = false) =>
            TableInspector.Inspect(TestText.Utf8(text, bom), delimiter, CancellationToken.None);

        private static TabularFormatException Fails(string text, string? source = "churn.csv") =>
            Fails(new UTF8Encoding(false).GetBytes(text), source);

        private static TabularFormatException Fails(byte[] bytes, string? source = "churn.csv") =>
            Assert.Throws<TabularFormatException>(() => TableInspector.Inspect(new MemoryStream(bytes), ',', source, CancellationToken.None));

        private static ColumnSchema Column(TableSchema schema, string name) => schema.Columns[schema.IndexOf(name)];

        [Fact]
        public void Infers_each_type_and_counts_rows()
        {
            string text =
                "id,score,active,joined,city,when\n" +
                "1,-1.5e3,true,2024-01-31,Paris,2024-01-31T10:00:00\n" +
                "2,42,FALSE,2023-12-01,Oslo,2024-02-01 08:30:15\n" +
                "3,.5,True,2020-02-29,Rome,2024-02-01T08:30:15.1234567Z\n" +
                "4,7,false,1999-12-31,12,2024-02-01T08:30:15+02:00\n";
            var schema = Inspect(text);
            Assert.Equal(4, schema.RowCount);
            Assert.Equal(new[] { "id", "score", "active", "joined", "city", "when" }, schema.Columns.Select(c => c.Name));
            Assert.Equal(
                new[] { ColumnType.Number, ColumnType.Number, ColumnType.Boolean, ColumnType.DateTime, ColumnType.String, ColumnType.DateTime },
                schema.Columns.Select(c => c.Type));
            Assert.All(schema.Columns, c => Assert.Equal(0, c.MissingCount));
        }

        [Fact]
        public void Counts_missing_values_of_every_spelling()
        {
            string text = "x,s,b\n1,a,true\n,NA,\n  ,n/a, \nNULL,null,NaN\nNaN,nan,NA\n2,N/A,false\n";
            var schema = Inspect(text);
            Assert.Equal(6, schema.RowCount);
            Assert.Equal(new ColumnSchema("x", ColumnType.Number, 4), Column(schema, "x"));
            Assert.Equal(new ColumnSchema("s", ColumnType.String, 5), Column(schema, "s"));
            Assert.Equal(new ColumnSchema("b", ColumnType.Boolean, 4), Column(schema, "b"));
        }

        [Fact]
        public void A_column_with_no_value_is_String()
        {
            var schema = Inspect("a,b\n1,\n2,NA\n");
            Assert.Equal(new ColumnSchema("b", ColumnType.String, 2), Column(schema, "b"));
        }

        [Fact]
        public void A_header_with_no_rows_has_String_columns()
        {
            var schema = Inspect("a,b\n");
            Assert.Equal(0, schema.RowCount);
            Assert.All(schema.Columns, c => Assert.Equal(ColumnType.String, c.Type));
        }

        [Theory]
        [InlineData("1\n2\nx\n", ColumnType.String)]
        [InlineData("true\n1\n", ColumnType.String)]
        [InlineData("true\nyes\n", ColumnType.String)]
        [InlineData("2024-01-01\n5\n", ColumnType.String)]
        [InlineData("2024-13-01\n", ColumnType.String)]
        [InlineData("2023-02-29\n", ColumnType.String)]
        [InlineData("2024-01-01T25:00:00\n", ColumnType.String)]
        [InlineData("2024-01-01T10:00\n", ColumnType.String)]
        [InlineData("2024-01-01T10:00:00+2\n", ColumnType.String)]
        [InlineData("\"1,5\"\n", ColumnType.String)]
        [InlineData("Infinity\n-1\n", ColumnType.Number)]
        [InlineData(" 3 \n4\n", ColumnType.Number)]
        [InlineData("\"5\"\n6\n", ColumnType.Number)]
        [InlineData("1e5\n-0.25\n", ColumnType.Number)]
        [InlineData(" TRUE \n", ColumnType.Boolean)]
        [InlineData("2024-01-01t00:00:00z\n", ColumnType.DateTime)]
        public void Types_are_the_narrowest_that_fit_every_value(string values, ColumnType expected)
        {
            Assert.Equal(expected, Inspect("v\n" + values).Columns[0].Type);
        }

        [Fact]
        public void A_column_that_turns_out_to_be_text_keeps_its_missing_count()
        {
            // An empty line is skipped, so a one-column file writes an empty value as "".
            var schema = Inspect("v\n1\nNA\n2\nabc\n\n\"\"\nx\n");
            Assert.Equal(new ColumnSchema("v", ColumnType.String, 2), schema.Columns[0]);
        }

        [Fact]
        public void Reads_TSV_and_a_BOM()
        {
            var schema = Inspect("a\tb\n1\tx y\n", '\t', bom: true);
            Assert.Equal("a", schema.Columns[0].Name);
            Assert.Equal(ColumnType.Number, schema.Columns[0].Type);
        }

        [Fact]
        public void Header_names_are_trimmed()
        {
            Assert.Equal(new[] { "a", "b c" }, Inspect(" a , b c \n1,2\n").Columns.Select(c => c.Name));
        }

        // ---- errors ----

        [Fact]
        public void The_message_names_source_and_line()
        {
            var e = Fails("a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4\n");
            Assert.Equal(7, e.Line);
            Assert.Equal("expected 5 fields but found 4", e.Problem);
            Assert.Equal("churn.csv", e.Source);
            Assert.Equal("churn.csv, line 7: expected 5 fields but found 4", e.Message);
        }

        [Fact]
        public void Without_a_source_the_message_starts_with_the_line()
        {
            var e = Fails("a,b\n1,2,3\n", null);
            Assert.Equal("line 2: expected 2 fields but found 3", e.Message);
            e.Source = "x.csv";
            Assert.Equal("x.csv, line 2: expected 2 fields but found 3", e.Message);
        }

        [Theory]
        [InlineData("")]
        [InlineData("\n\n")]
        [InlineData("   ")]
        [InlineData("  \n \t \n\n")]
        public void An_empty_file_is_reported_on_line_1(string text)
        {
            var e = Fails(text);
            Assert.Equal(1, e.Line);
            Assert.Contains("empty", e.Problem);
        }

        [Fact]
        public void A_file_with_only_a_BOM_is_empty()
        {
            var e = Fails(new byte[] { 0xEF, 0xBB, 0xBF });
            Assert.Equal(1, e.Line);
            Assert.Contains("the file is empty", e.Problem);
        }

        [Fact]
        public void A_blank_header_followed_by_data_is_an_empty_header()
        {
            var e = Fails("\n  \na,b\n");
            Assert.Equal(2, e.Line);
            Assert.Contains("header line is empty", e.Problem);
        }

        [Fact]
        public void An_empty_header_field_is_reported_with_its_position()
        {
            var e = Fails("\n\nid,,value\n1,2,3\n");
            Assert.Equal(3, e.Line);
            Assert.Equal("column 2 of the header has no name", e.Problem);
        }

        [Theory]
        [InlineData("1,2.5,3\n4,5,6\n")]
        [InlineData("-1e3\n")]
        public void A_numeric_first_line_is_data_not_a_header(string text)
        {
            var e = Fails(text);
            Assert.Equal(1, e.Line);
            Assert.Contains("the first line looks like data, not a header", e.Problem);
        }

        [Fact]
        public void Duplicate_names_are_reported_with_both_positions()
        {
            var e = Fails("id,Age,x,AGE\n");
            Assert.Equal(1, e.Line);
            Assert.Contains("column 2 'Age'", e.Problem);
            Assert.Contains("column 4 'AGE'", e.Problem);
        }

        [Fact]
        public void Too_many_fields_are_reported_at_the_start_line_of_the_record()
        {
            var e = Fails("a,b\n1,2\n\"x\ny\",2,3\n");
            Assert.Equal(3, e.Line);
            Assert.Equal("expected 2 fields but found 3", e.Problem);
        }

        [Fact]
        public void A_blank_line_in_a_multi_column_file_is_one_field()
        {
            var e = Fails("a,b\n1,2\n   \n3,4\n");
            Assert.Equal(3, e.Line);
            Assert.Equal("expected 2 fields but found 1", e.Problem);
        }

        [Fact]
        public void An_unterminated_quote_names_the_line_where_it_opened()
        {
            var e = Fails("a,b\n1,2\n3,\"4\n5,6\n7,8\n");
            Assert.Equal(3, e.Line);
            Assert.Contains("never closed", e.Problem);
            Assert.Equal("churn.csv", e.Source);
        }

        [Fact]
        public void Bytes_that_are_not_UTF8_are_reported_on_their_line()
        {
            var bytes = Encoding.UTF8.GetBytes("a,b\n1,2\n3,4\n5,").Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes("t\xe9\n")).ToArray();
            var e = Fails(bytes);
            Assert.Equal(4, e.Line);
            Assert.Contains("not UTF-8 text", e.Problem);
            Assert.StartsWith("churn.csv, line 4: not UTF-8 text", e.Message);
        }

        [Fact]
        public void A_binary_file_is_not_UTF8_text()
        {
            var bytes = new byte[4096];
            new Random(1).NextBytes(bytes);
            var e = Fails(bytes);
            Assert.Contains("not UTF-8 text", e.Problem);
        }

        [Fact]
        public void Honors_cancellation()
        {
            var text = new StringBuilder("a,b\n");
            for (int i = 0; i < 5000; i++) text.Append("1,2\n");
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => TableInspector.Inspect(TestText.Utf8(text.ToString()), ',', cts.Token));
        }

        [Fact]
        public void InspectFile_detects_the_delimiter_and_names_the_file()
        {
            string dir = Path.Combine(Path.GetTempPath(), "mlalm-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string tsv = Path.Combine(dir, "data.tsv");
                File.WriteAllText(tsv, "a\tb\n1\t2\n");
                Assert.Equal(2, TableInspector.InspectFile(tsv, null, CancellationToken.None).Columns.Count);

                string txt = Path.Combine(dir, "data.txt");
                File.WriteAllText(txt, "a;b;c\n1;2\n");
                var e = Assert.Throws<TabularFormatException>(() => TableInspector.InspectFile(txt, null, CancellationToken.None));
                Assert.Equal("data.txt, line 2: expected 3 fields but found 2", e.Message);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }

    public class DelimiterDetectionTests
    {
        [Theory]
        [InlineData("churn.csv", ',')]
        [InlineData("C:\\data\\CHURN.CSV", ',')]
        [InlineData("/tmp/x.tsv", '\t')]
        [InlineData("x.TAB", '\t')]
        [InlineData("x.txt", null)]
        [InlineData("csv", null)]
        public void From_file_name(string name, char? expected) => Assert.Equal(expected, DelimiterDetection.FromFileName(name));

        [Theory]
        [InlineData("a,b,c", ',')]
        [InlineData("a\tb\tc", '\t')]
        [InlineData("a;b;c", ';')]
        [InlineData("\"x,y,z\"\t\"u,v\"\tw", '\t')]
        [InlineData("\"a;b;c;d\",e,f", ',')]
        [InlineData("a;b,c", ',')]
        [InlineData("single", ',')]
        [InlineData("a;b\nc,d,e,f", ';')]
        public void From_the_header_line_outside_quotes(string line, char expected) => Assert.Equal(expected, DelimiterDetection.FromHeaderLine(line));

        [Fact]
        public void Sniffs_a_stream_and_restores_its_position()
        {
            var stream = TestText.Utf8("a;b\n1;2\n", bom: true);
            Assert.Equal(';', DelimiterDetection.Sniff(stream));
            Assert.Equal(0, stream.Position);
        }
    }
}
