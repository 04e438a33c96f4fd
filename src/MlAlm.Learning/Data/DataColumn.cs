using System;

namespace MlAlm.Learning.Data
{
    /// <summary>
    /// One column of a <see cref="DataTable"/>: a name and a typed array of values. Columns are
    /// immutable; the public constructors copy the array they are given.
    /// </summary>
    /// <remarks>
    /// Storage per type: Number and Boolean are <c>double[]</c> with NaN for missing (Boolean holds 0
    /// or 1, so learners can use it as a feature as it is); DateTime is <c>long[]</c> ticks (UTC by
    /// convention) with <see cref="DateTimeColumn.MissingTicks"/> for missing; String is
    /// <c>string?[]</c> with null for missing, repeated values sharing one string instance when the
    /// column was read from a file.
    /// </remarks>
    public abstract class DataColumn
    {
        private protected DataColumn(string name)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A column needs a name.", nameof(name));
            Name = name;
        }

        public string Name { get; }

        public abstract ColumnType Type { get; }

        /// <summary>Number of rows.</summary>
        public abstract int Length { get; }

        public long MissingCount { get; private protected set; }

        public ColumnSchema Schema => new ColumnSchema(Name, Type, MissingCount);

        public abstract bool IsMissing(int row);

        /// <summary>The value as an object: double, bool, DateTime (UTC) or string; null when missing.</summary>
        public abstract object? GetValue(int row);

        /// <summary>The same values under another name (the data is shared, not copied).</summary>
        public abstract DataColumn Rename(string name);

        public override string ToString() => $"{Name}: {Type}[{Length}]";
    }

    /// <summary>A Number column: doubles, NaN for missing.</summary>
    public sealed class NumberColumn : DataColumn
    {
        private readonly double[] _values;

        /// <param name="values">Copied; NaN marks a missing value.</param>
        public NumberColumn(string name, double[] values)
            : this(name, (double[])(values ?? throw new ArgumentNullException(nameof(values))).Clone(), adopt: true)
        {
        }

        private NumberColumn(string name, double[] values, bool adopt)
            : base(name)
        {
            _values = values;
            MissingCount = DoubleStorage.CountNaN(values);
        }

        public override ColumnType Type => ColumnType.Number;

        public override int Length => _values.Length;

        public double this[int row] => _values[row];

        /// <summary>The backing array, shared: for code in this assembly that promises not to change it.</summary>
        internal double[] Values => _values;

        public override bool IsMissing(int row) => double.IsNaN(_values[row]);

        public override object? GetValue(int row) => double.IsNaN(_values[row]) ? (object?)null : _values[row];

        public double[] ToArray() => (double[])_values.Clone();

        public void CopyTo(double[] destination, int destinationIndex) => Array.Copy(_values, 0, destination, destinationIndex, _values.Length);

        public override DataColumn Rename(string name) => new NumberColumn(name, _values, adopt: true);

        /// <summary>Wraps an array without copying it; the caller must not change it afterwards.</summary>
        internal static NumberColumn Adopt(string name, double[] values) => new NumberColumn(name, values, adopt: true);
    }

    /// <summary>A Boolean column stored as doubles: 1 for true, 0 for false, NaN for missing.</summary>
    public sealed class BooleanColumn : DataColumn
    {
        private readonly double[] _values;

        public BooleanColumn(string name, bool?[] values)
            : base(name)
        {
            if (values == null) throw new ArgumentNullException(nameof(values));
            _values = new double[values.Length];
            for (int i = 0; i < values.Length; i++) _values[i] = values[i].HasValue ? (values[i]!.Value ? 1.0 : 0.0) : double.NaN;
            MissingCount = DoubleStorage.CountNaN(_values);
        }

        private BooleanColumn(string name, double[] values)
            : base(name)
        {
            _values = values;
            MissingCount = DoubleStorage.CountNaN(values);
        }

        public override ColumnType Type => ColumnType.Boolean;

        public override int Length => _values.Length;

        /// <summary>1 for true, 0 for false, NaN for missing.</summary>
        public double this[int row] => _values[row];

        internal double[] Values => _values;

        public bool? GetBoolean(int row) => double.IsNaN(_values[row]) ? (bool?)null : _values[row] != 0;

        public override bool IsMissing(int row) => double.IsNaN(_values[row]);

        public override object? GetValue(int row) => GetBoolean(row);

        public override DataColumn Rename(string name) => new BooleanColumn(name, _values);

        /// <summary>Wraps an array of 0, 1 and NaN without copying it.</summary>
        internal static BooleanColumn Adopt(string name, double[] values) => new BooleanColumn(name, values);
    }

    /// <summary>A DateTime column stored as ticks (UTC by convention), <see cref="MissingTicks"/> for missing.</summary>
    public sealed class DateTimeColumn : DataColumn
    {
        /// <summary>The tick value that marks a missing value.</summary>
        public const long MissingTicks = long.MinValue;

        private readonly long[] _ticks;

        public DateTimeColumn(string name, DateTime?[] values)
            : base(name)
        {
            if (values == null) throw new ArgumentNullException(nameof(values));
            _ticks = new long[values.Length];
            for (int i = 0; i < values.Length; i++) _ticks[i] = values[i].HasValue ? values[i]!.Value.Ticks : MissingTicks;
            MissingCount = CountMissing(_ticks);
        }

        private DateTimeColumn(string name, long[] ticks)
            : base(name)
        {
            _ticks = ticks;
            MissingCount = CountMissing(ticks);
        }

        public override ColumnType Type => ColumnType.DateTime;

        public override int Length => _ticks.Length;

        /// <summary>Ticks of the value, or <see cref="MissingTicks"/>.</summary>
        public long this[int row] => _ticks[row];

        internal long[] Ticks => _ticks;

        public DateTime? GetDateTime(int row) => _ticks[row] == MissingTicks ? (DateTime?)null : new DateTime(_ticks[row], DateTimeKind.Utc);

        public override bool IsMissing(int row) => _ticks[row] == MissingTicks;

        public override object? GetValue(int row) => GetDateTime(row);

        public override DataColumn Rename(string name) => new DateTimeColumn(name, _ticks);

        internal static DateTimeColumn Adopt(string name, long[] ticks) => new DateTimeColumn(name, ticks);

        private static long CountMissing(long[] ticks)
        {
            long missing = 0;
            foreach (long t in ticks)
            {
                if (t == MissingTicks) missing++;
                else if (t < DateTime.MinValue.Ticks || t > DateTime.MaxValue.Ticks) throw new ArgumentOutOfRangeException(nameof(ticks), $"{t} is not a valid DateTime tick count.");
            }
            return missing;
        }
    }

    /// <summary>A String column, null for missing.</summary>
    public sealed class StringColumn : DataColumn
    {
        private readonly string?[] _values;

        /// <param name="values">Copied; null marks a missing value.</param>
        public StringColumn(string name, string?[] values)
            : this(name, (string?[])(values ?? throw new ArgumentNullException(nameof(values))).Clone(), adopt: true)
        {
        }

        private StringColumn(string name, string?[] values, bool adopt)
            : base(name)
        {
            _values = values;
            long missing = 0;
            foreach (var v in values)
            {
                if (v == null) missing++;
            }
            MissingCount = missing;
        }

        public override ColumnType Type => ColumnType.String;

        public override int Length => _values.Length;

        public string? this[int row] => _values[row];

        internal string?[] Values => _values;

        public override bool IsMissing(int row) => _values[row] == null;

        public override object? GetValue(int row) => _values[row];

        public string?[] ToArray() => (string?[])_values.Clone();

        public override DataColumn Rename(string name) => new StringColumn(name, _values, adopt: true);

        internal static StringColumn Adopt(string name, string?[] values) => new StringColumn(name, values, adopt: true);
    }

    internal static class DoubleStorage
    {
        public static long CountNaN(double[] values)
        {
            long missing = 0;
            for (int i = 0; i < values.Length; i++)
            {
                double v = values[i];
                if (double.IsNaN(v)) missing++;
            }
            return missing;
        }
    }
}
