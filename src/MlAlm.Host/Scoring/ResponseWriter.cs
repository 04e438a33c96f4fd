using System;
using System.Text.Json;
using MlAlm.Host.Endpoints;
using MlAlm.Learning.Data;

namespace MlAlm.Host.Scoring
{
    /// <summary>
    /// Writes scored rows as the response of the form the request came in. Values are JSON numbers,
    /// booleans, ISO 8601 strings (DateTime, UTC) and strings; a missing value (or a non-finite
    /// number) is null. Numbers are written in their shortest round-trip form, so a client parses
    /// back exactly the double the pipeline computed.
    /// </summary>
    internal static class ResponseWriter
    {
        private static readonly JsonEncodedText Results = JsonEncodedText.Encode("Results");
        private static readonly JsonEncodedText Output1 = JsonEncodedText.Encode("output1");
        private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        private static readonly JsonEncodedText Table = JsonEncodedText.Encode("table");
        private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
        private static readonly JsonEncodedText ColumnNames = JsonEncodedText.Encode("ColumnNames");
        private static readonly JsonEncodedText ColumnTypes = JsonEncodedText.Encode("ColumnTypes");
        private static readonly JsonEncodedText Values = JsonEncodedText.Encode("Values");

        public static void Write(Utf8JsonWriter writer, RequestForm form, OutputColumn[] outputs, DataTable scored)
        {
            switch (form)
            {
                case RequestForm.Classic:
                    writer.WriteStartObject();
                    writer.WriteStartObject(Results);
                    writer.WriteStartObject(Output1);
                    writer.WriteString(Type, Table);
                    writer.WriteStartObject(Value);
                    writer.WriteStartArray(ColumnNames);
                    foreach (var c in outputs) writer.WriteStringValue(c.JsonName);
                    writer.WriteEndArray();
                    writer.WriteStartArray(ColumnTypes);
                    foreach (var c in outputs) writer.WriteStringValue(c.JsonType);
                    writer.WriteEndArray();
                    writer.WriteStartArray(Values);
                    for (int row = 0; row < scored.RowCount; row++)
                    {
                        writer.WriteStartArray();
                        for (int c = 0; c < outputs.Length; c++) WriteCell(writer, scored[c], row);
                        writer.WriteEndArray();
                    }
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
                case RequestForm.EnvelopedRecords:
                    writer.WriteStartObject();
                    writer.WriteStartObject(Results);
                    writer.WritePropertyName(Output1);
                    WriteRecords(writer, outputs, scored);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
                default:
                    WriteRecords(writer, outputs, scored);
                    break;
            }
        }

        private static void WriteRecords(Utf8JsonWriter writer, OutputColumn[] outputs, DataTable scored)
        {
            writer.WriteStartArray();
            for (int row = 0; row < scored.RowCount; row++)
            {
                writer.WriteStartObject();
                for (int c = 0; c < outputs.Length; c++)
                {
                    writer.WritePropertyName(outputs[c].JsonName);
                    WriteCell(writer, scored[c], row);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }

        private static void WriteCell(Utf8JsonWriter writer, DataColumn column, int row)
        {
            switch (column)
            {
                case NumberColumn number:
                    double v = number[row];
                    if (double.IsFinite(v)) writer.WriteNumberValue(v);
                    else writer.WriteNullValue();
                    break;
                case BooleanColumn boolean:
                    var b = boolean.GetBoolean(row);
                    if (b.HasValue) writer.WriteBooleanValue(b.Value);
                    else writer.WriteNullValue();
                    break;
                case DateTimeColumn date:
                    var d = date.GetDateTime(row);
                    if (d.HasValue) writer.WriteStringValue(d.Value);
                    else writer.WriteNullValue();
                    break;
                case StringColumn text:
                    var s = text[row];
                    if (s != null) writer.WriteStringValue(s);
                    else writer.WriteNullValue();
                    break;
                default:
                    var o = column.GetValue(row);
                    if (o == null) writer.WriteNullValue();
                    else writer.WriteStringValue(Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
    }
}
