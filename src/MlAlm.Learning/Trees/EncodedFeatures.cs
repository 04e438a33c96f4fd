using System;

namespace MlAlm.Learning.Trees
{
    /// <summary>
    /// Numeric input for <see cref="GradientBoostedTrees"/>: one <see cref="double"/> array per feature
    /// (column-major), all of the same length. <see cref="double.NaN"/> is a missing value. A
    /// categorical column holds integer category codes 0..k-1 stored as doubles; any other value in it
    /// (NaN, negative, fractional, 2^20 or more) is read as "missing or unknown", and so are codes
    /// too rare to get a bin of their own (see <see cref="BoostingOptions.NumberOfBins"/>).
    /// </summary>
    /// <remarks>
    /// The arrays are adopted, not copied: do not change them while a model trains on them or
    /// predicts from them.
    /// </remarks>
    public sealed class EncodedFeatures
    {
        /// <param name="columns">One array per feature, each <see cref="RowCount"/> long; at least one.</param>
        /// <param name="isCategorical">For each feature, whether it holds category codes.</param>
        /// <param name="names">For each feature, its name (kept in the model for diagnostics and checks).</param>
        public EncodedFeatures(double[][] columns, bool[] isCategorical, string[] names)
        {
            if (columns == null) throw new ArgumentNullException(nameof(columns));
            if (isCategorical == null) throw new ArgumentNullException(nameof(isCategorical));
            if (names == null) throw new ArgumentNullException(nameof(names));
            if (columns.Length == 0) throw new ArgumentException("At least one feature column is needed.", nameof(columns));
            if (isCategorical.Length != columns.Length)
                throw new ArgumentException($"{isCategorical.Length} categorical flags for {columns.Length} columns.", nameof(isCategorical));
            if (names.Length != columns.Length)
                throw new ArgumentException($"{names.Length} names for {columns.Length} columns.", nameof(names));

            int rows = columns[0]?.Length ?? 0;
            for (int j = 0; j < columns.Length; j++)
            {
                if (columns[j] == null) throw new ArgumentException($"Column {j} is null.", nameof(columns));
                if (columns[j].Length != rows)
                    throw new ArgumentException($"Column {j} ('{names[j]}') has {columns[j].Length} rows, column 0 has {rows}.", nameof(columns));
                if (names[j] == null) throw new ArgumentException($"The name of column {j} is null.", nameof(names));
            }
            Columns = columns;
            IsCategorical = isCategorical;
            Names = names;
            RowCount = rows;
        }

        /// <summary>Feature values, column-major: <c>Columns[feature][row]</c>.</summary>
        public double[][] Columns { get; }

        /// <summary>Whether each feature holds integer category codes rather than numbers.</summary>
        public bool[] IsCategorical { get; }

        /// <summary>Feature names, in column order.</summary>
        public string[] Names { get; }

        public int RowCount { get; }

        public int FeatureCount => Columns.Length;
    }
}
