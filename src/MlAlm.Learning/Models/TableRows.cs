using System.Collections.Generic;
using MlAlm.Learning.Data;

namespace MlAlm.Learning.Models
{
    internal static class TableRows
    {
        /// <summary>A table of the named columns holding only the given rows, in order.</summary>
        public static DataTable Take(DataTable table, IEnumerable<string> columns, int[] rows)
        {
            var result = new List<DataColumn>();
            foreach (string name in columns)
            {
                if (!table.TryGetColumn(name, out var column)) continue; // the encoder reports it
                result.Add(column switch
                {
                    NumberColumn n => NumberColumn.Adopt(n.Name, Gather(n.Values, rows)),
                    BooleanColumn b => BooleanColumn.Adopt(b.Name, Gather(b.Values, rows)),
                    DateTimeColumn d => DateTimeColumn.Adopt(d.Name, Gather(d.Ticks, rows)),
                    StringColumn s => StringColumn.Adopt(s.Name, Gather(s.Values, rows)),
                    _ => column,
                });
            }
            return new DataTable(result);
        }

        private static T[] Gather<T>(T[] source, int[] rows)
        {
            var values = new T[rows.Length];
            for (int i = 0; i < rows.Length; i++) values[i] = source[rows[i]];
            return values;
        }
    }
}
