using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace MlAlm.Learning.Data
{
    /// <summary>Writes a <see cref="DataTable"/> as delimited text that <see cref="DataTableReader"/> reads back to the same values.</summary>
    /// <remarks>
    /// UTF-8 without a byte order mark, LF line ends, a header line of column names. Numbers use the
    /// shortest text that parses back to the same double (invariant culture); Booleans are true and
    /// false; DateTimes are ISO 8601 in UTC: yyyy-MM-dd when every value of the column is at
    /// midnight, else yyyy-MM-ddTHH:mm:ss[.fffffff]Z. Missing values are empty fields (<c>""</c> in a
    /// one-column table, where an empty line would be skipped). A field is quoted when it holds the
    /// delimiter, a quote or a line break, or starts or ends with white space.
    /// A string that is itself a missing-value token (NA, null, ...) or white space reads back as missing.
    /// </remarks>
    public static class DataTableWriter
    {
        private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(false, true);

        // .NET Framework's "R" does not always round-trip; there the text is checked and G17 used when needed.
        private static readonly bool CheckRoundTrip = RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        public static void Write(DataTable table, Stream stream, char delimiter = ',')
        {
            if (table == null) throw new ArgumentNullException(nameof(table));
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            DelimitedReader.CheckDelimiter(delimiter);

            using var writer = CreateTextWriter(stream);
            if (table.ColumnCount == 0) return;
            WriteHeader(table, writer, delimiter);
            WriteRows(table, writer, delimiter);
        }

        /// <summary>
        /// A writer with this format's encoding (UTF-8, no byte order mark) and line end (LF) that
        /// leaves <paramref name="stream"/> open: for writing a table in parts, with
        /// <see cref="WriteHeader"/> once and then <see cref="WriteRows"/> for each part.
        /// </summary>
        public static TextWriter CreateTextWriter(Stream stream)
        {
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            return new StreamWriter(stream, Utf8NoBom, 1 << 16, leaveOpen: true) { NewLine = "\n" };
        }

        /// <summary>Writes the header line: the column names.</summary>
        public static void WriteHeader(DataTable table, TextWriter writer, char delimiter = ',')
        {
            if (table == null) throw new ArgumentNullException(nameof(table));
            if (writer == null) throw new ArgumentNullException(nameof(writer));
            DelimitedReader.CheckDelimiter(delimiter);
            for (int c = 0; c < table.ColumnCount; c++)
            {
                if (c > 0) writer.Write(delimiter);
                WriteText(writer, table[c].Name, delimiter);
            }
            writer.Write('\n');
        }

        /// <summary>
        /// Writes the rows of a table, without a header line, so that a table written in parts (the
        /// same columns each time) reads back as one. The yyyy-MM-dd form of a DateTime column is
        /// chosen per call, from the values of that part.
        /// </summary>
        public static void WriteRows(DataTable table, TextWriter writer, char delimiter = ',')
        {
            if (table == null) throw new ArgumentNullException(nameof(table));
            if (writer == null) throw new ArgumentNullException(nameof(writer));
            DelimitedReader.CheckDelimiter(delimiter);
            int n = table.ColumnCount;
            if (n == 0) return;

            var dateOnly = new bool[n];
            for (int c = 0; c < n; c++)
            {
                if (table[c] is DateTimeColumn dates) dateOnly[c] = AllAtMidnight(dates);
                else if (!(table[c] is NumberColumn || table[c] is BooleanColumn || table[c] is StringColumn))
                    throw new NotSupportedException($"Column '{table[c].Name}' is a {table[c].GetType().Name}, which cannot be written.");
            }

            string missing = n == 1 ? "\"\"" : string.Empty;
            var chars = new char[40];
            for (int row = 0; row < table.RowCount; row++)
            {
                for (int c = 0; c < n; c++)
                {
                    if (c > 0) writer.Write(delimiter);
                    switch (table[c])
                    {
                        case NumberColumn numbers:
                            double v = numbers[row];
                            if (double.IsNaN(v)) writer.Write(missing);
                            else WriteNumber(writer, v, chars);
                            break;
                        case BooleanColumn flags:
                            double f = flags[row];
                            writer.Write(double.IsNaN(f) ? missing : f != 0 ? "true" : "false");
                            break;
                        case DateTimeColumn times:
                            long ticks = times[row];
                            if (ticks == DateTimeColumn.MissingTicks) writer.Write(missing);
                            else writer.Write(chars, 0, FormatDateTime(ticks, dateOnly[c], chars));
                            break;
                        default:
                            string? s = ((StringColumn)table[c])[row];
                            if (string.IsNullOrEmpty(s)) writer.Write(missing);
                            else WriteText(writer, s!, delimiter);
                            break;
                    }
                }
                writer.Write('\n');
            }
        }

        /// <summary>
        /// Writes <see cref="FormatNumber"/>'s text. Whole numbers below 10^15 (scores that are
        /// class labels, counts) are written digit by digit without making a string; that is the
        /// text "R" gives them too.
        /// </summary>
        private static void WriteNumber(TextWriter writer, double value, char[] chars)
        {
            if (value < 1e15 && value > -1e15 && value == Math.Floor(value) && (value != 0 || !IsNegativeZero(value)))
            {
                long whole = (long)value;
                int p = chars.Length;
                bool negative = whole < 0;
                ulong u = negative ? (ulong)(-whole) : (ulong)whole;
                do
                {
                    chars[--p] = (char)('0' + (int)(u % 10));
                    u /= 10;
                }
                while (u != 0);
                if (negative) chars[--p] = '-';
                writer.Write(chars, p, chars.Length - p);
                return;
            }
            writer.Write(FormatNumber(value));
        }

        private static bool IsNegativeZero(double value) => BitConverter.DoubleToInt64Bits(value) < 0;

        /// <summary>The invariant shortest round-trip text of a double ("R").</summary>
        internal static string FormatNumber(double value)
        {
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            if (CheckRoundTrip && double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) != value)
            {
                text = value.ToString("G17", CultureInfo.InvariantCulture);
            }
            return text;
        }

        /// <summary>Writes yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss[.fffffff]Z into the buffer and returns the length.</summary>
        internal static int FormatDateTime(long ticks, bool dateOnly, char[] b)
        {
            var t = new DateTime(ticks);
            int p = 0;
            p = Digits(b, p, t.Year, 4);
            b[p++] = '-';
            p = Digits(b, p, t.Month, 2);
            b[p++] = '-';
            p = Digits(b, p, t.Day, 2);
            if (dateOnly) return p;
            b[p++] = 'T';
            p = Digits(b, p, t.Hour, 2);
            b[p++] = ':';
            p = Digits(b, p, t.Minute, 2);
            b[p++] = ':';
            p = Digits(b, p, t.Second, 2);
            int fraction = (int)(ticks % TimeSpan.TicksPerSecond);
            if (fraction != 0)
            {
                b[p++] = '.';
                int digits = 7;
                while (fraction % 10 == 0) { fraction /= 10; digits--; }
                p = Digits(b, p, fraction, digits);
            }
            b[p++] = 'Z';
            return p;
        }

        private static int Digits(char[] b, int p, int value, int count)
        {
            for (int k = count - 1; k >= 0; k--)
            {
                b[p + k] = (char)('0' + (value % 10));
                value /= 10;
            }
            return p + count;
        }

        private static bool AllAtMidnight(DateTimeColumn column)
        {
            for (int row = 0; row < column.Length; row++)
            {
                long t = column[row];
                if (t != DateTimeColumn.MissingTicks && t % TimeSpan.TicksPerDay != 0) return false;
            }
            return true;
        }

        private static void WriteText(TextWriter writer, string text, char delimiter)
        {
            if (!NeedsQuotes(text, delimiter))
            {
                writer.Write(text);
                return;
            }
            writer.Write('"');
            foreach (char c in text)
            {
                if (c == '"') writer.Write('"');
                writer.Write(c);
            }
            writer.Write('"');
        }

        private static bool NeedsQuotes(string text, char delimiter)
        {
            if (text.Length == 0) return false;
            if (NumberParser.IsWhite(text[0]) || NumberParser.IsWhite(text[text.Length - 1])) return true;
            foreach (char c in text)
            {
                if (c == delimiter || c == '"' || c == '\n' || c == '\r') return true;
            }
            return false;
        }
    }
}
