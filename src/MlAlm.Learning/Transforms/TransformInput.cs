using System;
using MlAlm.Learning.Data;

namespace MlAlm.Learning.Transforms
{
    /// <summary>Finds the columns a fitted transform works on in the table it is applied to.</summary>
    internal static class TransformInput
    {
        /// <summary>
        /// The input's column named like <paramref name="expected"/>, of its type. A String column
        /// whose every value is missing is taken as an all-missing column of the expected type: that
        /// is what type inference makes of a column left empty in a small batch of new rows.
        /// </summary>
        /// <exception cref="ArgumentException">The column is missing or of another type; the message names it.</exception>
        public static DataColumn Column(DataTable input, ColumnSchema expected, string transformKind)
        {
            if (!input.TryGetColumn(expected.Name, out var column))
                throw new ArgumentException($"The input has no column '{expected.Name}', which the {transformKind} transform was fitted on ({expected.Type}).", nameof(input));
            if (column.Type == expected.Type) return column;
            if (column is StringColumn && column.MissingCount == column.Length) return Missing(column.Name, expected.Type, column.Length);
            throw new ArgumentException($"Column '{column.Name}' is {column.Type} but the {transformKind} transform was fitted on {expected.Type}.", nameof(input));
        }

        private static DataColumn Missing(string name, ColumnType type, int rows)
        {
            switch (type)
            {
                case ColumnType.Number: return NumberColumn.Adopt(name, Filled(rows, double.NaN));
                case ColumnType.Boolean: return BooleanColumn.Adopt(name, Filled(rows, double.NaN));
                case ColumnType.DateTime: return DateTimeColumn.Adopt(name, Filled(rows, DateTimeColumn.MissingTicks));
                default: return StringColumn.Adopt(name, new string?[rows]);
            }
        }

        private static T[] Filled<T>(int length, T value)
        {
            var array = new T[length];
            for (int i = 0; i < array.Length; i++) array[i] = value;
            return array;
        }
    }

    /// <summary>Sums and order statistics over the non-missing values of a column.</summary>
    internal static class ColumnStatistics
    {
        /// <summary>The mean of the non-NaN values (Neumaier-compensated sum), NaN when there are none.</summary>
        public static double Mean(double[] values, out int count)
        {
            double sum = 0, compensation = 0;
            count = 0;
            for (int i = 0; i < values.Length; i++)
            {
                double v = values[i];
                if (double.IsNaN(v)) continue;
                double t = sum + v;
                if (Math.Abs(sum) >= Math.Abs(v)) compensation += (sum - t) + v;
                else compensation += (v - t) + sum;
                sum = t;
                count++;
            }
            return count == 0 ? double.NaN : (sum + compensation) / count;
        }

        /// <summary>The non-NaN values, sorted ascending.</summary>
        public static double[] SortedValues(double[] values)
        {
            int count = 0;
            for (int i = 0; i < values.Length; i++)
            {
                if (!double.IsNaN(values[i])) count++;
            }
            var sorted = new double[count];
            int k = 0;
            for (int i = 0; i < values.Length; i++)
            {
                if (!double.IsNaN(values[i])) sorted[k++] = values[i];
            }
            Array.Sort(sorted);
            return sorted;
        }

        /// <summary>The non-missing ticks, sorted ascending.</summary>
        public static long[] SortedTicks(long[] ticks)
        {
            int count = 0;
            for (int i = 0; i < ticks.Length; i++)
            {
                if (ticks[i] != DateTimeColumn.MissingTicks) count++;
            }
            var sorted = new long[count];
            int k = 0;
            for (int i = 0; i < ticks.Length; i++)
            {
                if (ticks[i] != DateTimeColumn.MissingTicks) sorted[k++] = ticks[i];
            }
            Array.Sort(sorted);
            return sorted;
        }

        /// <summary>The median of sorted values: the middle one, or the mean of the two middle ones.</summary>
        public static double Median(double[] sorted)
        {
            int n = sorted.Length;
            if (n == 0) return double.NaN;
            if ((n & 1) == 1) return sorted[n / 2];
            double a = sorted[(n / 2) - 1], b = sorted[n / 2];
            double m = (a + b) / 2;
            return double.IsInfinity(m) && !double.IsInfinity(a) && !double.IsInfinity(b) ? (a / 2) + (b / 2) : m;
        }

        /// <summary>
        /// The most frequent of sorted values, the smallest on a tie; <paramref name="whenEmpty"/> when
        /// there are none. The values are those of <see cref="SortedValues"/> or <see cref="SortedTicks"/>,
        /// without NaN (the one double that <see cref="IEquatable{T}.Equals(T)"/> and == disagree on).
        /// </summary>
        public static T Mode<T>(T[] sorted, T whenEmpty)
            where T : IEquatable<T>
        {
            T best = whenEmpty;
            int bestRun = 0;
            for (int i = 0; i < sorted.Length;)
            {
                int j = i + 1;
                while (j < sorted.Length && sorted[j].Equals(sorted[i])) j++;
                if (j - i > bestRun) { bestRun = j - i; best = sorted[i]; }
                i = j;
            }
            return best;
        }
    }
}
