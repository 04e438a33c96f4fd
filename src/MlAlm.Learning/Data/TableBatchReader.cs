using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace MlAlm.Learning.Data
{
    /// <summary>
    /// Reads a delimited file a batch of rows at a time, keeping only the columns asked for: the
    /// required ones typed by a schema (every value must fit, as with <see cref="DataTableReader"/>
    /// given a schema) and optional ones kept as text when the header has them. Other columns are
    /// skipped without being parsed. Memory is that of one batch however long the file is.
    /// </summary>
    /// <remarks>
    /// A batch's arrays belong to a <see cref="TableBatch"/> and are reused by the next read into
    /// it, so a table made from a batch is valid only until then. The header is read (and checked)
    /// by the constructor; batches may then be read on another thread, one at a time.
    /// </remarks>
    internal sealed class TableBatchReader : IDisposable
    {
        private readonly DelimitedReader _reader;
        private readonly int _width;
        private readonly int[] _fields;
        private readonly ColumnType[] _types;
        private readonly StringPool?[] _pools;
        private bool _atEnd;

        /// <param name="required">Columns the header must have (any order, case ignored); values must fit their type.</param>
        /// <param name="optionalText">Columns kept as text when the header has them (e.g. passed through to the output).</param>
        /// <param name="user">Who reads the required columns, for the missing-column message ("the scoring pipeline").</param>
        /// <exception cref="TabularFormatException">The file is empty, the header is not valid, or it lacks required columns (all are named).</exception>
        public TableBatchReader(Stream stream, char delimiter, IReadOnlyList<ColumnSchema> required, IReadOnlyList<string> optionalText, string user)
        {
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            if (required == null) throw new ArgumentNullException(nameof(required));
            if (optionalText == null) throw new ArgumentNullException(nameof(optionalText));
            DelimitedReader.CheckDelimiter(delimiter);
            _reader = new DelimitedReader(stream, delimiter, leaveOpen: true);
            try
            {
                string[] header = TableHeader.Read(_reader);
                _width = header.Length;
                long headerLine = _reader.RecordLine;
                HeaderLine = headerLine;
                var position = new Dictionary<string, int>(header.Length, StringComparer.OrdinalIgnoreCase);
                for (int i = 0; i < header.Length; i++) position[header[i]] = i;

                var columns = new List<ColumnSchema>();
                var fields = new List<int>();
                var missing = new List<ColumnSchema>();
                var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var column in required)
                {
                    if (!taken.Add(column.Name)) continue;
                    if (position.TryGetValue(column.Name, out int field))
                    {
                        columns.Add(new ColumnSchema(column.Name, column.Type));
                        fields.Add(field);
                    }
                    else
                    {
                        missing.Add(column);
                    }
                }
                if (missing.Count > 0)
                {
                    string names = string.Join(", ", missing.Select(c => $"'{c.Name}' ({c.Type})"));
                    string shown = string.Join(", ", header.Take(30).Select(h => "'" + h + "'")) + (header.Length > 30 ? $" and {header.Length - 30} more" : string.Empty);
                    throw new TabularFormatException(null, headerLine, missing.Count == 1
                        ? $"the header has no column {names}, which {user} reads; the header has {shown}"
                        : $"the header lacks {missing.Count} columns that {user} reads: {names}; the header has {shown}");
                }
                foreach (var name in optionalText)
                {
                    if (taken.Add(name) && position.TryGetValue(name, out int field))
                    {
                        columns.Add(new ColumnSchema(header[field], ColumnType.String));
                        fields.Add(field);
                    }
                }

                Columns = columns;
                _fields = fields.ToArray();
                _types = columns.Select(c => c.Type).ToArray();
                _pools = columns.Select(c => c.Type == ColumnType.String ? new StringPool() : null).ToArray();
            }
            catch
            {
                _reader.Dispose();
                throw;
            }
        }

        /// <summary>The columns of every batch, in order: the required ones (named as in the schema), then the optional ones found (named as in the header).</summary>
        public IReadOnlyList<ColumnSchema> Columns { get; }

        /// <summary>The 1-based line of the header (empty lines before it are skipped).</summary>
        public long HeaderLine { get; }

        /// <summary>True once a read found the end of the data.</summary>
        public bool AtEnd => _atEnd;

        /// <summary>
        /// Fills <paramref name="batch"/> with up to its capacity of rows and returns how many; fewer
        /// means the end of the data was reached (and 0 that there was nothing left).
        /// </summary>
        /// <exception cref="TabularFormatException">A record has the wrong number of fields, or a value does not fit its column's type (the message names the line and the column).</exception>
        public int Read(TableBatch batch, CancellationToken cancellationToken)
        {
            if (batch == null) throw new ArgumentNullException(nameof(batch));
            if (batch.ColumnCount != _fields.Length) throw new ArgumentException("The batch was made for another reader.", nameof(batch));
            batch.Rows = 0;
            if (_atEnd) return 0;

            int capacity = batch.Capacity;
            int n = _fields.Length;
            int width = _width;
            int[] fields = _fields;
            ColumnType[] types = _types;
            double[]?[] doubles = batch.Doubles;
            long[]?[] ticks = batch.Ticks;
            string?[]?[] strings = batch.Strings;
            var reader = _reader;
            int rows = 0;
            while (rows < capacity)
            {
                if (!reader.ReadRecord())
                {
                    _atEnd = true;
                    break;
                }
                if (reader.FieldCount != width) throw TableHeader.Ragged(reader, width);
                reader.PrepareFields();
                char[] buffer = reader.Buffer;
                int[] starts = reader.FieldStarts;
                int[] ends = reader.FieldEnds;
                for (int c = 0; c < n; c++)
                {
                    int field = fields[c];
                    int start = starts[field];
                    int length = ends[field] - start;
                    switch (types[c])
                    {
                        case ColumnType.Number:
                            if (!ValueSyntax.TryParseNumberOrMissing(buffer, start, length, out double number)) throw Mismatch(c, start, length);
                            doubles[c]![rows] = number;
                            break;
                        case ColumnType.Boolean:
                            if (!ValueSyntax.TryParseBooleanOrMissing(buffer, start, length, out double flag)) throw Mismatch(c, start, length);
                            doubles[c]![rows] = flag;
                            break;
                        case ColumnType.DateTime:
                            if (!ValueSyntax.TryParseDateTimeOrMissing(buffer, start, length, out long t)) throw Mismatch(c, start, length);
                            ticks[c]![rows] = t;
                            break;
                        default:
                            strings[c]![rows] = ValueSyntax.IsMissing(buffer, start, length) ? null : _pools[c]!.Get(buffer, start, length);
                            break;
                    }
                }
                rows++;
                if ((rows & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
            }
            batch.Rows = rows;
            return rows;
        }

        /// <summary>A batch with room for <paramref name="capacity"/> rows of this reader's columns.</summary>
        public TableBatch NewBatch(int capacity) => new TableBatch(Columns, capacity);

        public void Dispose() => _reader.Dispose();

        private TabularFormatException Mismatch(int column, int start, int length) =>
            DataTableReader.Mismatch(_reader, Columns[column].Name, _types[column], _fields[column], start, length);
    }

    /// <summary>The reusable storage of one batch of rows: an array per column, sized for the batch.</summary>
    internal sealed class TableBatch
    {
        private readonly IReadOnlyList<ColumnSchema> _columns;

        public TableBatch(IReadOnlyList<ColumnSchema> columns, int capacity)
        {
            if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
            _columns = columns;
            Capacity = capacity;
            int n = columns.Count;
            Doubles = new double[n][];
            Ticks = new long[n][];
            Strings = new string[n][];
            for (int c = 0; c < n; c++)
            {
                switch (columns[c].Type)
                {
                    case ColumnType.Number:
                    case ColumnType.Boolean:
                        Doubles[c] = new double[capacity];
                        break;
                    case ColumnType.DateTime:
                        Ticks[c] = new long[capacity];
                        break;
                    default:
                        Strings[c] = new string?[capacity];
                        break;
                }
            }
        }

        public int Capacity { get; }

        public int ColumnCount => _columns.Count;

        /// <summary>Rows filled by the last read.</summary>
        public int Rows { get; internal set; }

        internal double[]?[] Doubles { get; }

        internal long[]?[] Ticks { get; }

        internal string?[]?[] Strings { get; }

        /// <summary>
        /// The rows read as a table. A full batch shares this batch's arrays (valid until the next
        /// read into it); a partial one gets arrays of its own size.
        /// </summary>
        public DataTable ToTable()
        {
            int rows = Rows;
            var columns = new DataColumn[_columns.Count];
            for (int c = 0; c < columns.Length; c++)
            {
                string name = _columns[c].Name;
                switch (_columns[c].Type)
                {
                    case ColumnType.Number:
                        columns[c] = NumberColumn.Adopt(name, Prefix(Doubles[c]!, rows));
                        break;
                    case ColumnType.Boolean:
                        columns[c] = BooleanColumn.Adopt(name, Prefix(Doubles[c]!, rows));
                        break;
                    case ColumnType.DateTime:
                        columns[c] = DateTimeColumn.Adopt(name, Prefix(Ticks[c]!, rows));
                        break;
                    default:
                        columns[c] = StringColumn.Adopt(name, Prefix(Strings[c]!, rows));
                        break;
                }
            }
            return new DataTable(columns);
        }

        private static T[] Prefix<T>(T[] array, int rows)
        {
            if (rows == array.Length) return array;
            var part = new T[rows];
            Array.Copy(array, part, rows);
            return part;
        }
    }
}
