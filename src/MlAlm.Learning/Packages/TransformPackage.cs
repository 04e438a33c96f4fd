using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using MlAlm.Learning.Data;
using MlAlm.Learning.Transforms;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MlAlm.Learning.Packages
{
    /// <summary>
    /// Saves and loads a fitted <see cref="TableTransform"/> as a transform package: a
    /// <see cref="PackageArchive"/> of kind "Transform" whose manifest names the transform kind, its
    /// method and columns, and whose 'transform.json' entry holds the fitted values. Documented in
    /// docs/transform-package.md. The same transform gives the same bytes.
    /// </summary>
    public static class TransformPackage
    {
        public const string PackageKind = "Transform";
        public const string PayloadEntry = "transform.json";

        private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(false);

        /// <summary>Writes the package; the stream is left open.</summary>
        /// <exception cref="ArgumentException">The transform is not one this version can save.</exception>
        public static void Write(Stream output, TableTransform transform)
        {
            if (output == null) throw new ArgumentNullException(nameof(output));
            if (transform == null) throw new ArgumentNullException(nameof(transform));
            string method = transform switch
            {
                CleanMissingDataTransform clean => clean.Method.ToString(),
                NormalizeDataTransform normalize => normalize.Method.ToString(),
                _ => throw new ArgumentException($"A {transform.GetType().Name} ({transform.Kind}) cannot be saved as a transform package.", nameof(transform)),
            };

            var columns = new JArray();
            foreach (var column in transform.Columns)
            {
                columns.Add(new JObject { ["name"] = column.Name, ["type"] = column.Type.ToString() });
            }
            var manifest = new JObject
            {
                ["transformKind"] = transform.Kind,
                ["method"] = method,
                ["columns"] = columns,
            };
            PackageArchive.Write(output, PackageKind, manifest, new[]
            {
                new KeyValuePair<string, Action<Stream>>(PayloadEntry, s => WritePayload(s, transform)),
            });
        }

        /// <summary>Reads a package written by <see cref="Write"/>.</summary>
        /// <exception cref="PackageFormatException">The stream is not a transform package this version reads, or it is damaged.</exception>
        public static TableTransform Read(Stream input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            try
            {
                using var package = PackageArchive.Open(input);
                if (package.Kind != PackageKind)
                    throw new PackageFormatException($"the package is a '{package.Kind}' package, not a transform package");
                var manifest = package.Manifest;
                string kind = RequiredString(manifest, "transformKind", "the manifest");
                string method = RequiredString(manifest, "method", "the manifest");
                var columns = ReadColumns(manifest);

                JObject payload;
                using (var reader = new JsonTextReader(new StreamReader(package.OpenEntry(PayloadEntry), Encoding.UTF8))
                {
                    DateParseHandling = DateParseHandling.None,
                    FloatParseHandling = FloatParseHandling.Double,
                })
                {
                    payload = JObject.Load(reader);
                }
                var entries = payload["columns"] as JArray
                    ?? throw new PackageFormatException($"{PayloadEntry} has no 'columns' array");
                if (entries.Count != columns.Count)
                    throw new PackageFormatException($"{PayloadEntry} has {entries.Count} columns but the manifest lists {columns.Count}");
                for (int c = 0; c < columns.Count; c++)
                {
                    string name = RequiredString(entries[c] as JObject, "name", $"{PayloadEntry} column {c + 1}");
                    if (name != columns[c].Name)
                        throw new PackageFormatException($"{PayloadEntry} column {c + 1} is '{name}' but the manifest lists '{columns[c].Name}'");
                }

                switch (kind)
                {
                    case CleanMissingDataTransform.TransformKind:
                        return ReadClean(ParseEnum<CleanMethod>(method), columns, entries);
                    case NormalizeDataTransform.TransformKind:
                        return ReadNormalize(ParseEnum<NormalizeMethod>(method), columns, entries);
                    default:
                        throw new PackageFormatException($"the transform kind '{kind}' is not one this MlAlm knows (CleanMissingData, NormalizeData)");
                }
            }
            catch (Exception e) when (e is JsonException || e is InvalidDataException || e is FormatException || e is InvalidCastException || e is ArgumentException || e is OverflowException)
            {
                throw new PackageFormatException("the transform package is damaged: " + e.Message, e);
            }
        }

        private static void WritePayload(Stream stream, TableTransform transform)
        {
            using var text = new StreamWriter(stream, Utf8NoBom, 4096, leaveOpen: true) { NewLine = "\n" };
            using (var json = new JsonTextWriter(text) { Formatting = Formatting.Indented, Indentation = 2, CloseOutput = false })
            {
                json.WriteStartObject();
                json.WritePropertyName("columns");
                json.WriteStartArray();
                for (int c = 0; c < transform.Columns.Count; c++)
                {
                    var column = transform.Columns[c];
                    json.WriteStartObject();
                    json.WritePropertyName("name");
                    json.WriteValue(column.Name);
                    switch (transform)
                    {
                        case CleanMissingDataTransform clean when clean.Method != CleanMethod.RemoveRow:
                            json.WritePropertyName("replacement");
                            switch (column.Type)
                            {
                                case ColumnType.Number: JsonNumbers.Write(json, clean.NumberAt(c)); break;
                                case ColumnType.Boolean: json.WriteValue(clean.NumberAt(c) != 0); break;
                                case ColumnType.DateTime: json.WriteValue(FormatTicks(clean.TicksAt(c))); break;
                                default: json.WriteValue(clean.StringAt(c)); break;
                            }
                            break;
                        case NormalizeDataTransform normalize:
                            bool z = normalize.Method == NormalizeMethod.ZScore;
                            json.WritePropertyName(z ? "mean" : "min");
                            JsonNumbers.Write(json, normalize.GetCenter(c));
                            json.WritePropertyName(z ? "standardDeviation" : "max");
                            JsonNumbers.Write(json, normalize.GetSpread(c));
                            break;
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            text.Write('\n');
        }

        private static CleanMissingDataTransform ReadClean(CleanMethod method, List<ColumnSchema> columns, JArray entries)
        {
            int n = columns.Count;
            var numbers = new double[n];
            var ticks = new long[n];
            var strings = new string?[n];
            if (method != CleanMethod.RemoveRow)
            {
                for (int c = 0; c < n; c++)
                {
                    var value = ((JObject)entries[c])["replacement"];
                    string where = $"the replacement for column '{columns[c].Name}'";
                    switch (columns[c].Type)
                    {
                        case ColumnType.Number:
                            numbers[c] = ReadNumber(value, where);
                            break;
                        case ColumnType.Boolean:
                            if (value == null || value.Type != JTokenType.Boolean) throw new PackageFormatException($"{where} is not true or false");
                            numbers[c] = (bool)value ? 1 : 0;
                            break;
                        case ColumnType.DateTime:
                            ticks[c] = ParseTicks(value, where);
                            break;
                        default:
                            if (value == null || value.Type != JTokenType.String) throw new PackageFormatException($"{where} is not a string");
                            strings[c] = (string?)value;
                            break;
                    }
                }
            }
            return new CleanMissingDataTransform(method, columns, numbers, ticks, strings);
        }

        private static NormalizeDataTransform ReadNormalize(NormalizeMethod method, List<ColumnSchema> columns, JArray entries)
        {
            bool z = method == NormalizeMethod.ZScore;
            var first = new double[columns.Count];
            var second = new double[columns.Count];
            for (int c = 0; c < columns.Count; c++)
            {
                if (columns[c].Type != ColumnType.Number)
                    throw new PackageFormatException($"column '{columns[c].Name}' is {columns[c].Type}; NormalizeData rescales Number columns only");
                var entry = (JObject)entries[c];
                first[c] = ReadNumber(entry[z ? "mean" : "min"], $"the {(z ? "mean" : "min")} of column '{columns[c].Name}'");
                second[c] = ReadNumber(entry[z ? "standardDeviation" : "max"], $"the {(z ? "standardDeviation" : "max")} of column '{columns[c].Name}'");
            }
            return new NormalizeDataTransform(method, columns, first, second);
        }

        private static List<ColumnSchema> ReadColumns(JObject manifest)
        {
            var array = manifest["columns"] as JArray ?? throw new PackageFormatException("the manifest has no 'columns' array");
            var columns = new List<ColumnSchema>(array.Count);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (int c = 0; c < array.Count; c++)
            {
                var item = array[c] as JObject;
                string where = $"manifest column {c + 1}";
                string name = RequiredString(item, "name", where);
                if (name.Length == 0) throw new PackageFormatException($"{where} has an empty name");
                if (!seen.Add(name)) throw new PackageFormatException($"the manifest lists column '{name}' twice");
                columns.Add(new ColumnSchema(name, ParseEnum<ColumnType>(RequiredString(item, "type", where))));
            }
            return columns;
        }

        private static T ParseEnum<T>(string text) where T : struct
        {
            // Names only, exactly as written: no numbers, no other case.
            foreach (T value in Enum.GetValues(typeof(T)))
            {
                if (value.ToString() == text) return value;
            }
            throw new PackageFormatException($"'{text}' is not a known {typeof(T).Name}");
        }

        private static string RequiredString(JObject? obj, string property, string where)
        {
            var token = obj?[property];
            if (token == null || token.Type != JTokenType.String) throw new PackageFormatException($"{where} has no '{property}' string");
            return (string)token!;
        }

        private static double ReadNumber(JToken? token, string where) =>
            JsonNumbers.Read(token) ?? throw new PackageFormatException($"{where} is not a number");

        private static string FormatTicks(long ticks) =>
            new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        private static long ParseTicks(JToken? token, string where)
        {
            if (token != null && token.Type == JTokenType.String)
            {
                char[] chars = ((string)token!).ToCharArray();
                if (ValueSyntax.TryParseDateTime(chars, 0, chars.Length, out long ticks)) return ticks;
            }
            throw new PackageFormatException($"{where} is not an ISO 8601 date and time");
        }
    }
}
