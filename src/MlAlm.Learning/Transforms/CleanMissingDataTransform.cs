using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using MlAlm.Learning.Data;

namespace MlAlm.Learning.Transforms
{
    /// <summary>How <see cref="MissingValueCleaner"/> treats a missing value.</summary>
    public enum CleanMethod
    {
        /// <summary>The mean of the column's values (Number, Boolean, DateTime).</summary>
        Mean,

        /// <summary>The median of the column's values (Number, Boolean, DateTime).</summary>
        Median,

        /// <summary>The most frequent value (any type).</summary>
        Mode,

        /// <summary>A given value, read as the column's type.</summary>
        Constant,

        /// <summary>The row is removed.</summary>
        RemoveRow,
    }

    /// <summary>
    /// The CleanMissingData transform: a replacement value per column, learned by
    /// <see cref="MissingValueCleaner.Fit"/>, or (<see cref="CleanMethod.RemoveRow"/>) the columns
    /// in which a missing value removes the row.
    /// </summary>
    /// <remarks>
    /// Applied to new data it does the same as in training: the learned values replace missing
    /// values (they are not learned again from the new rows), and a RemoveRow transform removes
    /// the new rows that miss a value in one of its columns, so its output can have fewer rows
    /// than its input. Values that are present are never changed.
    /// </remarks>
    public sealed class CleanMissingDataTransform : TableTransform
    {
        public const string TransformKind = "CleanMissingData";

        // Per column, by the column's type: Number and Boolean use _numbers (Boolean: 0 or 1),
        // DateTime uses _ticks, String uses _strings. Unused for RemoveRow.
        private readonly double[] _numbers;
        private readonly long[] _ticks;
        private readonly string?[] _strings;

        internal CleanMissingDataTransform(CleanMethod method, IReadOnlyList<ColumnSchema> columns, double[] numbers, long[] ticks, string?[] strings)
            : base(TransformKind, new ReadOnlyCollection<ColumnSchema>(Copy(columns)))
        {
            Method = method;
            _numbers = numbers;
            _ticks = ticks;
            _strings = strings;
            var replacements = new object?[columns.Count];
            if (method != CleanMethod.RemoveRow)
            {
                for (int c = 0; c < replacements.Length; c++)
                {
                    replacements[c] = columns[c].Type switch
                    {
                        ColumnType.Number => numbers[c],
                        ColumnType.Boolean => numbers[c] != 0,
                        ColumnType.DateTime => new DateTime(ticks[c], DateTimeKind.Utc),
                        _ => strings[c],
                    };
                }
            }
            Replacements = new ReadOnlyCollection<object?>(replacements);
        }

        public CleanMethod Method { get; }

        /// <summary>
        /// The replacement for each of <see cref="TableTransform.Columns"/>, in the same order: a
        /// double (Number), bool (Boolean), UTC DateTime (DateTime) or string (String); null for RemoveRow.
        /// </summary>
        public IReadOnlyList<object?> Replacements { get; }

        internal double NumberAt(int column) => _numbers[column];

        internal long TicksAt(int column) => _ticks[column];

        internal string? StringAt(int column) => _strings[column];

        /// <inheritdoc />
        public override DataTable Apply(DataTable input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            var inputs = new DataColumn[Columns.Count];
            for (int c = 0; c < inputs.Length; c++) inputs[c] = TransformInput.Column(input, Columns[c], Kind);

            if (Method == CleanMethod.RemoveRow) return RemoveRows(input, inputs);

            var result = input;
            for (int c = 0; c < inputs.Length; c++)
            {
                var column = inputs[c];
                if (column.MissingCount == 0 && ReferenceEquals(column, input[column.Name])) continue;
                result = result.With(Fill(column, c));
            }
            return result;
        }

        private DataColumn Fill(DataColumn column, int index)
        {
            switch (column)
            {
                case NumberColumn numbers:
                    return NumberColumn.Adopt(column.Name, Fill(numbers.Values, _numbers[index]));
                case BooleanColumn flags:
                    return BooleanColumn.Adopt(column.Name, Fill(flags.Values, _numbers[index]));
                case DateTimeColumn times:
                {
                    var source = times.Ticks;
                    var filled = new long[source.Length];
                    long replacement = _ticks[index];
                    for (int i = 0; i < filled.Length; i++)
                    {
                        long t = source[i];
                        filled[i] = t == DateTimeColumn.MissingTicks ? replacement : t;
                    }
                    return DateTimeColumn.Adopt(column.Name, filled);
                }
                default:
                {
                    var source = ((StringColumn)column).Values;
                    var filled = new string?[source.Length];
                    string? replacement = _strings[index];
                    for (int i = 0; i < filled.Length; i++) filled[i] = source[i] ?? replacement;
                    return StringColumn.Adopt(column.Name, filled);
                }
            }
        }

        private static double[] Fill(double[] source, double replacement)
        {
            var filled = new double[source.Length];
            for (int i = 0; i < filled.Length; i++)
            {
                double v = source[i];
                filled[i] = double.IsNaN(v) ? replacement : v;
            }
            return filled;
        }

        private static DataTable RemoveRows(DataTable input, DataColumn[] columns)
        {
            bool any = false;
            foreach (var column in columns) any |= column.MissingCount > 0;
            if (!any) return input;

            var keep = new bool[input.RowCount];
            for (int i = 0; i < keep.Length; i++) keep[i] = true;
            foreach (var column in columns)
            {
                if (column.MissingCount == 0) continue;
                switch (column)
                {
                    case NumberColumn numbers: Clear(keep, numbers.Values); break;
                    case BooleanColumn flags: Clear(keep, flags.Values); break;
                    case DateTimeColumn times:
                    {
                        var ticks = times.Ticks;
                        for (int i = 0; i < keep.Length; i++)
                        {
                            if (ticks[i] == DateTimeColumn.MissingTicks) keep[i] = false;
                        }
                        break;
                    }
                    default:
                    {
                        var strings = ((StringColumn)column).Values;
                        for (int i = 0; i < keep.Length; i++)
                        {
                            if (strings[i] == null) keep[i] = false;
                        }
                        break;
                    }
                }
            }
            return TableRows.Filter(input, keep);
        }

        private static void Clear(bool[] keep, double[] values)
        {
            for (int i = 0; i < keep.Length; i++)
            {
                if (double.IsNaN(values[i])) keep[i] = false;
            }
        }

        private static ColumnSchema[] Copy(IReadOnlyList<ColumnSchema> columns)
        {
            var copy = new ColumnSchema[columns.Count];
            for (int i = 0; i < copy.Length; i++) copy[i] = new ColumnSchema(columns[i].Name, columns[i].Type);
            return copy;
        }
    }
}
