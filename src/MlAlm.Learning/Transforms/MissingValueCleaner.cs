using System;
using System.Collections.Generic;
using MlAlm.Learning.Data;

namespace MlAlm.Learning.Transforms
{
    /// <summary>The CleanMissingData module: learns how to replace missing values (or which rows to drop).</summary>
    /// <remarks>
    /// <list type="table">
    /// <item><term>Mean</term><description>Number: the mean of the values. Boolean: true when at least
    /// half the values are true (the mean rounded, half up). DateTime: the mean instant, to the
    /// nearest tick. String: not allowed.</description></item>
    /// <item><term>Median</term><description>Number: the middle value, or the mean of the two middle
    /// values. Boolean: true when at least half the values are true. DateTime: the middle instant,
    /// or the midpoint of the two middle ones (rounded down to a tick). String: not allowed.</description></item>
    /// <item><term>Mode</term><description>The most frequent value, any type; on a tie the smallest
    /// (numbers and instants by value, false before true, strings by ordinal comparison).</description></item>
    /// <item><term>Constant</term><description>The given text read as the column's type, with the
    /// rules of CSV loading (invariant numbers, true/false, ISO 8601). Text that reads as a missing
    /// value (empty, NA, null, NaN, ...) is refused.</description></item>
    /// <item><term>RemoveRow</term><description>Rows missing a value in any of the columns are removed.</description></item>
    /// </list>
    /// Statistics are of the non-missing values. A column with no value at all to learn from makes
    /// Mean, Median and Mode fail (ArgumentException naming it) rather than leave it missing silently.
    /// </remarks>
    public static class MissingValueCleaner
    {
        /// <summary>Learns the replacements on <paramref name="table"/>; apply the result with <see cref="TableTransform.Apply"/>.</summary>
        /// <param name="columns">The columns to clean (ignoring case); every column when null.</param>
        /// <param name="constant">The replacement text for <see cref="CleanMethod.Constant"/>; ignored otherwise.</param>
        /// <exception cref="ArgumentException">
        /// A column does not exist, Mean or Median is asked of a String column, a column has no value
        /// to learn from, or the constant is missing or does not read as a column's type. The message
        /// names the column.
        /// </exception>
        public static CleanMissingDataTransform Fit(DataTable table, IReadOnlyList<string>? columns, CleanMethod method, string? constant)
        {
            if (table == null) throw new ArgumentNullException(nameof(table));
            if (method < CleanMethod.Mean || method > CleanMethod.RemoveRow) throw new ArgumentOutOfRangeException(nameof(method));
            if (method == CleanMethod.Constant && constant == null)
                throw new ArgumentException("Method Constant needs a constant.", nameof(constant));
            int[] indexes = ColumnNames.Resolve(table, columns, nameof(columns));

            var schemas = new ColumnSchema[indexes.Length];
            var numbers = new double[indexes.Length];
            var ticks = new long[indexes.Length];
            var strings = new string?[indexes.Length];
            for (int c = 0; c < indexes.Length; c++)
            {
                var column = table[indexes[c]];
                schemas[c] = new ColumnSchema(column.Name, column.Type);
                switch (method)
                {
                    case CleanMethod.RemoveRow:
                        break;
                    case CleanMethod.Constant:
                        ParseConstant(column, constant!, out numbers[c], out ticks[c], out strings[c]);
                        break;
                    default:
                        Learn(column, method, out numbers[c], out ticks[c], out strings[c]);
                        break;
                }
            }
            return new CleanMissingDataTransform(method, schemas, numbers, ticks, strings);
        }

        private static void Learn(DataColumn column, CleanMethod method, out double number, out long tick, out string? text)
        {
            number = double.NaN;
            tick = DateTimeColumn.MissingTicks;
            text = null;
            if (column.Length - column.MissingCount == 0)
                throw new ArgumentException($"Column '{column.Name}' has no values to compute the {method} from; use Constant or RemoveRow for it.", "columns");
            switch (column)
            {
                case NumberColumn numbers:
                    number = method == CleanMethod.Mean
                        ? ColumnStatistics.Mean(numbers.Values, out _)
                        : method == CleanMethod.Median
                            ? ColumnStatistics.Median(ColumnStatistics.SortedValues(numbers.Values))
                            : ColumnStatistics.Mode(ColumnStatistics.SortedValues(numbers.Values), double.NaN);
                    break;
                case BooleanColumn flags:
                {
                    long trues = 0, falses = 0;
                    foreach (double v in flags.Values)
                    {
                        if (v == 1) trues++;
                        else if (v == 0) falses++;
                    }
                    // Mean and median of 0/1 values round to true from one half up; the mode takes false on a tie.
                    number = method == CleanMethod.Mode ? (trues > falses ? 1 : 0) : (trues >= falses ? 1 : 0);
                    break;
                }
                case DateTimeColumn times:
                {
                    if (method == CleanMethod.Mean)
                    {
                        decimal sum = 0;
                        long count = 0;
                        foreach (long t in times.Ticks)
                        {
                            if (t == DateTimeColumn.MissingTicks) continue;
                            sum += t;
                            count++;
                        }
                        tick = (long)Math.Round(sum / count, MidpointRounding.AwayFromZero);
                    }
                    else
                    {
                        long[] sorted = ColumnStatistics.SortedTicks(times.Ticks);
                        int n = sorted.Length;
                        tick = method == CleanMethod.Mode
                            ? ColumnStatistics.Mode(sorted, DateTimeColumn.MissingTicks)
                            : (n & 1) == 1 ? sorted[n / 2] : sorted[(n / 2) - 1] + ((sorted[n / 2] - sorted[(n / 2) - 1]) / 2);
                    }
                    break;
                }
                case StringColumn strings:
                    if (method != CleanMethod.Mode)
                        throw new ArgumentException($"Column '{column.Name}' is String; {method} needs Number, Boolean or DateTime values (use Mode or Constant for text).", "columns");
                    text = Mode(strings.Values);
                    break;
                default:
                    throw new NotSupportedException($"Column '{column.Name}' is a {column.GetType().Name}, which cannot be cleaned.");
            }
        }

        private static string? Mode(string?[] values)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var v in values)
            {
                if (v == null) continue;
                counts.TryGetValue(v, out int n);
                counts[v] = n + 1;
            }
            string? best = null;
            int bestCount = 0;
            foreach (var pair in counts)
            {
                if (pair.Value > bestCount || (pair.Value == bestCount && string.CompareOrdinal(pair.Key, best) < 0))
                {
                    best = pair.Key;
                    bestCount = pair.Value;
                }
            }
            return best;
        }

        private static void ParseConstant(DataColumn column, string constant, out double number, out long tick, out string? text)
        {
            number = double.NaN;
            tick = DateTimeColumn.MissingTicks;
            text = null;
            char[] chars = constant.ToCharArray();
            if (ValueSyntax.IsMissing(chars, 0, chars.Length))
                throw new ArgumentException($"The constant '{constant}' reads as a missing value; it cannot replace one (column '{column.Name}').", "constant");
            bool ok;
            switch (column.Type)
            {
                case ColumnType.Number:
                    ok = NumberParser.TryParse(chars, 0, chars.Length, out number);
                    break;
                case ColumnType.Boolean:
                    ok = ValueSyntax.TryParseBoolean(chars, 0, chars.Length, out bool flag);
                    number = flag ? 1 : 0;
                    break;
                case ColumnType.DateTime:
                    ok = ValueSyntax.TryParseDateTime(chars, 0, chars.Length, out tick);
                    break;
                default:
                    ok = true;
                    text = constant;
                    break;
            }
            if (!ok)
                throw new ArgumentException($"The constant '{constant}' is not a {Describe(column.Type)}, so it cannot replace missing values in column '{column.Name}' ({column.Type}).", "constant");
        }

        private static string Describe(ColumnType type) => type switch
        {
            ColumnType.Number => "number",
            ColumnType.Boolean => "Boolean (true or false)",
            _ => "date or time (ISO 8601)",
        };
    }
}
