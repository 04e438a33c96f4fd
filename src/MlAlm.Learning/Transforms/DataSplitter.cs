using System;
using System.Collections.Generic;
using MlAlm.Learning.Data;

namespace MlAlm.Learning.Transforms
{
    /// <summary>The SplitData module: a seeded random split of rows into two tables.</summary>
    /// <remarks>
    /// <para>
    /// The first table gets round(fraction × n) rows (half away from zero), chosen by a partial
    /// Fisher–Yates shuffle of the row numbers (for i from 0 to k − 1, swap position i with a
    /// uniform position in [i, n)) driven by <see cref="SeededRandom"/>: xoshiro256** whose state
    /// SplitMix64 fills from <c>(uint)seed ^ 0x53504C4954000000</c>. So a seed gives the same split
    /// on every machine and runtime. The second table gets the rest.
    /// Both keep the rows in their original order, so an output compares line by line with its
    /// input; a learner that needs shuffled rows shuffles them itself.
    /// </para>
    /// <para>
    /// Stratified: rows are grouped by the value of the stratify column (missing values form a
    /// group of their own; Number values compare numerically, strings ordinally). Each group is
    /// split on its own with round(fraction × group size) rows to the first table; the groups draw
    /// from the one random sequence one after another, in order of first appearance (the rows of a
    /// group in their original order). Every group therefore keeps its
    /// share in both tables up to one row; because each group rounds on its own, the first table's
    /// size may differ slightly from round(fraction × n).
    /// </para>
    /// </remarks>
    public static class DataSplitter
    {
        /// <param name="fraction">The share of rows for the first table, 0 to 1.</param>
        /// <param name="seed">The random seed; the same seed and table give the same split.</param>
        /// <param name="stratifyColumn">A column whose value proportions both tables keep, or null.</param>
        /// <exception cref="ArgumentOutOfRangeException">The fraction is not between 0 and 1.</exception>
        /// <exception cref="ArgumentException">The stratify column does not exist.</exception>
        public static (DataTable First, DataTable Second) Split(DataTable table, double fraction, int seed, string? stratifyColumn)
        {
            if (table == null) throw new ArgumentNullException(nameof(table));
            if (!(fraction >= 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction must be between 0 and 1.");
            int n = table.RowCount;
            var random = new SeededRandom((ulong)(uint)seed ^ 0x53504C4954000000UL);
            var first = new bool[n];

            if (stratifyColumn == null)
            {
                var rows = new int[n];
                for (int i = 0; i < n; i++) rows[i] = i;
                Choose(rows, 0, n, Share(fraction, n), random, first);
            }
            else
            {
                if (!table.TryGetColumn(stratifyColumn, out var column))
                    throw new ArgumentException($"The table has no column named '{stratifyColumn}' to stratify by.", nameof(stratifyColumn));
                int[] stratum = Strata(column, out int strata);

                // Rows grouped by stratum (a counting sort, so each group keeps the original order).
                var start = new int[strata + 1];
                for (int i = 0; i < n; i++) start[stratum[i] + 1]++;
                for (int s = 0; s < strata; s++) start[s + 1] += start[s];
                var next = (int[])start.Clone();
                var rows = new int[n];
                for (int i = 0; i < n; i++) rows[next[stratum[i]]++] = i;
                for (int s = 0; s < strata; s++)
                {
                    int size = start[s + 1] - start[s];
                    Choose(rows, start[s], size, Share(fraction, size), random, first);
                }
            }

            var second = new bool[n];
            for (int i = 0; i < n; i++) second[i] = !first[i];
            return (TableRows.Filter(table, first), TableRows.Filter(table, second));
        }

        private static int Share(double fraction, int size) =>
            (int)Math.Min(size, Math.Round(fraction * size, MidpointRounding.AwayFromZero));

        // Marks k of rows[offset..offset+size) at random: a partial Fisher–Yates shuffle of that range.
        private static void Choose(int[] rows, int offset, int size, int k, SeededRandom random, bool[] chosen)
        {
            for (int i = 0; i < k; i++)
            {
                int j = i + random.NextInt(size - i);
                int a = offset + i, b = offset + j;
                int t = rows[a];
                rows[a] = rows[b];
                rows[b] = t;
                chosen[rows[a]] = true;
            }
        }

        // A stratum number per row, numbered by first appearance.
        private static int[] Strata(DataColumn column, out int count)
        {
            var stratum = new int[column.Length];
            int missing = -1;
            int strata = 0;
            switch (column)
            {
                case NumberColumn _:
                case BooleanColumn _:
                {
                    double[] values = column is NumberColumn numbers ? numbers.Values : ((BooleanColumn)column).Values;
                    var ids = new Dictionary<double, int>();
                    for (int i = 0; i < values.Length; i++)
                    {
                        double v = values[i];
                        if (double.IsNaN(v)) { stratum[i] = missing < 0 ? (missing = strata++) : missing; continue; }
                        if (v == 0) v = 0; // -0 and +0 are one value
                        if (!ids.TryGetValue(v, out int id)) ids.Add(v, id = strata++);
                        stratum[i] = id;
                    }
                    break;
                }
                case DateTimeColumn times:
                {
                    long[] ticks = times.Ticks;
                    var ids = new Dictionary<long, int>();
                    for (int i = 0; i < ticks.Length; i++)
                    {
                        if (!ids.TryGetValue(ticks[i], out int id)) ids.Add(ticks[i], id = strata++);
                        stratum[i] = id;
                    }
                    break;
                }
                case StringColumn strings:
                {
                    string?[] values = strings.Values;
                    var ids = new Dictionary<string, int>(StringComparer.Ordinal);
                    for (int i = 0; i < values.Length; i++)
                    {
                        string? v = values[i];
                        if (v == null) { stratum[i] = missing < 0 ? (missing = strata++) : missing; continue; }
                        if (!ids.TryGetValue(v, out int id)) ids.Add(v, id = strata++);
                        stratum[i] = id;
                    }
                    break;
                }
                default:
                    throw new NotSupportedException($"Column '{column.Name}' is a {column.GetType().Name}, which cannot stratify a split.");
            }
            count = strata;
            return stratum;
        }
    }
}
