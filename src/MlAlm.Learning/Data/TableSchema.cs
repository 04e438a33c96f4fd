using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace MlAlm.Learning.Data
{
    /// <summary>The type of a column, inferred as the narrowest one all its non-missing values satisfy.</summary>
    public enum ColumnType
    {
        Number,
        String,
        Boolean,
        DateTime,
    }

    /// <summary>A column's name, type and number of missing values.</summary>
    public sealed class ColumnSchema : IEquatable<ColumnSchema>
    {
        public ColumnSchema(string name, ColumnType type, long missingCount = 0)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A column needs a name.", nameof(name));
            if (missingCount < 0) throw new ArgumentOutOfRangeException(nameof(missingCount));
            Name = name;
            Type = type;
            MissingCount = missingCount;
        }

        public string Name { get; }

        public ColumnType Type { get; }

        /// <summary>Values that are empty, white space, NA, N/A, null or NaN (any case).</summary>
        public long MissingCount { get; }

        public bool Equals(ColumnSchema? other) =>
            other != null && Name == other.Name && Type == other.Type && MissingCount == other.MissingCount;

        public override bool Equals(object? obj) => Equals(obj as ColumnSchema);

        public override int GetHashCode() => (Name.GetHashCode() * 31) ^ ((int)Type * 7) ^ MissingCount.GetHashCode();

        public override string ToString() => $"{Name}: {Type} ({MissingCount} missing)";
    }

    /// <summary>The shape of a table: its columns in file order and its number of data rows (the header excluded).</summary>
    public sealed class TableSchema : IEquatable<TableSchema>
    {
        public TableSchema(long rowCount, IEnumerable<ColumnSchema> columns)
        {
            if (rowCount < 0) throw new ArgumentOutOfRangeException(nameof(rowCount));
            if (columns == null) throw new ArgumentNullException(nameof(columns));
            var list = columns.ToList();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var column in list)
            {
                if (column == null) throw new ArgumentException("A column is null.", nameof(columns));
                if (!seen.Add(column.Name)) throw new ArgumentException($"Two columns are named '{column.Name}' (names are compared ignoring case).", nameof(columns));
            }
            RowCount = rowCount;
            Columns = new ReadOnlyCollection<ColumnSchema>(list);
        }

        public long RowCount { get; }

        public IReadOnlyList<ColumnSchema> Columns { get; }

        /// <summary>Index of the column with this name (ignoring case), or -1.</summary>
        public int IndexOf(string name)
        {
            for (int i = 0; i < Columns.Count; i++)
            {
                if (string.Equals(Columns[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
            }
            return -1;
        }

        public bool Equals(TableSchema? other) =>
            other != null && RowCount == other.RowCount && Columns.SequenceEqual(other.Columns);

        public override bool Equals(object? obj) => Equals(obj as TableSchema);

        public override int GetHashCode()
        {
            int hash = RowCount.GetHashCode();
            foreach (var column in Columns) hash = (hash * 31) ^ column.GetHashCode();
            return hash;
        }

        public override string ToString() => $"{RowCount} rows: " + string.Join(", ", Columns);
    }
}
