using System;
using System.Collections.Generic;
using MlAlm.Learning.Data;

namespace MlAlm.Learning.Transforms
{
    /// <summary>The SelectColumns module: keeps or drops named columns.</summary>
    public static class ColumnSelection
    {
        /// <summary>
        /// With <paramref name="include"/>, a table of the named columns in the order they are
        /// named; otherwise the table without them, in its own order. Names match ignoring case, as
        /// in <see cref="DataTable"/>; a name given twice counts once. Columns are shared, not copied.
        /// </summary>
        /// <exception cref="ArgumentException">
        /// A name is not a column of the table (the message names it), no name is given, or the
        /// selection would leave no column (a table without columns has no rows either).
        /// </exception>
        public static DataTable Select(DataTable table, IReadOnlyList<string> columns, bool include)
        {
            if (table == null) throw new ArgumentNullException(nameof(table));
            if (columns == null) throw new ArgumentNullException(nameof(columns));
            if (columns.Count == 0) throw new ArgumentException("Name at least one column to select.", nameof(columns));
            int[] named = ColumnNames.Resolve(table, columns, nameof(columns));

            var result = new List<DataColumn>(include ? named.Length : table.ColumnCount - named.Length);
            if (include)
            {
                foreach (int index in named) result.Add(table[index]);
            }
            else
            {
                var excluded = new bool[table.ColumnCount];
                foreach (int index in named) excluded[index] = true;
                for (int c = 0; c < table.ColumnCount; c++)
                {
                    if (!excluded[c]) result.Add(table[c]);
                }
                if (result.Count == 0) throw new ArgumentException("Excluding these columns would leave no column.", nameof(columns));
            }
            return new DataTable(result);
        }
    }
}
