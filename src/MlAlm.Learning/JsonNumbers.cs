using MlAlm.Learning.Data;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MlAlm.Learning
{
    /// <summary>
    /// Doubles in the JSON that MlAlm writes (metrics, transform packages): the shortest text that
    /// reads back to the same double, and the strings "NaN", "Infinity" and "-Infinity" for what a
    /// JSON number cannot hold. Negative zero is written "-0.0" so that it reads back as a float.
    /// </summary>
    internal static class JsonNumbers
    {
        public static void Write(JsonWriter json, double value)
        {
            if (double.IsNaN(value)) json.WriteValue("NaN");
            else if (double.IsPositiveInfinity(value)) json.WriteValue("Infinity");
            else if (double.IsNegativeInfinity(value)) json.WriteValue("-Infinity");
            else if (value == 0 && 1 / value < 0) json.WriteRawValue("-0.0");
            else json.WriteRawValue(DataTableWriter.FormatNumber(value));
        }

        /// <summary>The double a token holds (read with <see cref="FloatParseHandling.Double"/>), or null when it is no number.</summary>
        public static double? Read(JsonToken type, object? value)
        {
            switch (type)
            {
                case JsonToken.Integer:
                    return value is System.Numerics.BigInteger big ? (double)big : System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
                case JsonToken.Float:
                    return value is double d ? d : System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
                case JsonToken.String:
                    switch (value as string)
                    {
                        case "NaN": return double.NaN;
                        case "Infinity": return double.PositiveInfinity;
                        case "-Infinity": return double.NegativeInfinity;
                    }
                    break;
            }
            return null;
        }

        /// <summary>The double a parsed token holds, or null when it is no number.</summary>
        public static double? Read(JToken? token)
        {
            if (token is JValue value)
            {
                switch (value.Type)
                {
                    case JTokenType.Integer: return Read(JsonToken.Integer, value.Value);
                    case JTokenType.Float: return Read(JsonToken.Float, value.Value);
                    case JTokenType.String: return Read(JsonToken.String, value.Value);
                }
            }
            return null;
        }
    }
}
