using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MlAlm.Learning.Data
{
    /// <summary>
    /// The table file: a versioned binary columnar format that keeps every column's type and
    /// values exactly, for node outputs passed between experiment steps. Documented in
    /// docs/table-file.md.
    /// </summary>
    /// <remarks>
    /// Layout (integers little-endian): the 8-byte magic <c>89 4D 4C 54 41 42 0D 0A</c>
    /// ("\x89MLTAB\r\n"), the format version (int32, 1), the row count and the column count
    /// (int32 each); per column its name (int32 byte length and UTF-8), a type byte (1 Number,
    /// 2 Boolean, 3 DateTime, 4 String) and its values: Number as IEEE 754 doubles (NaN missing),
    /// Boolean one byte per row (0 false, 1 true, 2 missing), DateTime int64 ticks
    /// (<see cref="DateTimeColumn.MissingTicks"/> missing), String a table of its distinct values in
    /// order of first appearance (int32 count, then each as int32 byte length and UTF-8) followed by
    /// one index per row (0 missing, k the k-th distinct value) of 1, 2 or 4 bytes, the fewest that
    /// hold the count. The file ends with the 4 bytes "TEND". The same table gives the same bytes.
    /// </remarks>
    public static class TableFile
    {
        public const int FormatVersion = 1;

        internal static readonly byte[] Magic = { 0x89, (byte)'M', (byte)'L', (byte)'T', (byte)'A', (byte)'B', (byte)'\r', (byte)'\n' };
        internal static readonly byte[] Trailer = { (byte)'T', (byte)'E', (byte)'N', (byte)'D' };

        internal const byte NumberType = 1, BooleanType = 2, DateTimeType = 3, StringType = 4;
        internal const byte False = 0, True = 1, MissingBoolean = 2;

        private const int MaxBufferSize = 1 << 20;
        private const int StreamBufferSize = 1 << 16;
        private const int MinBufferSize = 256;
        private const int MaxNameBytes = 1 << 16;
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>Writes the table; the stream is left open.</summary>
        public static void Write(Stream output, DataTable table)
        {
            if (output == null) throw new ArgumentNullException(nameof(output));
            if (table == null) throw new ArgumentNullException(nameof(table));
            // A buffer as large as the table (up to 1 MiB), so small tables cost little.
            long estimate = 64;
            foreach (var column in table.Columns) estimate += 16 + (column.Name.Length * 3) + (8L * column.Length);
            var sink = new Sink(output, (int)Math.Max(MinBufferSize, Math.Min(MaxBufferSize, estimate)));
            sink.Bytes(Magic, 0, Magic.Length);
            sink.Int32(FormatVersion);
            sink.Int32(table.RowCount);
            sink.Int32(table.ColumnCount);
            foreach (var column in table.Columns)
            {
                sink.Text(column.Name);
                switch (column)
                {
                    case NumberColumn numbers:
                        sink.Byte(NumberType);
                        sink.Primitives(numbers.Values, numbers.Values.Length, 8);
                        break;
                    case BooleanColumn flags:
                        sink.Byte(BooleanType);
                        sink.Booleans(flags.Values);
                        break;
                    case DateTimeColumn times:
                        sink.Byte(DateTimeType);
                        sink.Primitives(times.Ticks, times.Ticks.Length, 8);
                        break;
                    case StringColumn strings:
                        sink.Byte(StringType);
                        sink.Strings(strings.Values);
                        break;
                    default:
                        throw new NotSupportedException($"Column '{column.Name}' is a {column.GetType().Name}, which a table file cannot hold.");
                }
            }
            sink.Bytes(Trailer, 0, Trailer.Length);
            sink.Flush();
        }

        /// <summary>Reads a table written by <see cref="Write"/>, and nothing after it; the stream is left open.</summary>
        /// <exception cref="InvalidDataException">The stream is not a table file of a version this code reads, or it is truncated or damaged; the message says where.</exception>
        public static DataTable Read(Stream input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            var source = new Source(input);
            source.Where = "the header";
            byte[] magic = source.Take(Magic.Length);
            for (int i = 0; i < Magic.Length; i++)
            {
                if (magic[i] != Magic[i]) throw new InvalidDataException("This is not an MlAlm table file (its first bytes are not the table file signature).");
            }
            int version = source.Int32();
            if (version < 1 || version > FormatVersion)
                throw new InvalidDataException($"Table file format version {version} is not supported; this MlAlm reads versions 1 to {FormatVersion}.");
            int rows = source.Int32();
            int count = source.Int32();
            if (rows < 0) throw new InvalidDataException($"The table file is damaged: its row count is {rows}.");
            if (count < 0) throw new InvalidDataException($"The table file is damaged: its column count is {count}.");
            if (count == 0 && rows != 0) throw new InvalidDataException($"The table file is damaged: it has {rows} rows but no column.");

            var columns = new List<DataColumn>(Math.Min(count, 1024));
            for (int c = 0; c < count; c++)
            {
                source.Where = $"column {c + 1}";
                string name = source.Text(MaxNameBytes);
                if (name.Length == 0) throw source.Damaged("its name is empty");
                source.Where = $"column {c + 1} '{name}'";
                byte type = source.Byte();
                switch (type)
                {
                    case NumberType:
                        columns.Add(NumberColumn.Adopt(name, source.Primitives<double>(rows, 8)));
                        break;
                    case BooleanType:
                        columns.Add(BooleanColumn.Adopt(name, source.Booleans(rows)));
                        break;
                    case DateTimeType:
                        long[] ticks = source.Primitives<long>(rows, 8);
                        for (int i = 0; i < ticks.Length; i++)
                        {
                            long t = ticks[i];
                            if (t != DateTimeColumn.MissingTicks && (t < DateTime.MinValue.Ticks || t > DateTime.MaxValue.Ticks))
                                throw source.Damaged($"row {i + 1} holds {t}, which is not a DateTime");
                        }
                        columns.Add(DateTimeColumn.Adopt(name, ticks));
                        break;
                    case StringType:
                        columns.Add(StringColumn.Adopt(name, source.Strings(rows)));
                        break;
                    default:
                        throw source.Damaged($"its type byte is {type}");
                }
            }
            source.Where = "the end of the table";
            byte[] trailer = source.Take(Trailer.Length);
            for (int i = 0; i < Trailer.Length; i++)
            {
                if (trailer[i] != Trailer[i]) throw new InvalidDataException("The table file is damaged: the table does not end where its header says it should.");
            }
            try
            {
                return new DataTable(columns);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException("The table file is damaged: " + e.Message, e);
            }
        }

        /// <summary>Index bytes per row for a string table of this many distinct values (index 0 is missing).</summary>
        internal static int IndexWidth(int distinct) => distinct < 0xFF ? 1 : distinct < 0xFFFF ? 2 : 4;

        /// <summary>Buffered little-endian output: primitive arrays go in by block copies.</summary>
        private sealed class Sink
        {
            private readonly Stream _stream;
            private readonly byte[] _buffer;
            private int _used;

            public Sink(Stream stream, int bufferSize)
            {
                _stream = stream;
                _buffer = new byte[bufferSize];
            }

            public void Byte(byte value)
            {
                if (_used == _buffer.Length) Flush();
                _buffer[_used++] = value;
            }

            public void Int32(int value)
            {
                if (_buffer.Length - _used < 4) Flush();
                _buffer[_used] = (byte)value;
                _buffer[_used + 1] = (byte)(value >> 8);
                _buffer[_used + 2] = (byte)(value >> 16);
                _buffer[_used + 3] = (byte)(value >> 24);
                _used += 4;
            }

            public void Bytes(byte[] bytes, int offset, int count)
            {
                while (count > 0)
                {
                    if (_used == _buffer.Length) Flush();
                    int n = Math.Min(count, _buffer.Length - _used);
                    System.Buffer.BlockCopy(bytes, offset, _buffer, _used, n);
                    _used += n;
                    offset += n;
                    count -= n;
                }
            }

            /// <summary>A length-prefixed UTF-8 string.</summary>
            public void Text(string text)
            {
                byte[] bytes = StrictUtf8.GetBytes(text);
                Int32(bytes.Length);
                Bytes(bytes, 0, bytes.Length);
            }

            /// <summary>An array of doubles or longs, by block copies of whole runs of elements.</summary>
            public void Primitives(Array values, int length, int size)
            {
                int done = 0;
                while (done < length)
                {
                    if (_buffer.Length - _used < size) Flush();
                    int n = Math.Min(length - done, (_buffer.Length - _used) / size);
                    System.Buffer.BlockCopy(values, done * size, _buffer, _used, n * size);
                    if (!BitConverter.IsLittleEndian) SwapBytes(_buffer, _used, n, size);
                    _used += n * size;
                    done += n;
                }
            }

            public void Booleans(double[] values)
            {
                for (int i = 0; i < values.Length; i++)
                {
                    if (_used == _buffer.Length) Flush();
                    double v = values[i];
                    _buffer[_used++] = double.IsNaN(v) ? MissingBoolean : v != 0 ? True : False;
                }
            }

            public void Strings(string?[] values)
            {
                // The distinct values in order of first appearance, then an index per row.
                var ids = new Dictionary<string, int>(StringComparer.Ordinal);
                var distinct = new List<string>();
                var index = new int[values.Length];
                for (int i = 0; i < values.Length; i++)
                {
                    string? v = values[i];
                    if (v == null) continue;
                    if (!ids.TryGetValue(v, out int id))
                    {
                        distinct.Add(v);
                        id = distinct.Count;
                        ids.Add(v, id);
                    }
                    index[i] = id;
                }
                Int32(distinct.Count);
                foreach (string text in distinct) Text(text);
                int width = IndexWidth(distinct.Count);
                for (int i = 0; i < index.Length; i++)
                {
                    if (_buffer.Length - _used < 4) Flush();
                    int id = index[i];
                    _buffer[_used++] = (byte)id;
                    if (width == 1) continue;
                    _buffer[_used++] = (byte)(id >> 8);
                    if (width == 2) continue;
                    _buffer[_used++] = (byte)(id >> 16);
                    _buffer[_used++] = (byte)(id >> 24);
                }
            }

            public void Flush()
            {
                if (_used > 0) _stream.Write(_buffer, 0, _used);
                _used = 0;
            }
        }

        /// <summary>Buffered little-endian input that reports truncation and damage with the place it happened.</summary>
        private sealed class Source
        {
            private readonly Stream _stream;
            private readonly byte[] _buffer;
            private int _start, _end;

            public Source(Stream stream)
            {
                _stream = stream;
                // What is left of a stream of known length (up to 1 MiB), else 64 KiB.
                long size = stream.CanSeek ? stream.Length - stream.Position : StreamBufferSize;
                _buffer = new byte[Math.Max(MinBufferSize, Math.Min(MaxBufferSize, size))];
            }

            /// <summary>The part of the file being read, for messages.</summary>
            public string Where { get; set; } = string.Empty;

            public InvalidDataException Damaged(string problem) =>
                new InvalidDataException($"The table file is damaged in {Where}: {problem}.");

            private InvalidDataException Truncated() =>
                new InvalidDataException($"The table file is truncated: it ends in {Where}.");

            /// <summary>Makes at least <paramref name="count"/> (at most the buffer size) bytes available.</summary>
            private void Ensure(int count)
            {
                if (_end - _start >= count) return;
                if (_start > 0)
                {
                    System.Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }
                while (_end < count)
                {
                    int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
                    if (n <= 0) throw Truncated();
                    _end += n;
                }
            }

            public byte[] Take(int count)
            {
                Ensure(count);
                var bytes = new byte[count];
                System.Buffer.BlockCopy(_buffer, _start, bytes, 0, count);
                _start += count;
                return bytes;
            }

            public byte Byte()
            {
                Ensure(1);
                return _buffer[_start++];
            }

            public int Int32()
            {
                Ensure(4);
                int value = _buffer[_start] | (_buffer[_start + 1] << 8) | (_buffer[_start + 2] << 16) | (_buffer[_start + 3] << 24);
                _start += 4;
                return value;
            }

            public string Text(int maxBytes)
            {
                int length = Int32();
                if (length < 0 || length > maxBytes) throw Damaged($"a text length of {length} bytes");
                byte[] bytes;
                int offset;
                if (length <= _buffer.Length)
                {
                    Ensure(length);
                    bytes = _buffer;
                    offset = _start;
                    _start += length;
                }
                else
                {
                    if (_stream.CanSeek && length > _stream.Length - _stream.Position + (_end - _start)) throw Truncated();
                    bytes = new byte[length];
                    offset = 0;
                    int done = 0;
                    while (done < length)
                    {
                        Ensure(1);
                        int n = Math.Min(length - done, _end - _start);
                        System.Buffer.BlockCopy(_buffer, _start, bytes, done, n);
                        _start += n;
                        done += n;
                    }
                }
                try
                {
                    return StrictUtf8.GetString(bytes, offset, length);
                }
                catch (DecoderFallbackException)
                {
                    throw Damaged("a text is not valid UTF-8");
                }
            }

            /// <summary>
            /// An array of <paramref name="length"/> doubles or longs. The array grows as bytes
            /// arrive (unless the stream's length shows they are there), so a damaged row count
            /// cannot make it allocate more than the file holds.
            /// </summary>
            public T[] Primitives<T>(int length, int size) where T : struct
            {
                var values = new T[Capacity(length, size)];
                int done = 0;
                while (done < length)
                {
                    Ensure(size);
                    int n = Math.Min(length - done, (_end - _start) / size);
                    if (done + n > values.Length) Array.Resize(ref values, (int)Math.Min(length, Math.Max((long)values.Length * 2, done + n)));
                    if (!BitConverter.IsLittleEndian) SwapBytes(_buffer, _start, n, size);
                    System.Buffer.BlockCopy(_buffer, _start, values, done * size, n * size);
                    _start += n * size;
                    done += n;
                }
                return values;
            }

            public double[] Booleans(int length)
            {
                var values = new double[Capacity(length, 1)];
                int done = 0;
                while (done < length)
                {
                    Ensure(1);
                    int n = Math.Min(length - done, _end - _start);
                    if (done + n > values.Length) Array.Resize(ref values, (int)Math.Min(length, Math.Max((long)values.Length * 2, done + n)));
                    for (int k = 0; k < n; k++)
                    {
                        byte b = _buffer[_start + k];
                        values[done + k] = b == False ? 0.0 : b == True ? 1.0 : b == MissingBoolean ? double.NaN : throw Damaged($"row {done + k + 1} holds the Boolean byte {b}");
                    }
                    _start += n;
                    done += n;
                }
                return values;
            }

            public string?[] Strings(int length)
            {
                int distinct = Int32();
                if (distinct < 0 || distinct > length) throw Damaged($"it claims {distinct} distinct values in {length} rows");
                var texts = new string[distinct + 1];
                for (int k = 1; k <= distinct; k++) texts[k] = Text(int.MaxValue);
                int width = IndexWidth(distinct);
                var values = new string?[Capacity(length, width)];
                int done = 0;
                while (done < length)
                {
                    Ensure(width);
                    int n = Math.Min(length - done, (_end - _start) / width);
                    if (done + n > values.Length) Array.Resize(ref values, (int)Math.Min(length, Math.Max((long)values.Length * 2, done + n)));
                    for (int k = 0; k < n; k++, _start += width)
                    {
                        int id = width == 1 ? _buffer[_start]
                            : width == 2 ? _buffer[_start] | (_buffer[_start + 1] << 8)
                            : _buffer[_start] | (_buffer[_start + 1] << 8) | (_buffer[_start + 2] << 16) | (_buffer[_start + 3] << 24);
                        if ((uint)id > (uint)distinct) throw Damaged($"row {done + k + 1} refers to value {id} of {distinct}");
                        values[done + k] = texts[id];
                    }
                    done += n;
                }
                return values;
            }

            // All at once when the stream's length shows the bytes are there; else a start that grows.
            private int Capacity(int length, int size)
            {
                if (_stream.CanSeek)
                {
                    long available = _stream.Length - _stream.Position + (_end - _start);
                    if ((long)length * size <= available) return length;
                    throw Truncated();
                }
                return Math.Min(length, MaxBufferSize);
            }
        }

        private static void SwapBytes(byte[] bytes, int offset, int count, int size)
        {
            for (int e = 0; e < count; e++)
            {
                int a = offset + (e * size), b = a + size - 1;
                while (a < b)
                {
                    byte t = bytes[a];
                    bytes[a++] = bytes[b];
                    bytes[b--] = t;
                }
            }
        }
    }
}
