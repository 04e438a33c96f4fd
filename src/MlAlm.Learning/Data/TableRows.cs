using System;
using System.Collections.Generic;

namespace MlAlm.Learning.Data
{
    /// <summary>Row subsets of a table, built column by column (one array per column, no per-row objects).</summary>
    internal static class TableRows
    {
        /// <summary>A table of the rows <c>rows[0..count)</c>, in that order.</summary>
        public static DataTable Take(DataTable table, int[] rows, int count)
        {
            var columns = new DataColumn[table.ColumnCount];
            for (int c = 0; c < columns.Length; c++) columns[c] = Take(table[c], rows, count);
            return new DataTable(columns);
        }

        /// <summary>The rows whose <paramref name="keep"/> flag is set, in their original order.</summary>
        public static DataTable Filter(DataTable table, bool[] keep)
        {
            int count = 0;
            for (int i = 0; i < keep.Length; i++)
            {
                if (keep[i]) count++;
            }
            if (count == table.RowCount) return table;
            var rows = new int[count];
            int k = 0;
            for (int i = 0; i < keep.Length; i++)
            {
                if (keep[i]) rows[k++] = i;
            }
            return Take(table, rows, count);
        }

        public static DataColumn Take(DataColumn column, int[] rows, int count)
        {
            switch (column)
            {
                case NumberColumn numbers:
                    return NumberColumn.Adopt(column.Name, Gather(numbers.Values, rows, count));
                case BooleanColumn flags:
                    return BooleanColumn.Adopt(column.Name, Gather(flags.Values, rows, count));
                case DateTimeColumn times:
                    return DateTimeColumn.Adopt(column.Name, Gather(times.Ticks, rows, count));
                case StringColumn strings:
                    return StringColumn.Adopt(column.Name, Gather(strings.Values, rows, count));
                default:
                    throw new NotSupportedException($"Column '{column.Name}' is a {column.GetType().Name}, which is not supported here.");
            }
        }

        private static T[] Gather<T>(T[] source, int[] rows, int count)
        {
            var result = new T[count];
            for (int i = 0; i < count; i++) result[i] = source[rows[i]];
            return result;
        }
    }

    /// <summary>Resolves user-given column names against a table, ignoring case like <see cref="DataTable"/>.</summary>
    internal static class ColumnNames
    {
        /// <summary>
        /// The indexes of the named columns in the order given, each once (a repeated name counts
        /// once); every column when <paramref name="names"/> is null.
        /// </summary>
        /// <exception cref="ArgumentException">A name is null, empty or not a column of the table.</exception>
        public static int[] Resolve(DataTable table, IReadOnlyList<string>? names, string parameterName)
        {
            if (table == null) throw new ArgumentNullException(nameof(table));
            if (names == null)
            {
                var all = new int[table.ColumnCount];
                for (int i = 0; i < all.Length; i++) all[i] = i;
                return all;
            }
            var result = new List<int>(names.Count);
            var seen = new HashSet<int>();
            foreach (string name in names)
            {
                if (string.IsNullOrEmpty(name)) throw new ArgumentException("A column name is null or empty.", parameterName);
                int index = table.IndexOf(name);
                if (index < 0) throw new ArgumentException($"The table has no column named '{name}'.", parameterName);
                if (seen.Add(index)) result.Add(index);
            }
            return result.ToArray();
        }
    }
}
