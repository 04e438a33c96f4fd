using System;

namespace MlAlm.Learning.Features
{
    /// <summary>
    /// A feature matrix stored by column, as every learner consumes it (linear and logistic
    /// regression, and the boosted trees of <see cref="Trees.GradientBoostedTrees"/>): one
    /// <c>double[]</c> of <see cref="RowCount"/> values per feature. A numeric feature holds its
    /// value (NaN for missing when the encoder keeps missing values); a categorical feature holds a
    /// category code 0..<c>CategoryCounts[j]</c>-1, or NaN for a missing or unknown category.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The arrays may be shared with the table they were encoded from (a clean Number column is not
    /// copied), so a consumer must treat them as read-only.
    /// </para>
    /// <para>
    /// Linear learners need <see cref="CategoryCounts"/> to give each code its own weight. The trees
    /// do not read it: binning finds the codes, and reads any other value in a categorical feature
    /// (negative, fractional, 2^20 or more) as missing.
    /// </para>
    /// </remarks>
    public sealed class EncodedFeatures
    {
        public EncodedFeatures(double[][] columns, bool[] isCategorical, int[] categoryCounts, string[] names, int rowCount)
        {
            if (columns == null) throw new ArgumentNullException(nameof(columns));
            if (isCategorical == null) throw new ArgumentNullException(nameof(isCategorical));
            if (categoryCounts == null) throw new ArgumentNullException(nameof(categoryCounts));
            if (names == null) throw new ArgumentNullException(nameof(names));
            if (rowCount < 0) throw new ArgumentOutOfRangeException(nameof(rowCount));
            if (isCategorical.Length != columns.Length || categoryCounts.Length != columns.Length || names.Length != columns.Length)
                throw new ArgumentException("Columns, categorical flags, category counts and names must have the same length.");
            for (int j = 0; j < columns.Length; j++)
            {
                if (names[j] == null) throw new ArgumentException($"The name of feature {j} is null.", nameof(names));
                if (columns[j] == null || columns[j].Length != rowCount)
                    throw new ArgumentException($"Feature '{names[j]}' does not have {rowCount} values.", nameof(columns));
                if (!isCategorical[j] && categoryCounts[j] != 0)
                    throw new ArgumentException($"Feature '{names[j]}' is numeric but has a category count.", nameof(categoryCounts));
                if (categoryCounts[j] < 0) throw new ArgumentOutOfRangeException(nameof(categoryCounts));
            }
            Columns = columns;
            IsCategorical = isCategorical;
            CategoryCounts = categoryCounts;
            Names = names;
            RowCount = rowCount;
        }

        /// <summary>One array of <see cref="RowCount"/> values per feature (column-major). Read-only by contract.</summary>
        public double[][] Columns { get; }

        /// <summary>Whether each feature holds category codes rather than numbers.</summary>
        public bool[] IsCategorical { get; }

        /// <summary>For a categorical feature, the number of codes k (codes are 0..k-1); 0 for a numeric feature.</summary>
        public int[] CategoryCounts { get; }

        /// <summary>Feature names, for logs and model summaries; the trees keep them in the model.</summary>
        public string[] Names { get; }

        public int RowCount { get; }

        public int FeatureCount => Columns.Length;
    }
}
