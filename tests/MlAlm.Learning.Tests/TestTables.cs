using System;
using System.Linq;
using MlAlm.Learning.Data;
using Xunit;

namespace MlAlm.Learning.Tests
{
    /// <summary>Small tables written out in tests, and assertions on their values.</summary>
    internal static class TestTables
    {
        public const double NA = double.NaN;

        public static NumberColumn Num(string name, params double[] values) => new NumberColumn(name, values);

        public static BooleanColumn Bool(string name, params bool?[] values) => new BooleanColumn(name, values);

        public static DateTimeColumn Date(string name, params DateTime?[] values) => new DateTimeColumn(name, values);

        public static StringColumn Str(string name, params string?[] values) => new StringColumn(name, values);

        public static DateTime Utc(int year, int month, int day, int hour = 0) => new DateTime(year, month, day, hour, 0, 0, DateTimeKind.Utc);

        public static object?[] Values(DataColumn column) => Enumerable.Range(0, column.Length).Select(column.GetValue).ToArray();

        /// <summary>Same column names, types and values (NaN equal to NaN), in the same order.</summary>
        public static void Same(DataTable expected, DataTable actual)
        {
            Assert.Equal(expected.RowCount, actual.RowCount);
            Assert.Equal(expected.Columns.Select(c => (c.Name, c.Type)), actual.Columns.Select(c => (c.Name, c.Type)));
            for (int c = 0; c < expected.ColumnCount; c++)
            {
                if (expected[c] is NumberColumn n)
                {
                    // bit for bit, so that -0 and NaN payloads count too
                    var a = (NumberColumn)actual[c];
                    Assert.Equal(n.ToArray().Select(BitConverter.DoubleToInt64Bits), a.ToArray().Select(BitConverter.DoubleToInt64Bits));
                }
                else
                {
                    Assert.Equal(Values(expected[c]), Values(actual[c]));
                }
            }
        }

        public static double[] Numbers(DataTable table, string column) => ((NumberColumn)table[column]).ToArray();
    }
}
