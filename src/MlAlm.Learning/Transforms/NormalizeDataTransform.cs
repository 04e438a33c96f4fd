using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using MlAlm.Learning.Data;

namespace MlAlm.Learning.Transforms
{
    /// <summary>How <see cref="Normalizer"/> rescales a column.</summary>
    public enum NormalizeMethod
    {
        /// <summary>(x − mean) / standard deviation: mean 0 and deviation 1 on the fitted data.</summary>
        ZScore,

        /// <summary>(x − min) / (max − min): 0 to 1 on the fitted data.</summary>
        MinMax,
    }

    /// <summary>The NormalizeData module: learns a scaling per Number column.</summary>
    public static class Normalizer
    {
        /// <summary>
        /// Learns the scaling on <paramref name="table"/>: per column the mean and the population
        /// standard deviation (divided by n, as for the whole population of fitted values) for
        /// ZScore, or the minimum and maximum for MinMax, of the non-missing values.
        /// </summary>
        /// <param name="columns">The columns to rescale (ignoring case); every Number column when null.</param>
        /// <exception cref="ArgumentException">
        /// A named column does not exist or is not a Number column (Boolean included: rescaled
        /// values would no longer be true or false), or a column has no value to learn from. The
        /// message names the column.
        /// </exception>
        public static NormalizeDataTransform Fit(DataTable table, IReadOnlyList<string>? columns, NormalizeMethod method)
        {
            if (table == null) throw new ArgumentNullException(nameof(table));
            if (method != NormalizeMethod.ZScore && method != NormalizeMethod.MinMax) throw new ArgumentOutOfRangeException(nameof(method));

            var selected = new List<NumberColumn>();
            if (columns == null)
            {
                foreach (var column in table.Columns)
                {
                    if (column is NumberColumn numbers) selected.Add(numbers);
                }
            }
            else
            {
                foreach (int index in ColumnNames.Resolve(table, columns, nameof(columns)))
                {
                    var column = table[index];
                    selected.Add(column as NumberColumn
                        ?? throw new ArgumentException($"Column '{column.Name}' is {column.Type}; NormalizeData rescales Number columns only.", nameof(columns)));
                }
            }

            var schemas = new ColumnSchema[selected.Count];
            var first = new double[selected.Count];
            var second = new double[selected.Count];
            for (int c = 0; c < selected.Count; c++)
            {
                var column = selected[c];
                schemas[c] = new ColumnSchema(column.Name, ColumnType.Number);
                if (column.Length - column.MissingCount == 0)
                    throw new ArgumentException($"Column '{column.Name}' has no values to learn a scaling from.", nameof(columns));
                double[] values = column.Values;
                if (method == NormalizeMethod.ZScore)
                {
                    double mean = ColumnStatistics.Mean(values, out int count);
                    double squares = 0;
                    for (int i = 0; i < values.Length; i++)
                    {
                        double v = values[i];
                        if (double.IsNaN(v)) continue;
                        double d = v - mean;
                        squares += d * d;
                    }
                    first[c] = mean;
                    second[c] = Math.Sqrt(squares / count);
                }
                else
                {
                    double min = double.PositiveInfinity, max = double.NegativeInfinity;
                    for (int i = 0; i < values.Length; i++)
                    {
                        double v = values[i];
                        if (v < min) min = v;
                        if (v > max) max = v;
                    }
                    first[c] = min;
                    second[c] = max;
                }
            }
            return new NormalizeDataTransform(method, schemas, first, second);
        }
    }

    /// <summary>
    /// The NormalizeData transform: for each column, ZScore's mean and standard deviation or
    /// MinMax's minimum and maximum, learned by <see cref="Normalizer.Fit"/> and applied unchanged
    /// to new data (whose values may then fall outside 0 to 1, or away from mean 0).
    /// </summary>
    /// <remarks>
    /// ZScore gives (x − mean) / deviation, MinMax (x − min) / (max − min). When the deviation or
    /// the range is 0 (every fitted value the same) every value becomes 0. Missing values stay
    /// missing. The output columns are Number columns of the same names, in the same places.
    /// </remarks>
    public sealed class NormalizeDataTransform : TableTransform
    {
        public const string TransformKind = "NormalizeData";

        private readonly double[] _first;
        private readonly double[] _second;

        internal NormalizeDataTransform(NormalizeMethod method, IReadOnlyList<ColumnSchema> columns, double[] first, double[] second)
            : base(TransformKind, new ReadOnlyCollection<ColumnSchema>(new List<ColumnSchema>(columns)))
        {
            Method = method;
            _first = first;
            _second = second;
        }

        public NormalizeMethod Method { get; }

        /// <summary>The mean (ZScore) or minimum (MinMax) learned for the column at this position in <see cref="TableTransform.Columns"/>.</summary>
        public double GetCenter(int column) => _first[column];

        /// <summary>The standard deviation (ZScore) or maximum (MinMax) learned for the column at this position.</summary>
        public double GetSpread(int column) => _second[column];

        /// <inheritdoc />
        public override DataTable Apply(DataTable input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            var inputs = new NumberColumn[Columns.Count];
            for (int c = 0; c < inputs.Length; c++) inputs[c] = (NumberColumn)TransformInput.Column(input, Columns[c], Kind);

            var result = input;
            for (int c = 0; c < inputs.Length; c++)
            {
                double center = _first[c];
                double scale = Method == NormalizeMethod.ZScore ? _second[c] : _second[c] - _first[c];
                double[] source = inputs[c].Values;
                var scaled = new double[source.Length];
                if (scale == 0)
                {
                    // A constant column: 0 for every value, missing stays missing.
                    for (int i = 0; i < scaled.Length; i++) scaled[i] = double.IsNaN(source[i]) ? double.NaN : 0;
                }
                else
                {
                    for (int i = 0; i < scaled.Length; i++) scaled[i] = (source[i] - center) / scale;
                }
                result = result.With(NumberColumn.Adopt(inputs[c].Name, scaled));
            }
            return result;
        }
    }
}
