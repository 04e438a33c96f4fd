using System;
using System.IO;
using System.Threading;

namespace MlAlm.Learning.Data
{
    /// <summary>Reads a delimited file once and infers its schema without keeping the values.</summary>
    /// <remarks>
    /// A column's type is the narrowest one that all its non-missing values satisfy, tried in the
    /// order Boolean (true/false in any case), Number (invariant culture: 42, -1.5e3, .5, Infinity),
    /// DateTime (ISO 8601: yyyy-MM-dd, yyyy-MM-ddTHH:mm:ss or yyyy-MM-dd HH:mm:ss with an optional
    /// fraction and Z or ±hh:mm), else String. No value belongs to two of these types, so the first
    /// non-missing value fixes the candidate and any value of another type makes the column String.
    /// A column with no value at all is String. Missing values are empty or white space fields and
    /// NA, N/A, null, NaN in any case, quoted or not.
    /// </remarks>
    public static class TableInspector
    {
        public static TableSchema Inspect(Stream stream, char delimiter, CancellationToken cancellationToken) =>
            Inspect(stream, delimiter, null, cancellationToken);

        /// <param name="sourceName">File or dataset name for error messages, or null.</param>
        public static TableSchema Inspect(Stream stream, char delimiter, string? sourceName, CancellationToken cancellationToken)
        {
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            using var reader = new DelimitedReader(stream, delimiter, leaveOpen: true) { SourceName = sourceName };
            string[] names = TableHeader.Read(reader);
            int n = names.Length;
            var trackers = new TypeTracker[n];
            long rows = 0;
            while (reader.ReadRecord())
            {
                if (reader.FieldCount != n) throw TableHeader.Ragged(reader, n);
                reader.PrepareFields();
                char[] buffer = reader.Buffer;
                int[] starts = reader.FieldStarts;
                int[] ends = reader.FieldEnds;
                for (int c = 0; c < n; c++)
                {
                    trackers[c].Observe(buffer, starts[c], ends[c] - starts[c]);
                }
                rows++;
                if ((rows & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
            }
            cancellationToken.ThrowIfCancellationRequested();

            var columns = new ColumnSchema[n];
            for (int c = 0; c < n; c++) columns[c] = new ColumnSchema(names[c], trackers[c].Type, trackers[c].Missing);
            return new TableSchema(rows, columns);
        }

        /// <summary>Inspects a file, taking the delimiter from its extension or, failing that, its header line.</summary>
        public static TableSchema InspectFile(string path, char? delimiter, CancellationToken cancellationToken)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            char d = delimiter ?? DelimiterDetection.Detect(path);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return Inspect(stream, d, Path.GetFileName(path), cancellationToken);
        }

        private struct TypeTracker
        {
            private byte _state; // 0 unknown (all missing so far), else 1 + ColumnType

            public long Missing;

            public ColumnType Type => _state == 0 ? ColumnType.String : (ColumnType)(_state - 1);

            public void Observe(char[] s, int start, int length)
            {
                switch (_state)
                {
                    case 1 + (int)ColumnType.Number:
                        if (NumberParser.TryParse(s, start, length, out double number))
                        {
                            if (double.IsNaN(number)) Missing++;
                            return;
                        }
                        break;
                    case 1 + (int)ColumnType.Boolean:
                        if (ValueSyntax.TryParseBoolean(s, start, length, out _)) return;
                        break;
                    case 1 + (int)ColumnType.DateTime:
                        if (ValueSyntax.TryParseDateTime(s, start, length, out _)) return;
                        break;
                    case 1 + (int)ColumnType.String:
                        if (ValueSyntax.IsMissing(s, start, length)) Missing++;
                        return;
                    default:
                        var kind = ValueClassifier.Classify(s, start, length);
                        if (kind == null) Missing++;
                        else _state = (byte)(1 + (int)kind.Value);
                        return;
                }
                // Not of the column's type: missing, or the column is text after all.
                if (ValueSyntax.IsMissing(s, start, length)) Missing++;
                else _state = 1 + (int)ColumnType.String;
            }
        }
    }

    internal static class ValueClassifier
    {
        /// <summary>The type a single value has, or null when it is missing.</summary>
        public static ColumnType? Classify(char[] s, int start, int length)
        {
            if (ValueSyntax.IsMissing(s, start, length)) return null;
            if (ValueSyntax.TryParseBoolean(s, start, length, out _)) return ColumnType.Boolean;
            if (NumberParser.TryParse(s, start, length, out double number)) return double.IsNaN(number) ? (ColumnType?)null : ColumnType.Number;
            if (ValueSyntax.TryParseDateTime(s, start, length, out _)) return ColumnType.DateTime;
            return ColumnType.String;
        }
    }
}
