using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using MlAlm.Host.Endpoints;
using MlAlm.Host.Http;
using MlAlm.Learning.Data;

namespace MlAlm.Host.Scoring
{
    /// <summary>The shape a request came in, which the response mirrors.</summary>
    internal enum RequestForm
    {
        /// <summary><c>{"Inputs":{"input1":{"ColumnNames":[...],"Values":[[...]]}}}</c> → <c>{"Results":{"output1":{"type":"table","value":{...}}}}</c>.</summary>
        Classic,

        /// <summary><c>[{"col":value,...},...]</c> → <c>[{"Scored Labels":...},...]</c>.</summary>
        Records,

        /// <summary><c>{"Inputs":{"input1":[{...}]}}</c> → <c>{"Results":{"output1":[{...}]}}</c>.</summary>
        EnvelopedRecords,
    }

    /// <summary>
    /// Reads an RRS request body straight into the columns of a <see cref="DataTable"/> with
    /// <see cref="Utf8JsonReader"/> (no DOM), checking every value against the endpoint's input schema.
    /// Rules: every input column must be present (a JSON null is a missing value); a column the schema
    /// does not name is ignored; names match ignoring case; Number takes JSON numbers (finite
    /// doubles), Boolean takes true/false, DateTime takes ISO 8601 strings (UTC unless an offset says
    /// otherwise), String takes strings. Every mistake is an <see cref="ApiError"/> (400) naming the
    /// row and column. One parser per thread is reused; it is not thread-safe and never awaits.
    /// </summary>
    internal sealed class RequestParser
    {
        private static readonly JsonReaderOptions ReaderOptions = new JsonReaderOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

        private CompiledEndpoint _endpoint = null!;
        private InputColumn[] _inputs = Array.Empty<InputColumn>();
        private bool _asciiNames;
        private const int KeepRows = 4096;

        private int _rows;
        private int[] _map = Array.Empty<int>();
        private bool[] _seenInNames = Array.Empty<bool>();
        private double[]?[] _numbers = Array.Empty<double[]?>();
        private long[]?[] _ticks = Array.Empty<long[]?>();
        private string?[]?[] _strings = Array.Empty<string?[]?>();
        private int[] _seenInRow = Array.Empty<int>();

        /// <summary>Parses a whole request body. Throws <see cref="ApiError"/> for every client mistake.</summary>
        public DataTable Parse(ReadOnlySpan<byte> json, CompiledEndpoint endpoint, out RequestForm form)
        {
            Begin(endpoint);
            try
            {
                var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(ReaderOptions));
                if (json.Trim(" \t\r\n"u8).IsEmpty || !reader.Read()) throw Bad("InvalidJson", "The request body is empty; send a JSON object {\"Inputs\":...} or an array of records.");
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray:
                        ReadRecords(ref reader, "The request");
                        form = RequestForm.Records;
                        break;
                    case JsonTokenType.StartObject:
                        form = ReadEnvelope(ref reader, json);
                        break;
                    default:
                        throw Bad("InvalidRequest", "The request body must be a JSON object {\"Inputs\":...} or an array of records.");
                }
                if (reader.Read()) throw Bad("InvalidJson", "The request body has content after its JSON value.");
                return Build();
            }
            catch (JsonException e)
            {
                throw Bad("InvalidJson", "The request body is not valid JSON: " + e.Message);
            }
            catch (InvalidOperationException e)
            {
                // e.g. a string that is not valid UTF-8
                throw Bad("InvalidJson", "The request body is not valid JSON: " + e.Message);
            }
            finally
            {
                End();
            }
        }

        private void Begin(CompiledEndpoint endpoint)
        {
            _endpoint = endpoint;
            _inputs = endpoint.Inputs;
            _asciiNames = endpoint.AllInputsAscii;
            _rows = 0;
            int n = _inputs.Length;
            if (_numbers.Length < n)
            {
                Array.Resize(ref _numbers, n);
                Array.Resize(ref _ticks, n);
                Array.Resize(ref _strings, n);
                Array.Resize(ref _seenInRow, n);
                Array.Resize(ref _seenInNames, n);
            }
            Array.Clear(_seenInRow, 0, n); // record stamps are row numbers of this request
        }

        private void End()
        {
            // The buffers stay with this (per-thread) parser for the next request, unless a large
            // request grew them; string references are dropped so no request's text is kept alive.
            for (int i = 0; i < _inputs.Length; i++)
            {
                if (_strings[i] is { } s) Array.Clear(s, 0, Math.Min(_rows + 1, s.Length));
                if (_numbers[i] is { Length: > KeepRows }) _numbers[i] = null;
                if (_ticks[i] is { Length: > KeepRows }) _ticks[i] = null;
                if (_strings[i] is { Length: > KeepRows }) _strings[i] = null;
            }
            if (_map.Length > KeepRows) _map = Array.Empty<int>();
            _endpoint = null!;
            _inputs = Array.Empty<InputColumn>();
        }

        private RequestForm ReadEnvelope(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
        {
            RequestForm? form = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (NameIs(ref reader, "Inputs"u8))
                {
                    if (form != null) throw Bad("InvalidRequest", "The request names 'Inputs' twice.");
                    reader.Read();
                    form = ReadInputs(ref reader, json);
                }
                else if (NameIs(ref reader, "GlobalParameters"u8))
                {
                    // Accepted for compatibility with classic clients; this host's services take no global parameters.
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject && reader.TokenType != JsonTokenType.Null)
                        throw Bad("InvalidRequest", "'GlobalParameters' must be a JSON object.");
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            return form ?? throw Bad("InvalidRequest", "The request has no 'Inputs'; send {\"Inputs\":{\"input1\":{\"ColumnNames\":[...],\"Values\":[[...]]}}} or an array of records.");
        }

        private RequestForm ReadInputs(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
                throw Bad("InvalidRequest", "'Inputs' must be a JSON object naming one input, e.g. {\"input1\":{\"ColumnNames\":[...],\"Values\":[[...]]}}.");
            RequestForm? form = null;
            string? first = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (first != null) throw Bad("InvalidRequest", $"The service takes one input; the request names '{first}' and '{name}'.");
                first = name;
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadTable(ref reader, json, name);
                    form = RequestForm.Classic;
                }
                else if (reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadRecords(ref reader, $"Input '{name}'");
                    form = RequestForm.EnvelopedRecords;
                }
                else throw Bad("InvalidRequest", $"Input '{name}' must be an object {{\"ColumnNames\":[...],\"Values\":[[...]]}} or an array of records.");
            }
            return form ?? throw Bad("InvalidRequest", "'Inputs' names no input; send {\"input1\":{\"ColumnNames\":[...],\"Values\":[[...]]}}.");
        }

        // ---- classic form: ColumnNames and Values, in either order ----

        private void ReadTable(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string input)
        {
            int names = -1;
            int deferredValues = -1;
            bool sawValues = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (NameIs(ref reader, "ColumnNames"u8))
                {
                    if (names >= 0) throw Bad("InvalidRequest", $"Input '{input}' names 'ColumnNames' twice.");
                    reader.Read();
                    names = ReadColumnNames(ref reader, input);
                }
                else if (NameIs(ref reader, "Values"u8))
                {
                    if (sawValues) throw Bad("InvalidRequest", $"Input '{input}' names 'Values' twice.");
                    sawValues = true;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray) throw Bad("InvalidRequest", $"'Values' of input '{input}' must be an array of rows (arrays).");
                    if (names >= 0) ReadValues(ref reader, names);
                    else
                    {
                        // Values came before ColumnNames: come back to them once the names are known.
                        deferredValues = checked((int)reader.TokenStartIndex);
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (names < 0) throw Bad("InvalidRequest", $"Input '{input}' has no 'ColumnNames'.");
            if (!sawValues) throw Bad("InvalidRequest", $"Input '{input}' has no 'Values'.");
            if (deferredValues >= 0)
            {
                var values = new Utf8JsonReader(json.Slice(deferredValues), isFinalBlock: true, new JsonReaderState(ReaderOptions));
                values.Read();
                ReadValues(ref values, names);
            }
        }

        /// <summary>Maps each position in ColumnNames to an input column index, or -1 for a column the schema does not name. Returns how many names there are.</summary>
        private int ReadColumnNames(ref Utf8JsonReader reader, string input)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw Bad("InvalidRequest", $"'ColumnNames' of input '{input}' must be an array of strings.");
            var seen = _seenInNames;
            Array.Clear(seen, 0, _inputs.Length);
            int count = 0, found = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String)
                    throw Bad("InvalidRequest", $"'ColumnNames' of input '{input}' must hold only strings; item {count + 1} is {Describe(reader.TokenType)}.");
                int column = FindColumn(ref reader, count);
                if (column >= 0)
                {
                    if (seen[column]) throw Bad("DuplicateColumn", $"'ColumnNames' names column '{_inputs[column].Name}' twice.");
                    seen[column] = true;
                    found++;
                }
                if (count == _map.Length) Array.Resize(ref _map, Math.Max(32, count * 2));
                _map[count++] = column;
            }
            if (found != _inputs.Length)
            {
                var missing = _inputs.Where(c => !seen[c.Index]).ToList();
                throw Bad("MissingColumn", $"'ColumnNames' lacks {(missing.Count == 1 ? "column" : "columns")} {string.Join(", ", missing.Select(c => $"'{c.Name}' ({c.Type})"))}, which the service's input schema requires.");
            }
            return count;
        }

        private void ReadValues(ref Utf8JsonReader reader, int names)
        {
            var map = _map;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                int row = _rows;
                if (reader.TokenType != JsonTokenType.StartArray)
                    throw Bad("InvalidRequest", $"Row {row + 1} of 'Values' must be an array of {names} values; it is {Describe(reader.TokenType)}.");
                EnsureRow(row);
                int i = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (i >= names) throw Bad("RowLength", $"Row {row + 1} of 'Values' has more values than 'ColumnNames' names ({names}).");
                    int column = map[i++];
                    if (column < 0) reader.Skip();
                    else ReadValue(ref reader, column, row);
                }
                if (i != names) throw Bad("RowLength", $"Row {row + 1} of 'Values' has {i} values but 'ColumnNames' names {names}.");
                _rows++;
            }
        }

        // ---- records form ----

        private void ReadRecords(ref Utf8JsonReader reader, string what)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                int row = _rows;
                if (reader.TokenType != JsonTokenType.StartObject)
                    throw Bad("InvalidRequest", $"{what} must be an array of records (JSON objects); record {row + 1} is {Describe(reader.TokenType)}.");
                EnsureRow(row);
                int stamp = row + 1, found = 0, hint = 0;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    int column = FindColumn(ref reader, hint);
                    reader.Read();
                    if (column < 0)
                    {
                        reader.Skip();
                        continue;
                    }
                    if (_seenInRow[column] == stamp) throw Bad("DuplicateColumn", $"Record {row + 1} names column '{_inputs[column].Name}' twice.");
                    _seenInRow[column] = stamp;
                    found++;
                    hint = column + 1;
                    ReadValue(ref reader, column, row);
                }
                if (found != _inputs.Length)
                {
                    var missing = _inputs.Where(c => _seenInRow[c.Index] != stamp).Select(c => $"'{c.Name}' ({c.Type})");
                    throw Bad("MissingColumn", $"Record {row + 1} lacks {string.Join(", ", missing)}; send null for a missing value.");
                }
                _rows++;
            }
        }

        // ---- values ----

        private void ReadValue(ref Utf8JsonReader reader, int column, int row)
        {
            var input = _inputs[column];
            var token = reader.TokenType;
            switch (input.Type)
            {
                case ColumnType.Number:
                    if (token == JsonTokenType.Number)
                    {
                        if (!reader.TryGetDouble(out double value) || !double.IsFinite(value))
                            throw Bad("WrongType", $"Row {row + 1}, column '{input.Name}': the number is out of range for a Number (a double).");
                        _numbers[column]![row] = value;
                        return;
                    }
                    if (token == JsonTokenType.Null)
                    {
                        _numbers[column]![row] = double.NaN;
                        return;
                    }
                    break;
                case ColumnType.Boolean:
                    if (token == JsonTokenType.True || token == JsonTokenType.False || token == JsonTokenType.Null)
                    {
                        _numbers[column]![row] = token == JsonTokenType.True ? 1.0 : token == JsonTokenType.False ? 0.0 : double.NaN;
                        return;
                    }
                    break;
                case ColumnType.DateTime:
                    if (token == JsonTokenType.String)
                    {
                        if (!reader.TryGetDateTime(out var date))
                            throw Bad("WrongType", $"Row {row + 1}, column '{input.Name}': '{Shorten(reader.GetString())}' is not an ISO 8601 date-time (e.g. 2024-05-01T13:45:00Z).");
                        _ticks[column]![row] = ToUtc(date).Ticks;
                        return;
                    }
                    if (token == JsonTokenType.Null)
                    {
                        _ticks[column]![row] = DateTimeColumn.MissingTicks;
                        return;
                    }
                    break;
                default:
                    if (token == JsonTokenType.String)
                    {
                        _strings[column]![row] = reader.GetString();
                        return;
                    }
                    if (token == JsonTokenType.Null)
                    {
                        _strings[column]![row] = null;
                        return;
                    }
                    break;
            }
            throw Bad("WrongType", $"Row {row + 1}, column '{input.Name}': expected {Expected(input.Type)}, not {Describe(token)}.");
        }

        private static DateTime ToUtc(DateTime value) => value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(), // the text carried an offset
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };

        // ---- column buffers ----

        private void EnsureRow(int row)
        {
            for (int i = 0; i < _inputs.Length; i++)
            {
                switch (_inputs[i].Type)
                {
                    case ColumnType.Number:
                    case ColumnType.Boolean:
                        if (_numbers[i] is not { } d || d.Length <= row) _numbers[i] = Grow(_numbers[i], row);
                        break;
                    case ColumnType.DateTime:
                        if (_ticks[i] is not { } t || t.Length <= row) _ticks[i] = Grow(_ticks[i], row);
                        break;
                    default:
                        if (_strings[i] is not { } s || s.Length <= row) _strings[i] = Grow(_strings[i], row);
                        break;
                }
            }
        }

        private static T[] Grow<T>(T[]? old, int used)
        {
            var grown = new T[Math.Max(4, used * 2)];
            if (old != null) Array.Copy(old, grown, Math.Min(used, old.Length));
            return grown;
        }

        private DataTable Build()
        {
            int n = _rows;
            var columns = new DataColumn[_inputs.Length];
            for (int i = 0; i < _inputs.Length; i++)
            {
                var input = _inputs[i];
                switch (input.Type)
                {
                    case ColumnType.Number:
                        columns[i] = new NumberColumn(input.Name, n == 0 ? Array.Empty<double>() : _numbers[i].AsSpan(0, n).ToArray());
                        break;
                    case ColumnType.Boolean:
                        var flags = new bool?[n];
                        for (int r = 0; r < n; r++)
                        {
                            double v = _numbers[i]![r];
                            flags[r] = double.IsNaN(v) ? (bool?)null : v != 0;
                        }
                        columns[i] = new BooleanColumn(input.Name, flags);
                        break;
                    case ColumnType.DateTime:
                        var dates = new DateTime?[n];
                        for (int r = 0; r < n; r++)
                        {
                            long t = _ticks[i]![r];
                            dates[r] = t == DateTimeColumn.MissingTicks ? (DateTime?)null : new DateTime(t, DateTimeKind.Utc);
                        }
                        columns[i] = new DateTimeColumn(input.Name, dates);
                        break;
                    default:
                        columns[i] = new StringColumn(input.Name, n == 0 ? Array.Empty<string?>() : _strings[i].AsSpan(0, n).ToArray());
                        break;
                }
            }
            return new DataTable(columns);
        }

        // ---- names ----

        /// <summary>The input column a property name or ColumnNames entry names (ignoring case), or -1. Tries <paramref name="hint"/> first.</summary>
        private int FindColumn(ref Utf8JsonReader reader, int hint)
        {
            if (_asciiNames && !reader.ValueIsEscaped && !reader.HasValueSequence)
            {
                var name = reader.ValueSpan;
                if (Ascii.IsValid(name))
                {
                    var inputs = _inputs;
                    if ((uint)hint < (uint)inputs.Length && Ascii.EqualsIgnoreCase(name, inputs[hint].Utf8Name)) return hint;
                    for (int i = 0; i < inputs.Length; i++)
                        if (Ascii.EqualsIgnoreCase(name, inputs[i].Utf8Name)) return i;
                    return -1;
                }
            }
            return _endpoint.FindInput(reader.GetString()!);
        }

        private static bool NameIs(ref Utf8JsonReader reader, ReadOnlySpan<byte> asciiName)
        {
            if (!reader.ValueIsEscaped && !reader.HasValueSequence) return Ascii.EqualsIgnoreCase(reader.ValueSpan, asciiName);
            return string.Equals(reader.GetString(), Encoding.ASCII.GetString(asciiName), StringComparison.OrdinalIgnoreCase);
        }

        // ---- messages ----

        private static string Expected(ColumnType type) => type switch
        {
            ColumnType.Number => "a Number (a JSON number, or null for a missing value)",
            ColumnType.Boolean => "a Boolean (true or false, or null for a missing value)",
            ColumnType.DateTime => "a DateTime (an ISO 8601 string such as \"2024-05-01T13:45:00Z\", or null for a missing value)",
            _ => "a String (a JSON string, or null for a missing value)",
        };

        internal static string Describe(JsonTokenType token) => token switch
        {
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.StartObject => "an object",
            _ => token.ToString(),
        };

        private static string Shorten(string? text) => text == null ? "" : text.Length <= 40 ? text : text.Substring(0, 40) + "...";

        private static ApiError Bad(string code, string message) => ApiError.BadRequest(code, message);
    }
}
