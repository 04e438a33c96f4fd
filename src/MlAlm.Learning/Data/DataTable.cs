using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace MlAlm.Learning.Data
{
    /// <summary>
    /// An immutable in-memory table stored by column (see <see cref="DataColumn"/> for the storage of
    /// each type). Transforms build new tables from existing columns, which are shared, not copied.
    /// </summary>
    public sealed class DataTable
    {
        private readonly DataColumn[] _columns;
        private readonly Dictionary<string, int> _indexByName;

        /// <summary>A table of these columns, in this order.</summary>
        /// <exception cref="ArgumentException">Columns differ in length or two share a name (ignoring case).</exception>
        public DataTable(IEnumerable<DataColumn> columns)
        {
            if (columns == null) throw new ArgumentNullException(nameof(columns));
            _columns = columns.ToArray();
            _indexByName = new Dictionary<string, int>(_columns.Length, StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < _columns.Length; i++)
            {
                var column = _columns[i] ?? throw new ArgumentException($"Column {i} is null.", nameof(columns));
                if (_indexByName.TryGetValue(column.Name, out int other))
                {
                    throw new ArgumentException($"Columns {other + 1} and {i + 1} are both named '{column.Name}' (names are compared ignoring case).", nameof(columns));
                }
                if (column.Length != _columns[0].Length)
                {
                    throw new ArgumentException($"Column '{column.Name}' has {column.Length} rows but column '{_columns[0].Name}' has {_columns[0].Length}.", nameof(columns));
                }
                _indexByName.Add(column.Name, i);
            }
            RowCount = _columns.Length == 0 ? 0 : _columns[0].Length;
            Columns = new ReadOnlyCollection<DataColumn>(_columns);
        }

        public DataTable(params DataColumn[] columns)
            : this((IEnumerable<DataColumn>)columns)
        {
        }

        public int RowCount { get; }

        public int ColumnCount => _columns.Length;

        public IReadOnlyList<DataColumn> Columns { get; }

        public DataColumn this[int index] => _columns[index];

        /// <summary>The column with this name, ignoring case.</summary>
        /// <exception cref="KeyNotFoundException">There is no such column.</exception>
        public DataColumn this[string name] =>
            TryGetColumn(name, out var column) ? column : throw new KeyNotFoundException($"The table has no column named '{name}'.");

        public bool TryGetColumn(string name, out DataColumn column)
        {
            if (name != null && _indexByName.TryGetValue(name, out int index))
            {
                column = _columns[index];
                return true;
            }
            column = null!;
            return false;
        }

        /// <summary>Index of the column with this name (ignoring case), or -1.</summary>
        public int IndexOf(string name) => name != null && _indexByName.TryGetValue(name, out int index) ? index : -1;

        public TableSchema Schema => new TableSchema(RowCount, _columns.Select(c => c.Schema));

        /// <summary>A new table of the named columns, in the order given (columns are shared).</summary>
        public DataTable Select(IEnumerable<string> names) => new DataTable(names.Select(n => this[n]));

        /// <summary>A new table with a column added at the end, or replacing the column of the same name in place.</summary>
        public DataTable With(DataColumn column)
        {
            if (column == null) throw new ArgumentNullException(nameof(column));
            int index = IndexOf(column.Name);
            var columns = (DataColumn[])_columns.Clone();
            if (index < 0) return new DataTable(columns.Concat(new[] { column }));
            columns[index] = column;
            return new DataTable(columns);
        }

        public override string ToString() => $"DataTable: {RowCount} rows, {ColumnCount} columns";
    }
}
