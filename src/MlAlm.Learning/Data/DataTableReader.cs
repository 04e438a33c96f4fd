using System;
using System.IO;
using System.Threading;

namespace MlAlm.Learning.Data
{
    /// <summary>Loads a delimited file into a <see cref="DataTable"/>.</summary>
    /// <remarks>
    /// <para>
    /// With a schema, the file is read once and every value must fit its column's type (a value that
    /// does not is a <see cref="TabularFormatException"/> naming the line); the header must name the
    /// schema's columns in order (case is ignored).
    /// </para>
    /// <para>
    /// Without a schema, types are inferred in the same pass, by the rules of <see cref="TableInspector"/>:
    /// the first non-missing value of a column fixes its candidate type and values are parsed and
    /// stored as that type right away (doubles, ticks or pooled strings). No value belongs to two
    /// types, so a column only ever changes its mind once, to String, when a value does not fit; the
    /// original text of the rows before that point is then gone, so after the pass those rows alone
    /// are read again (up to the last such row) to collect their strings. Clean files, the common
    /// case, are therefore read exactly once, with no per-field string, and a late surprise costs a
    /// partial second read rather than a permanent copy of the text of every column. Re-reading
    /// needs a seekable stream; any other stream is first copied to a temporary file.
    /// </para>
    /// </remarks>
    public static class DataTableReader
    {
        public static DataTable Read(Stream stream, char delimiter, TableSchema? schema, CancellationToken cancellationToken) =>
            Read(stream, delimiter, schema, null, cancellationToken);

        /// <param name="sourceName">File or dataset name for error messages, or null.</param>
        public static DataTable Read(Stream stream, char delimiter, TableSchema? schema, string? sourceName, CancellationToken cancellationToken)
        {
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            DelimitedReader.CheckDelimiter(delimiter);
            if (schema != null || stream.CanSeek) return ReadCore(stream, delimiter, schema, sourceName, cancellationToken);

            string path = Path.GetTempFileName();
            using var spool = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            stream.CopyTo(spool, 1 << 16);
            spool.Position = 0;
            return ReadCore(spool, delimiter, null, sourceName, cancellationToken);
        }

        /// <summary>Loads a file, taking the delimiter from its extension or, failing that, its header line.</summary>
        public static DataTable ReadFile(string path, char? delimiter, TableSchema? schema, CancellationToken cancellationToken)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            char d = delimiter ?? DelimiterDetection.Detect(path);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return ReadCore(stream, d, schema, Path.GetFileName(path), cancellationToken);
        }

        private static DataTable ReadCore(Stream stream, char delimiter, TableSchema? schema, string? sourceName, CancellationToken cancellationToken)
        {
            long origin = stream.CanSeek ? stream.Position : 0;
            int capacity = stream.CanSeek ? RowEstimate.CountRows(stream) : (int)Math.Min(schema?.RowCount ?? 0, int.MaxValue - 1);
            ColumnBuilder[] builders;
            int rows = 0;
            using (var reader = new DelimitedReader(stream, delimiter, leaveOpen: true) { SourceName = sourceName })
            {
                string[] names = TableHeader.Read(reader);
                int n = names.Length;
                builders = new ColumnBuilder[n];
                if (schema != null) CheckHeader(reader, names, schema);
                for (int c = 0; c < n; c++) builders[c] = new ColumnBuilder(names[c], schema?.Columns[c].Type, capacity);

                while (reader.ReadRecord())
                {
                    if (reader.FieldCount != n) throw TableHeader.Ragged(reader, n);
                    if (rows == int.MaxValue) throw new TabularFormatException(sourceName, reader.RecordLine, "the file has more rows than a table can hold");
                    reader.PrepareFields();
                    char[] buffer = reader.Buffer;
                    int[] starts = reader.FieldStarts;
                    int[] ends = reader.FieldEnds;
                    for (int c = 0; c < n; c++)
                    {
                        int start = starts[c];
                        if (!builders[c].Add(buffer, start, ends[c] - start, rows)) throw Mismatch(reader, builders[c], c, start, ends[c] - start);
                    }
                    rows++;
                    if ((rows & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
                }
            }
            cancellationToken.ThrowIfCancellationRequested();

            // Columns that turned into text need the text of their earlier rows.
            int reread = 0;
            foreach (var builder in builders) reread = Math.Max(reread, builder.DemotedAt);
            if (reread > 0)
            {
                stream.Position = origin;
                ReadTextAgain(stream, delimiter, sourceName, builders, reread, cancellationToken);
            }

            var columns = new DataColumn[builders.Length];
            for (int c = 0; c < builders.Length; c++)
            {
                columns[c] = builders[c].Build(rows);
                builders[c] = null!; // let its storage go as soon as possible
            }
            return new DataTable(columns);
        }

        // Fills the rows a column stored as another type before it turned out to be String.
        private static void ReadTextAgain(Stream stream, char delimiter, string? sourceName, ColumnBuilder[] builders, int rowLimit, CancellationToken cancellationToken)
        {
            using var reader = new DelimitedReader(stream, delimiter, leaveOpen: true) { SourceName = sourceName };
            TableHeader.Read(reader);
            int row = 0;
            while (row < rowLimit && reader.ReadRecord())
            {
                reader.PrepareFields();
                char[] buffer = reader.Buffer;
                int[] starts = reader.FieldStarts;
                int[] ends = reader.FieldEnds;
                for (int c = 0; c < builders.Length; c++)
                {
                    if (row < builders[c].DemotedAt) builders[c].SetText(row, buffer, starts[c], ends[c] - starts[c]);
                }
                row++;
                if ((row & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
            }
            if (row < rowLimit) throw new IOException("The stream changed while it was being read.");
        }

        private static void CheckHeader(DelimitedReader reader, string[] names, TableSchema schema)
        {
            if (names.Length != schema.Columns.Count)
            {
                throw new TabularFormatException(reader.SourceName, reader.RecordLine,
                    $"the header has {names.Length} columns but the schema has {schema.Columns.Count}");
            }
            for (int c = 0; c < names.Length; c++)
            {
                if (!string.Equals(names[c], schema.Columns[c].Name, StringComparison.OrdinalIgnoreCase))
                {
                    throw new TabularFormatException(reader.SourceName, reader.RecordLine,
                        $"column {c + 1} is named '{names[c]}' in the header but '{schema.Columns[c].Name}' in the schema");
                }
            }
        }

        private static TabularFormatException Mismatch(DelimitedReader reader, ColumnBuilder builder, int column, int start, int length) =>
            Mismatch(reader, builder.Name, builder.Type, column, start, length);

        /// <summary>The error for a field of the current record that does not fit its column's type in the schema.</summary>
        /// <param name="column">0-based position of the field in the record.</param>
        internal static TabularFormatException Mismatch(DelimitedReader reader, string name, ColumnType type, int column, int start, int length)
        {
            string text = new string(reader.Buffer, start, Math.Min(length, 60)) + (length > 60 ? "..." : string.Empty);
            string expected = type switch
            {
                ColumnType.Number => "a number",
                ColumnType.Boolean => "true or false",
                ColumnType.DateTime => "an ISO 8601 date or time",
                _ => "text",
            };
            return new TabularFormatException(reader.SourceName, reader.RecordLine,
                $"column {column + 1} '{name}' is {type} in the schema but '{text}' is not {expected}");
        }

        /// <summary>
        /// Collects one column's values straight into an array indexed by row, sized from the row
        /// estimate (so each value is written once and, when the estimate is right, the array is
        /// the column's storage as it is); it grows by doubling and is trimmed when the estimate is off.
        /// </summary>
        private sealed class ColumnBuilder
        {
            private const byte IsUnknown = 0, IsNumber = 1, IsBoolean = 2, IsDateTime = 3, IsText = 4;

            private readonly bool _strict;
            private readonly int _capacity;
            private byte _state;
            private double[]? _doubles;
            private long[]? _ticks;
            private string?[]? _strings;
            private StringPool? _pool;

            public ColumnBuilder(string name, ColumnType? type, int capacity)
            {
                Name = name;
                _capacity = Math.Max(capacity, 16);
                _strict = type.HasValue;
                if (type.HasValue) Become(type.Value, 0);
            }

            public string Name { get; }

            /// <summary>Rows before this one were stored as another type and need their text read again; 0 when none.</summary>
            public int DemotedAt { get; private set; }

            public ColumnType Type => _state switch
            {
                IsNumber => ColumnType.Number,
                IsBoolean => ColumnType.Boolean,
                IsDateTime => ColumnType.DateTime,
                _ => ColumnType.String,
            };

            /// <summary>Stores the value of this row; false when strict and the value does not fit the type.</summary>
            public bool Add(char[] s, int start, int length, int row)
            {
                switch (_state)
                {
                    case IsNumber:
                        if (!ValueSyntax.TryParseNumberOrMissing(s, start, length, out double number)) break;
                        if ((uint)row >= (uint)_doubles!.Length) Grow(ref _doubles, row);
                        _doubles[row] = number;
                        return true;
                    case IsBoolean:
                        if (!ValueSyntax.TryParseBooleanOrMissing(s, start, length, out double flag)) break;
                        if ((uint)row >= (uint)_doubles!.Length) Grow(ref _doubles, row);
                        _doubles[row] = flag;
                        return true;
                    case IsDateTime:
                        if (!ValueSyntax.TryParseDateTimeOrMissing(s, start, length, out long ticks)) break;
                        if ((uint)row >= (uint)_ticks!.Length) Grow(ref _ticks, row);
                        _ticks[row] = ticks;
                        return true;
                    case IsText:
                        SetText(row, s, start, length);
                        return true;
                    default:
                        var kind = ValueClassifier.Classify(s, start, length);
                        if (kind == null) return true; // rows before the type is known are filled as missing by Become
                        Become(kind.Value, row);
                        return Add(s, start, length, row);
                }

                if (_strict) return false;
                // The column is text after all: keep strings from here on and re-read the rows before.
                _doubles = null;
                _ticks = null;
                Become(ColumnType.String, row);
                DemotedAt = row;
                SetText(row, s, start, length);
                return true;
            }

            /// <summary>Stores the string a String column holds for this field: null when missing, else a pooled string.</summary>
            public void SetText(int row, char[] s, int start, int length)
            {
                string? text = ValueSyntax.IsMissing(s, start, length) ? null : (_pool ??= new StringPool()).Get(s, start, length);
                if ((uint)row >= (uint)_strings!.Length) Grow(ref _strings, row);
                _strings[row] = text;
            }

            public DataColumn Build(int rows)
            {
                switch (_state)
                {
                    case IsNumber: return NumberColumn.Adopt(Name, Fit(_doubles!, rows, double.NaN));
                    case IsBoolean: return BooleanColumn.Adopt(Name, Fit(_doubles!, rows, double.NaN));
                    case IsDateTime: return DateTimeColumn.Adopt(Name, Fit(_ticks!, rows, DateTimeColumn.MissingTicks));
                    case IsText: return StringColumn.Adopt(Name, Fit(_strings!, rows, null));
                    default: return StringColumn.Adopt(Name, new string?[rows]);
                }
            }

            // Starts storing as this type at row 'firstRow'; the rows before are missing.
            private void Become(ColumnType type, int firstRow)
            {
                int size = Math.Max(_capacity, firstRow + 1);
                switch (type)
                {
                    case ColumnType.Number:
                    case ColumnType.Boolean:
                        _state = type == ColumnType.Number ? IsNumber : IsBoolean;
                        _doubles = new double[size];
                        Fill(_doubles, 0, firstRow, double.NaN);
                        break;
                    case ColumnType.DateTime:
                        _state = IsDateTime;
                        _ticks = new long[size];
                        Fill(_ticks, 0, firstRow, DateTimeColumn.MissingTicks);
                        break;
                    default:
                        _state = IsText;
                        _strings = new string?[size];
                        break;
                }
            }

            private static void Grow<T>(ref T[] array, int row) => Array.Resize(ref array, Math.Max(row + 1, array.Length * 2));

            private static T[] Fit<T>(T[] array, int rows, T missing)
            {
                if (array.Length == rows) return array;
                if (array.Length > rows)
                {
                    Array.Resize(ref array, rows);
                    return array;
                }
                // The last rows were never stored (the column's type was found late and they were missing).
                int stored = array.Length;
                Array.Resize(ref array, rows);
                Fill(array, stored, rows, missing);
                return array;
            }

            private static void Fill<T>(T[] array, int from, int to, T value)
            {
                for (int i = from; i < to; i++) array[i] = value;
            }
        }
    }

    /// <summary>Estimates the data rows of a seekable stream from its line feeds, so columns are allocated once at the right size.</summary>
    internal static class RowEstimate
    {
        /// <summary>
        /// Line feeds after the header, plus one for a last line without one. Quoted line breaks,
        /// empty lines and CR-only files make it wrong, which costs only a resize: it is a capacity,
        /// not a count. Counting raw bytes is exact for UTF-8 because LF never occurs inside a
        /// multi-byte sequence. The stream is put back where it was.
        /// </summary>
        public static int CountRows(Stream stream)
        {
            long position = stream.Position;
            var buffer = new byte[1 << 16];
            long lines = 0;
            int read;
            byte last = (byte)'\n';
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                int i = 0;
                while (i < read && (i = Array.IndexOf(buffer, (byte)'\n', i, read - i)) >= 0)
                {
                    lines++;
                    i++;
                }
                last = buffer[read - 1];
            }
            stream.Position = position;
            if (last != (byte)'\n') lines++;
            return (int)Math.Max(0, Math.Min(lines - 1, int.MaxValue - 1));
        }
    }
}
