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
            long origin = schema == null ? stream.Position : 0;
            ColumnBuilder[] builders;
            int rows = 0;
            using (var reader = new DelimitedReader(stream, delimiter, leaveOpen: true) { SourceName = sourceName })
            {
                string[] names = TableHeader.Read(reader);
                int n = names.Length;
                builders = new ColumnBuilder[n];
                if (schema != null)
                {
                    CheckHeader(reader, names, schema);
                    for (int c = 0; c < n; c++) builders[c] = new ColumnBuilder(names[c], schema.Columns[c].Type);
                }
                else
                {
                    for (int c = 0; c < n; c++) builders[c] = new ColumnBuilder(names[c], null);
                }

                while (reader.ReadRecord())
                {
                    if (reader.FieldCount != n) throw TableHeader.Ragged(reader, n);
                    if (rows == int.MaxValue) throw new TabularFormatException(sourceName, reader.RecordLine, "the file has more rows than a table can hold");
                    char[] buffer = reader.Buffer;
                    for (int c = 0; c < n; c++)
                    {
                        reader.GetFieldRange(c, out int start, out int length);
                        if (!builders[c].Add(buffer, start, length, rows)) throw Mismatch(reader, builders[c], c, start, length);
                    }
                    rows++;
                    if ((rows & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
                }
            }
            cancellationToken.ThrowIfCancellationRequested();

            // Columns that turned into text need the text of their earlier rows before they are built.
            var texts = new string?[builders.Length][];
            int reread = 0;
            for (int c = 0; c < builders.Length; c++)
            {
                if (builders[c].DemotedAt == 0) continue;
                texts[c] = builders[c].TakeStrings();
                reread = Math.Max(reread, builders[c].DemotedAt);
            }
            if (reread > 0)
            {
                stream.Position = origin;
                ReadTextAgain(stream, delimiter, sourceName, builders, texts, reread, cancellationToken);
            }

            var columns = new DataColumn[builders.Length];
            for (int c = 0; c < builders.Length; c++)
            {
                columns[c] = texts[c] != null ? StringColumn.Adopt(builders[c].Name, texts[c]) : builders[c].Build();
            }
            return new DataTable(columns);
        }

        // Fills the rows a column stored as another type before it turned out to be String.
        private static void ReadTextAgain(Stream stream, char delimiter, string? sourceName, ColumnBuilder[] builders, string?[][] texts, int rowLimit, CancellationToken cancellationToken)
        {
            using var reader = new DelimitedReader(stream, delimiter, leaveOpen: true) { SourceName = sourceName };
            TableHeader.Read(reader);
            int row = 0;
            while (row < rowLimit && reader.ReadRecord())
            {
                char[] buffer = reader.Buffer;
                for (int c = 0; c < builders.Length; c++)
                {
                    if (row >= builders[c].DemotedAt) continue;
                    reader.GetFieldRange(c, out int start, out int length);
                    texts[c][row] = builders[c].Text(buffer, start, length);
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

        private static TabularFormatException Mismatch(DelimitedReader reader, ColumnBuilder builder, int column, int start, int length)
        {
            string text = new string(reader.Buffer, start, Math.Min(length, 60)) + (length > 60 ? "..." : string.Empty);
            string expected = builder.Type switch
            {
                ColumnType.Number => "a number",
                ColumnType.Boolean => "true or false",
                ColumnType.DateTime => "an ISO 8601 date or time",
                _ => "text",
            };
            return new TabularFormatException(reader.SourceName, reader.RecordLine,
                $"column {column + 1} '{builder.Name}' is {builder.Type} in the schema but '{text}' is not {expected}");
        }

        private sealed class ColumnBuilder
        {
            private const byte IsUnknown = 0, IsNumber = 1, IsBoolean = 2, IsDateTime = 3, IsText = 4;

            private readonly bool _strict;
            private byte _state;
            private int _leadingMissing;
            private ChunkedList<double>? _doubles;
            private ChunkedList<long>? _ticks;
            private ChunkedList<string?>? _strings;
            private StringPool? _pool;

            public ColumnBuilder(string name, ColumnType? type)
            {
                Name = name;
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
                        if (NumberParser.TryParse(s, start, length, out double number)) { _doubles!.Add(number); return true; }
                        if (ValueSyntax.IsMissing(s, start, length)) { _doubles!.Add(double.NaN); return true; }
                        break;
                    case IsBoolean:
                        if (ValueSyntax.TryParseBoolean(s, start, length, out bool flag)) { _doubles!.Add(flag ? 1.0 : 0.0); return true; }
                        if (ValueSyntax.IsMissing(s, start, length)) { _doubles!.Add(double.NaN); return true; }
                        break;
                    case IsDateTime:
                        if (ValueSyntax.TryParseDateTime(s, start, length, out long ticks)) { _ticks!.Add(ticks); return true; }
                        if (ValueSyntax.IsMissing(s, start, length)) { _ticks!.Add(DateTimeColumn.MissingTicks); return true; }
                        break;
                    case IsText:
                        _strings!.Add(Text(s, start, length));
                        return true;
                    default:
                        var kind = ValueClassifier.Classify(s, start, length);
                        if (kind == null) { _leadingMissing++; return true; }
                        Become(kind.Value, _leadingMissing);
                        return Add(s, start, length, row);
                }

                if (_strict) return false;
                // The column is text after all: keep strings from here on and re-read the rows before.
                _doubles = null;
                _ticks = null;
                Become(ColumnType.String, row);
                DemotedAt = row;
                _strings!.Add(Text(s, start, length));
                return true;
            }

            /// <summary>The string a String column holds for this field: null when missing, else a pooled string.</summary>
            public string? Text(char[] s, int start, int length)
            {
                if (ValueSyntax.IsMissing(s, start, length)) return null;
                return (_pool ??= new StringPool()).Get(s, start, length);
            }

            /// <summary>The strings of a String column, to be completed before it is built.</summary>
            public string?[] TakeStrings() => _strings!.ToArray();

            public DataColumn Build()
            {
                switch (_state)
                {
                    case IsNumber: return NumberColumn.Adopt(Name, _doubles!.ToArray());
                    case IsBoolean: return BooleanColumn.Adopt(Name, _doubles!.ToArray());
                    case IsDateTime: return DateTimeColumn.Adopt(Name, _ticks!.ToArray());
                    case IsText: return StringColumn.Adopt(Name, _strings!.ToArray());
                    default: return StringColumn.Adopt(Name, new string?[_leadingMissing]);
                }
            }

            private void Become(ColumnType type, int missingRows)
            {
                switch (type)
                {
                    case ColumnType.Number:
                        _state = IsNumber;
                        _doubles = new ChunkedList<double>();
                        _doubles.AddRepeated(double.NaN, missingRows);
                        break;
                    case ColumnType.Boolean:
                        _state = IsBoolean;
                        _doubles = new ChunkedList<double>();
                        _doubles.AddRepeated(double.NaN, missingRows);
                        break;
                    case ColumnType.DateTime:
                        _state = IsDateTime;
                        _ticks = new ChunkedList<long>();
                        _ticks.AddRepeated(DateTimeColumn.MissingTicks, missingRows);
                        break;
                    default:
                        _state = IsText;
                        _strings = new ChunkedList<string?>();
                        _strings.AddRepeated(null, missingRows);
                        break;
                }
            }
        }
    }
}
