using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace MlAlm.Host.Tests.Support
{
    /// <summary>Request bodies for the f1..f8 services.</summary>
    public static class Requests
    {
        public static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

        public static string Classic(double[][] rows, IReadOnlyList<string>? columns = null)
        {
            columns ??= HostWorkspace.Features;
            return "{\"Inputs\":{\"input1\":{\"ColumnNames\":[" + string.Join(",", columns.Select(c => JsonSerializer.Serialize(c))) + "],\"Values\":[" +
                string.Join(",", rows.Select(r => "[" + string.Join(",", r.Select(Num)) + "]")) + "]}},\"GlobalParameters\":{}}";
        }

        public static string Records(double[][] rows) =>
            "[" + string.Join(",", rows.Select(r => "{" + string.Join(",", r.Select((v, j) => $"\"{HostWorkspace.Features[j]}\":{Num(v)}")) + "}")) + "]";

        /// <summary>(Scored Labels, Scored Probabilities) of each row of a classic response.</summary>
        public static (double Label, double Probability)[] ClassicScores(JsonDocument json)
        {
            var value = json.RootElement.GetProperty("Results").GetProperty("output1").GetProperty("value");
            var names = value.GetProperty("ColumnNames").EnumerateArray().Select(e => e.GetString()).ToList();
            int label = names.IndexOf("Scored Labels"), probability = names.IndexOf("Scored Probabilities");
            return value.GetProperty("Values").EnumerateArray()
                .Select(row => row.EnumerateArray().ToList())
                .Select(row => (row[label].GetDouble(), row[probability].GetDouble())).ToArray();
        }

        public static (double Label, double Probability)[] RecordScores(JsonElement array) =>
            array.EnumerateArray().Select(r => (r.GetProperty("Scored Labels").GetDouble(), r.GetProperty("Scored Probabilities").GetDouble())).ToArray();
    }
}
