using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Newtonsoft.Json;

namespace MlAlm.Learning.Evaluation
{
    /// <summary>
    /// A <see cref="MetricSet"/> as a JSON object, one property per metric in the set's order:
    /// UTF-8 without a byte order mark, two-space indentation, LF line ends, a final line end.
    /// Numbers are written as the shortest text that reads back to the same double (negative zero as
    /// -0.0); NaN and the infinities, which JSON numbers cannot hold, as the strings "NaN",
    /// "Infinity" and "-Infinity".
    /// The same metrics give the same bytes.
    /// </summary>
    public static class MetricsJson
    {
        private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(false);

        /// <summary>Writes the metrics; the stream is left open.</summary>
        /// <exception cref="ArgumentException">Two metrics share a name (a JSON object cannot hold both).</exception>
        public static void Write(MetricSet metrics, Stream output)
        {
            if (metrics == null) throw new ArgumentNullException(nameof(metrics));
            if (output == null) throw new ArgumentNullException(nameof(output));
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var metric in metrics)
            {
                if (!names.Add(metric.Key)) throw new ArgumentException($"The metric '{metric.Key}' appears twice.", nameof(metrics));
            }

            using var text = new StreamWriter(output, Utf8NoBom, 4096, leaveOpen: true) { NewLine = "\n" };
            using (var json = new JsonTextWriter(text) { Formatting = Formatting.Indented, Indentation = 2, CloseOutput = false })
            {
                json.WriteStartObject();
                foreach (var metric in metrics)
                {
                    json.WritePropertyName(metric.Key);
                    JsonNumbers.Write(json, metric.Value);
                }
                json.WriteEndObject();
            }
            text.Write('\n');
        }

        /// <summary>Reads metrics written by <see cref="Write"/> (any JSON object of numbers), in the file's order.</summary>
        /// <exception cref="InvalidDataException">The text is not such an object; the message says where.</exception>
        public static MetricSet Read(Stream input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            var metrics = new MetricSet();
            var names = new HashSet<string>(StringComparer.Ordinal);
            using var text = new StreamReader(input, Encoding.UTF8, true, 4096, leaveOpen: true);
            using var json = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double, CloseInput = false };
            try
            {
                if (!json.Read() || json.TokenType != JsonToken.StartObject) throw Invalid(json, "the metrics are not a JSON object");
                while (true)
                {
                    if (!json.Read()) throw Invalid(json, "the metrics object is not closed");
                    if (json.TokenType == JsonToken.EndObject) break;
                    if (json.TokenType != JsonToken.PropertyName) throw Invalid(json, $"unexpected {json.TokenType}");
                    string name = (string)json.Value!;
                    if (!names.Add(name)) throw Invalid(json, $"the metric '{name}' appears twice");
                    if (!json.Read()) throw Invalid(json, "the metrics object is not closed");
                    metrics.Add(name, Value(json, name));
                }
                while (json.Read())
                {
                    if (json.TokenType != JsonToken.Comment) throw Invalid(json, "there is more after the metrics object");
                }
            }
            catch (JsonException e)
            {
                throw new InvalidDataException("The metrics are not valid JSON: " + e.Message, e);
            }
            return metrics;
        }

        private static double Value(JsonTextReader json, string name) =>
            JsonNumbers.Read(json.TokenType, json.Value) ?? throw Invalid(json, $"the metric '{name}' is not a number");

        private static InvalidDataException Invalid(JsonTextReader json, string message) =>
            new InvalidDataException($"The metrics JSON is not valid at line {json.LineNumber}, position {json.LinePosition}: {message}.");
    }
}
