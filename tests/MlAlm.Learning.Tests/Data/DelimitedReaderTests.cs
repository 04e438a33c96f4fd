using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using MlAlm.Learning.Data;
using Xunit;

namespace MlAlm.Learning.Tests.Data
{
    public class DelimitedReaderTests
    {
        public static IEnumerable<object[]> BufferSizes => new[] { new object[] { 16 }, new object[] { 17 }, new object[] { 64 }, new object[] { DelimitedReader.DefaultBufferSize } };

        private static List<string[]> Parse(string text, char delimiter = ',', int bufferSize = DelimitedReader.DefaultBufferSize, bool bom = false) =>
            TestText.Records(TestText.Utf8(text, bom), delimiter, bufferSize);

        [Theory]
        [MemberData(nameof(BufferSizes))]
        public void Reads_simple_records_with_LF(int bufferSize)
        {
            var records = Parse("a,b,c\n1,2,3\n", bufferSize: bufferSize);
            Assert.Equal(new[] { new[] { "a", "b", "c" }, new[] { "1", "2", "3" } }, records);
        }

        [Theory]
        [MemberData(nameof(BufferSizes))]
        public void Reads_CRLF_and_a_last_line_without_a_line_end(int bufferSize)
        {
            var records = Parse("a,b\r\n1,2\r\n3,4", bufferSize: bufferSize);
            Assert.Equal(new[] { new[] { "a", "b" }, new[] { "1", "2" }, new[] { "3", "4" } }, records);
        }

        [Fact]
        public void A_lone_CR_ends_a_record()
        {
            Assert.Equal(new[] { new[] { "a" }, new[] { "b" } }, Parse("a\rb\r"));
        }

        [Theory]
        [MemberData(nameof(BufferSizes))]
        public void Quoted_fields_hold_delimiters_line_breaks_and_doubled_quotes(int bufferSize)
        {
            string text = "name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"multi\r\nline\",\"x\ny\"\n\"\",\"\"\"\"\n";
            var records = Parse(text, bufferSize: bufferSize);
            Assert.Equal(4, records.Count);
            Assert.Equal(new[] { "Smith, J", "said \"hi\"" }, records[1]);
            Assert.Equal(new[] { "multi\r\nline", "x\ny" }, records[2]);
            Assert.Equal(new[] { string.Empty, "\"" }, records[3]);
        }

        [Fact]
        public void Skips_a_UTF8_byte_order_mark()
        {
            var records = Parse("id,value\n1,é\n", bom: true);
            Assert.Equal("id", records[0][0]);
            Assert.Equal("é", records[1][1]);
        }

        [Theory]
        [MemberData(nameof(BufferSizes))]
        public void Reads_tab_separated_text(int bufferSize)
        {
            var records = Parse("a\tb,c\n\"x\ty\"\t2\n", '\t', bufferSize);
            Assert.Equal(new[] { new[] { "a", "b,c" }, new[] { "x\ty", "2" } }, records);
        }

        [Fact]
        public void Any_char_can_be_the_delimiter()
        {
            Assert.Equal(new[] { new[] { "a", "b" }, new[] { "1,5", "2" } }, Parse("a;b\n1,5;2\n", ';'));
            Assert.Equal(new[] { new[] { "a", "b" } }, Parse("a§b\n", '§'));
        }

        [Fact]
        public void Empty_fields_and_trailing_delimiters_count()
        {
            Assert.Equal(new[] { new[] { "a", string.Empty, "c" }, new[] { string.Empty, string.Empty, string.Empty } }, Parse("a,,c\n,,\n"));
            Assert.Equal(new[] { new[] { "a", string.Empty } }, Parse("a,"));
        }

        [Fact]
        public void Empty_lines_are_skipped_but_white_space_lines_are_records()
        {
            var records = Parse("a\n\n\r\n1\n \n");
            Assert.Equal(new[] { new[] { "a" }, new[] { "1" }, new[] { " " } }, records);
        }

        [Fact]
        public void A_stray_quote_inside_an_unquoted_field_is_kept_literally()
        {
            Assert.Equal(new[] { new[] { "5'11\"", "ab\"c\"" } }, Parse("5'11\",ab\"c\"\n"));
            Assert.Equal(new[] { new[] { " \"x\"", "y" } }, Parse(" \"x\",y\n"));
        }

        [Fact]
        public void Spaces_after_a_closing_quote_are_allowed()
        {
            Assert.Equal(new[] { new[] { "x", "y" } }, Parse("\"x\"  ,\"y\" \n"));
        }

        [Fact]
        public void Spaces_in_unquoted_fields_are_kept()
        {
            Assert.Equal(new[] { new[] { " a ", "b " } }, Parse(" a ,b \n"));
        }

        [Theory]
        [MemberData(nameof(BufferSizes))]
        public void Tracks_the_physical_line_where_each_record_starts(int bufferSize)
        {
            string text = "h1,h2\n1,\"two\nlines\"\n\n3,\"a\r\nb\r\nc\"\r\n4,4\r5,5";
            using var reader = new DelimitedReader(TestText.Utf8(text), bufferSize: bufferSize);
            var lines = new List<long>();
            while (reader.ReadRecord()) lines.Add(reader.RecordLine);
            Assert.Equal(new long[] { 1, 2, 5, 8, 9 }, lines);
        }

        [Fact]
        public void Works_when_the_stream_returns_a_byte_at_a_time()
        {
            string text = "naïve,\"x\r\ny\"\r\n€,\U0001F600\r\n";
            var bytes = Encoding.UTF8.GetBytes(text);
            var records = TestText.Records(new TestText.Trickle(bytes, 1), bufferSize: 16);
            Assert.Equal(new[] { new[] { "naïve", "x\r\ny" }, new[] { "€", "\U0001F600" } }, records);
        }

        [Fact]
        public void Multi_byte_characters_across_buffer_boundaries_decode_intact()
        {
            var text = new StringBuilder("h\n");
            for (int i = 0; i < 500; i++) text.Append(i % 7 == 0 ? "日本語\U0001F600é" : "ab").Append('\n');
            var expected = text.ToString().Split('\n').Where(l => l.Length > 0).ToArray();
            foreach (int size in new[] { 16, 17, 18, 19, 31 })
            {
                var records = Parse(text.ToString(), bufferSize: size);
                Assert.Equal(expected, records.Select(r => r[0]).ToArray());
            }
        }

        [Fact]
        public void A_record_longer_than_the_buffer_grows_it()
        {
            string big = new string('x', 10000);
            var records = Parse($"a,b\n{big},\"{big}\n{big}\"\n", bufferSize: 16);
            Assert.Equal(big, records[1][0]);
            Assert.Equal(big + "\n" + big, records[1][1]);
        }

        [Fact]
        public void GetField_exposes_the_buffer_without_quotes()
        {
            using var reader = new DelimitedReader(TestText.Utf8("\"a\"\"b\",c\n"));
            Assert.True(reader.ReadRecord());
            var field = reader.GetField(0);
            Assert.Equal("a\"b", new string(field.Array!, field.Offset, field.Count));
            Assert.True(reader.IsQuoted(0));
            Assert.False(reader.IsQuoted(1));
            Assert.Throws<ArgumentOutOfRangeException>(() => reader.GetField(2));
        }

        [Fact]
        public void TryGetDouble_parses_in_place()
        {
            using var reader = new DelimitedReader(TestText.Utf8("1.5,-2e3,\" 7 \",x,\n"));
            Assert.True(reader.ReadRecord());
            Assert.True(reader.TryGetDouble(0, out double a));
            Assert.Equal(1.5, a);
            Assert.True(reader.TryGetDouble(1, out double b));
            Assert.Equal(-2000, b);
            Assert.True(reader.TryGetDouble(2, out double c));
            Assert.Equal(7, c);
            Assert.False(reader.TryGetDouble(3, out _));
            Assert.False(reader.TryGetDouble(4, out _));
        }

        [Fact]
        public void Empty_input_has_no_records()
        {
            Assert.Empty(Parse(string.Empty));
            Assert.Empty(Parse(string.Empty, bom: true));
            Assert.Empty(Parse("\n\r\n"));
        }

        [Theory]
        [InlineData('"')]
        [InlineData('\n')]
        [InlineData('\r')]
        [InlineData('\0')]
        public void Rejects_delimiters_that_cannot_separate_fields(char delimiter)
        {
            Assert.Throws<ArgumentException>(() => new DelimitedReader(new MemoryStream(), delimiter));
        }

        // ---- errors, each with its line ----

        private static TabularFormatException ReadAllExpectingError(byte[] bytes, int bufferSize = DelimitedReader.DefaultBufferSize)
        {
            using var reader = new DelimitedReader(new MemoryStream(bytes), bufferSize: bufferSize) { SourceName = "data.csv" };
            return Assert.Throws<TabularFormatException>(() => { while (reader.ReadRecord()) { } });
        }

        [Theory]
        [MemberData(nameof(BufferSizes))]
        public void An_unterminated_quote_is_reported_at_the_line_where_it_opened(int bufferSize)
        {
            var e = ReadAllExpectingError(Encoding.UTF8.GetBytes("a,b\n1,2\n3,\"open\nmore\nand more\n"), bufferSize);
            Assert.Equal(3, e.Line);
            Assert.Contains("never closed", e.Problem);
            Assert.StartsWith("data.csv, line 3: ", e.Message);
        }

        [Fact]
        public void Text_after_a_closing_quote_is_an_error_on_its_line()
        {
            var e = ReadAllExpectingError(Encoding.UTF8.GetBytes("a,b\n\"x\ny\"z,2\n"));
            Assert.Equal(3, e.Line);
            Assert.Contains("after its closing quote", e.Problem);
        }

        [Theory]
        [MemberData(nameof(BufferSizes))]
        public void Invalid_UTF8_is_reported_on_its_line(int bufferSize)
        {
            var bytes = Encoding.UTF8.GetBytes("a,b\n1,2\n\"3\n4\",").Concat(new byte[] { 0x41, 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\n5,6\n")).ToArray();
            var e = ReadAllExpectingError(bytes, bufferSize);
            Assert.Equal(4, e.Line);
            Assert.Contains("not UTF-8 text", e.Problem);
        }

        [Fact]
        public void Latin1_text_is_not_UTF8()
        {
            var bytes = Encoding.Latin1.GetBytes("name,city\nx,y\nJosé,Málaga\n");
            var e = ReadAllExpectingError(bytes);
            Assert.Equal(3, e.Line);
            Assert.Contains("not UTF-8 text", e.Problem);
        }

        [Fact]
        public void A_NUL_byte_is_reported_as_binary_on_its_line()
        {
            var bytes = Encoding.UTF8.GetBytes("a,b\n1,2\n3,").Concat(new byte[] { 0 }).ToArray();
            var e = ReadAllExpectingError(bytes);
            Assert.Equal(3, e.Line);
            Assert.Contains("not UTF-8 text", e.Problem);
            Assert.Contains("NUL", e.Problem);
        }

        [Fact]
        public void A_binary_file_fails_on_line_1()
        {
            var bytes = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D };
            var e = ReadAllExpectingError(bytes);
            Assert.Equal(1, e.Line);
            Assert.Contains("not UTF-8 text", e.Problem);
        }

        [Fact]
        public void UTF16_text_is_not_UTF8()
        {
            var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a,b\n1,2\n")).ToArray();
            var e = ReadAllExpectingError(bytes);
            Assert.Equal(1, e.Line);
            Assert.Contains("UTF-16", e.Problem);
        }

        [Fact]
        public void An_encoding_error_after_complete_records_lets_them_be_read_first()
        {
            var bytes = Encoding.UTF8.GetBytes("a,b\n1,2\n").Concat(new byte[] { 0xFF }).ToArray();
            using var reader = new DelimitedReader(new MemoryStream(bytes));
            Assert.True(reader.ReadRecord());
            Assert.True(reader.ReadRecord());
            var e = Assert.Throws<TabularFormatException>(() => reader.ReadRecord());
            Assert.Equal(3, e.Line);
        }
    }
}
