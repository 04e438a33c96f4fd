using System;
using System.IO;
using System.Text;

namespace MlAlm.Learning.Data
{
    /// <summary>
    /// A fast forward-only tokenizer for delimited text (CSV, TSV) read from a UTF-8 stream.
    /// </summary>
    /// <remarks>
    /// <para>Format (RFC 4180 plus common practice):</para>
    /// <list type="bullet">
    /// <item>UTF-8 with or without a byte order mark. A NUL byte or bytes that are not valid UTF-8
    /// raise a <see cref="TabularFormatException"/> ("not UTF-8 text") naming the line they are on.</item>
    /// <item>Records end with LF, CRLF or a lone CR; the last record may lack a line end.
    /// Empty lines (no characters at all) are skipped; a line of white space is a record.</item>
    /// <item>A field that starts with a double quote is quoted: it may hold delimiters, line breaks
    /// and doubled quotes (<c>""</c> for one <c>"</c>); after its closing quote only spaces or tabs may
    /// come before the next delimiter or line end. A quote anywhere else in an unquoted field (including
    /// after leading spaces) is kept literally, as are all spaces of unquoted fields.</item>
    /// </list>
    /// <para>
    /// The reader decodes into an internal char buffer and exposes the current record's fields as
    /// ranges of it, so the hot path allocates nothing per field: <see cref="TryGetDouble"/> parses in
    /// place and <see cref="GetField"/> returns an <see cref="ArraySegment{T}"/> over the buffer.
    /// <see cref="GetString"/> allocates when a string is really needed. Field contents are valid until
    /// the next <see cref="ReadRecord"/>.
    /// </para>
    /// </remarks>
    public sealed class DelimitedReader : IDisposable
    {
        public const int DefaultBufferSize = 1 << 16;

        private const int NeedMore = 0;
        private const int GotRecord = 1;
        private const int NoMoreRecords = -1;

        private const byte Escaped = 1;   // quoted field that still contains doubled quotes
        private const byte Quoted = 2;

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        private readonly Stream _stream;
        private readonly bool _leaveOpen;
        private readonly char _delimiter;
        private readonly char _fastLimit; // every char above it is ordinary field content

        private byte[] _bytes;
        private int _byteCarry;          // undecoded bytes kept at the start of _bytes (an incomplete sequence)
        private bool _streamDone;
        private bool _started;

        private char[] _chars;
        private int _charLen;
        private int _pos;                // where the next record (or empty lines before it) starts
        private long _line = 1;          // physical line at _pos
        private bool _atEnd;             // no more chars will ever come after _charLen
        private string? _pendingError;   // reported when the scan reaches _charLen

        private int _fieldCount;
        private int[] _starts = new int[16];
        private int[] _ends = new int[16];
        private byte[] _flags = new byte[16];
        private bool _recordHasEscapes;
        private long _recordLine;
        private long _recordCount;
        private bool _disposed;

        public DelimitedReader(Stream stream, char delimiter = ',', bool leaveOpen = false, int bufferSize = DefaultBufferSize)
        {
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            if (!stream.CanRead) throw new ArgumentException("The stream cannot be read.", nameof(stream));
            CheckDelimiter(delimiter);
            if (bufferSize < 16) throw new ArgumentOutOfRangeException(nameof(bufferSize));
            _delimiter = delimiter;
            _leaveOpen = leaveOpen;
            _fastLimit = (char)Math.Max(delimiter, Math.Max('"', '\r'));
            _bytes = new byte[bufferSize];
            _chars = new char[bufferSize * 2];
        }

        /// <summary>The field separator.</summary>
        public char Delimiter => _delimiter;

        /// <summary>File or dataset name put in front of error messages; null for none.</summary>
        public string? SourceName { get; set; }

        /// <summary>Number of fields in the current record.</summary>
        public int FieldCount => _fieldCount;

        /// <summary>1-based physical line where the current record starts.</summary>
        public long RecordLine => _recordLine;

        /// <summary>Number of records read so far, the current one included (the header counts).</summary>
        public long RecordCount => _recordCount;

        /// <summary>Throws when a char cannot separate fields (a quote, a line break, NUL or a surrogate).</summary>
        public static void CheckDelimiter(char delimiter)
        {
            if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter == '\0' || char.IsSurrogate(delimiter))
            {
                throw new ArgumentException($"U+{(int)delimiter:X4} cannot be used as a delimiter.", nameof(delimiter));
            }
        }

        /// <summary>Moves to the next record; false at the end of the data.</summary>
        /// <exception cref="TabularFormatException">An unterminated quoted field, bad text after a closing quote, or text that is not UTF-8.</exception>
        public bool ReadRecord()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(DelimitedReader));
            while (true)
            {
                int result = Scan();
                if (result == GotRecord) { _recordCount++; return true; }
                if (result == NoMoreRecords) { _fieldCount = 0; return false; }
                Fill();
            }
        }

        /// <summary>The field's characters as a segment of the internal buffer, quotes removed; valid until the next <see cref="ReadRecord"/>.</summary>
        public ArraySegment<char> GetField(int index)
        {
            GetFieldRange(index, out int start, out int length);
            return new ArraySegment<char>(_chars, start, length);
        }

        /// <summary>The field as a new string, quotes removed.</summary>
        public string GetString(int index)
        {
            GetFieldRange(index, out int start, out int length);
            return length == 0 ? string.Empty : new string(_chars, start, length);
        }

        /// <summary>Whether the field was written in quotes.</summary>
        public bool IsQuoted(int index)
        {
            CheckIndex(index);
            return (_flags[index] & Quoted) != 0;
        }

        /// <summary>
        /// Parses the field as a number without allocating; the result equals
        /// <c>double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture)</c> bit for bit.
        /// </summary>
        public bool TryGetDouble(int index, out double value)
        {
            GetFieldRange(index, out int start, out int length);
            return NumberParser.TryParse(_chars, start, length, out value);
        }

        /// <summary>The internal buffer the field ranges point into (valid until the next read).</summary>
        internal char[] Buffer => _chars;

        /// <summary>
        /// Field starts and ends (exclusive) in <see cref="Buffer"/> for the hot loops of this assembly,
        /// which index them directly; call <see cref="PrepareFields"/> first so that doubled quotes are collapsed.
        /// </summary>
        internal int[] FieldStarts => _starts;

        internal int[] FieldEnds => _ends;

        /// <summary>Collapses the doubled quotes of every field of the record, so that the raw ranges are final.</summary>
        internal void PrepareFields()
        {
            if (!_recordHasEscapes) return;
            for (int i = 0; i < _fieldCount; i++)
            {
                if ((_flags[i] & Escaped) != 0) Unescape(i);
            }
            _recordHasEscapes = false;
        }

        /// <summary>Start and length of a field in <see cref="Buffer"/>, doubled quotes already collapsed.</summary>
        internal void GetFieldRange(int index, out int start, out int length)
        {
            CheckIndex(index);
            start = _starts[index];
            if ((_flags[index] & Escaped) != 0) Unescape(index);
            length = _ends[index] - start;
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            if (!_leaveOpen) _stream.Dispose();
        }

        private void CheckIndex(int index)
        {
            if ((uint)index >= (uint)_fieldCount)
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"The record has {_fieldCount} fields; there is no field {index}.");
            }
        }

        private void Unescape(int index)
        {
            char[] b = _chars;
            int w = _starts[index];
            int end = _ends[index];
            for (int r = w; r < end; r++)
            {
                char c = b[r];
                b[w++] = c;
                if (c == '"') r++; // inside quotes, quotes only come in pairs
            }
            _ends[index] = w;
            _flags[index] &= unchecked((byte)~Escaped);
        }

        private TabularFormatException Error(long line, string problem) => new TabularFormatException(SourceName, line, problem);

        // Scans one record from _pos. Returns NeedMore when the buffer ends before the record does
        // (the caller refills and the record is scanned again from its start), GotRecord, or NoMoreRecords.
        private int Scan()
        {
            char[] b = _chars;
            int end = _charLen;
            int p = _pos;
            long line = _line;
            char delimiter = _delimiter;
            char fastLimit = _fastLimit;

            // Skip empty lines; progress is kept even when more data is needed.
            while (true)
            {
                if (p >= end)
                {
                    _pos = p;
                    _line = line;
                    if (!_atEnd) return NeedMore;
                    if (_pendingError != null) throw Error(line, _pendingError);
                    return NoMoreRecords;
                }
                char c = b[p];
                if (c == '\n') { p++; line++; continue; }
                if (c == '\r')
                {
                    if (p + 1 >= end && !_atEnd) { _pos = p; _line = line; return NeedMore; }
                    p++;
                    if (p < end && b[p] == '\n') p++;
                    line++;
                    continue;
                }
                break;
            }
            _pos = p;
            _line = line;

            long recordLine = line;
            int count = 0;
            bool escapes = false;

            while (true)
            {
                // At the start of a field.
                int fieldStart = p;
                if (p >= end)
                {
                    if (!_atEnd) return NeedMore;
                    if (_pendingError != null) throw Error(line, _pendingError);
                    AddField(ref count, p, p, 0);   // "a,b," at the very end: a last empty field
                    return Finish(count, escapes, recordLine, p, line);
                }

                if (b[p] != '"')
                {
                    while (true)
                    {
                        if (p >= end)
                        {
                            if (!_atEnd) return NeedMore;
                            if (_pendingError != null) throw Error(line, _pendingError);
                            AddField(ref count, fieldStart, p, 0);
                            return Finish(count, escapes, recordLine, p, line);
                        }
                        char c = b[p];
                        if (c > fastLimit) { p++; continue; }
                        if (c == delimiter) { AddField(ref count, fieldStart, p, 0); p++; break; }
                        if (c == '\n')
                        {
                            AddField(ref count, fieldStart, p, 0);
                            return Finish(count, escapes, recordLine, p + 1, line + 1);
                        }
                        if (c == '\r')
                        {
                            if (p + 1 >= end && !_atEnd) return NeedMore;
                            AddField(ref count, fieldStart, p, 0);
                            int next = p + 1 < end && b[p + 1] == '\n' ? p + 2 : p + 1;
                            return Finish(count, escapes, recordLine, next, line + 1);
                        }
                        p++; // any other char, a stray quote included, is content
                    }
                    continue;
                }

                // Quoted field.
                long quoteLine = line;
                p++;
                int contentStart = p;
                byte flags = Quoted;
                while (true)
                {
                    if (p >= end)
                    {
                        if (!_atEnd) return NeedMore;
                        if (_pendingError != null) throw Error(line, _pendingError);
                        throw Error(quoteLine, $"field {count + 1} opens a quote on this line that is never closed");
                    }
                    char c = b[p];
                    if (c == '"')
                    {
                        if (p + 1 >= end && !_atEnd) return NeedMore;
                        if (p + 1 < end && b[p + 1] == '"') { flags |= Escaped; escapes = true; p += 2; continue; }
                        break;
                    }
                    if (c == '\n') { line++; }
                    else if (c == '\r')
                    {
                        if (p + 1 >= end && !_atEnd) return NeedMore;
                        if (p + 1 >= end || b[p + 1] != '\n') line++;
                    }
                    p++;
                }
                int contentEnd = p;
                p++; // closing quote
                while (p < end && (b[p] == ' ' || b[p] == '\t') && b[p] != delimiter) p++;
                if (p >= end)
                {
                    if (!_atEnd) return NeedMore;
                    if (_pendingError != null) throw Error(line, _pendingError);
                    AddField(ref count, contentStart, contentEnd, flags);
                    return Finish(count, escapes, recordLine, p, line);
                }
                char after = b[p];
                if (after == delimiter) { AddField(ref count, contentStart, contentEnd, flags); p++; continue; }
                if (after == '\n')
                {
                    AddField(ref count, contentStart, contentEnd, flags);
                    return Finish(count, escapes, recordLine, p + 1, line + 1);
                }
                if (after == '\r')
                {
                    if (p + 1 >= end && !_atEnd) return NeedMore;
                    AddField(ref count, contentStart, contentEnd, flags);
                    int next = p + 1 < end && b[p + 1] == '\n' ? p + 2 : p + 1;
                    return Finish(count, escapes, recordLine, next, line + 1);
                }
                throw Error(line, $"field {count + 1} has '{after}' after its closing quote; a quoted field must end at a delimiter or a line end (write \"\" for a quote inside quotes)");
            }
        }

        private int Finish(int count, bool escapes, long recordLine, int next, long nextLine)
        {
            _fieldCount = count;
            _recordHasEscapes = escapes;
            _recordLine = recordLine;
            _pos = next;
            _line = nextLine;
            return GotRecord;
        }

        private void AddField(ref int count, int start, int end, byte flags)
        {
            if (count == _starts.Length)
            {
                int size = count * 2;
                Array.Resize(ref _starts, size);
                Array.Resize(ref _ends, size);
                Array.Resize(ref _flags, size);
            }
            _starts[count] = start;
            _ends[count] = end;
            _flags[count] = flags;
            count++;
        }

        // Keeps the unfinished record, reads more bytes and decodes them after it.
        private void Fill()
        {
            if (_atEnd) throw new InvalidOperationException("Fill past the end.");
            int keep = _charLen - _pos;
            if (_pos > 0)
            {
                Array.Copy(_chars, _pos, _chars, 0, keep);
                _pos = 0;
                _charLen = keep;
            }
            if (_chars.Length - _charLen < _bytes.Length)
            {
                Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charLen + _bytes.Length));
            }

            // Fill the byte buffer (a stream may return little at a time; rescanning a long record
            // after every tiny read would be quadratic).
            int n = _byteCarry;
            while (n < _bytes.Length)
            {
                int read = _stream.Read(_bytes, n, _bytes.Length - n);
                if (read == 0) { _streamDone = true; break; }
                n += read;
            }

            int start = 0;
            if (!_started)
            {
                _started = true;
                if (n >= 3 && _bytes[0] == 0xEF && _bytes[1] == 0xBB && _bytes[2] == 0xBF)
                {
                    start = 3;
                }
                else if (n >= 2 && ((_bytes[0] == 0xFF && _bytes[1] == 0xFE) || (_bytes[0] == 0xFE && _bytes[1] == 0xFF)))
                {
                    _pendingError = "not UTF-8 text: the file starts with a UTF-16 byte order mark; save it as UTF-8";
                    _atEnd = true;
                    return;
                }
            }

            // Leave an incomplete multi-byte sequence at the end for the next read.
            int complete = n;
            if (!_streamDone)
            {
                for (int k = 1; k <= 3 && n - k >= start; k++)
                {
                    byte b = _bytes[n - k];
                    if ((b & 0xC0) == 0x80) continue;
                    if (b >= 0xC0)
                    {
                        int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                        if (length > k) complete = n - k;
                    }
                    break;
                }
            }

            Decode(start, complete - start);
            if (_pendingError != null) return; // _atEnd is set: nothing after the bad byte is read

            _byteCarry = n - complete;
            if (_byteCarry > 0) Array.Copy(_bytes, complete, _bytes, 0, _byteCarry);
            if (_streamDone && _byteCarry == 0) _atEnd = true;
        }

        private void Decode(int start, int count)
        {
            if (count == 0) return;
            int nul = Array.IndexOf(_bytes, (byte)0, start, count);
            int valid = nul < 0 ? count : nul - start;
            try
            {
                _charLen += StrictUtf8.GetChars(_bytes, start, valid, _chars, _charLen);
                if (nul < 0) return;
            }
            catch (DecoderFallbackException)
            {
                int bad = Utf8Validator.FindFirstInvalid(_bytes, start, valid);
                if (bad < 0) throw; // cannot happen: the framework and the validator disagree
                _charLen += StrictUtf8.GetChars(_bytes, start, bad - start, _chars, _charLen);
                _pendingError = $"not UTF-8 text: byte 0x{_bytes[bad]:X2} is not valid UTF-8; save the file as UTF-8";
                _atEnd = true;
                return;
            }
            _pendingError = "not UTF-8 text: the file contains a NUL byte (is it a binary file?)";
            _atEnd = true;
        }
    }
}
