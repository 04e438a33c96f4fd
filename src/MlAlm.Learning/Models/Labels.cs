using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MlAlm.Learning.Data;

namespace MlAlm.Learning.Models
{
    /// <summary>The label values a learner trains on, and which rows they came from.</summary>
    internal sealed class PreparedLabels
    {
        public PreparedLabels(double[] values, int[]? rows, int skipped, string[]? classLabels)
        {
            Values = values;
            Rows = rows;
            Skipped = skipped;
            ClassLabels = classLabels;
        }

        /// <summary>Regression: the label; binary classification: 1 for the positive class, else 0.</summary>
        public double[] Values { get; }

        /// <summary>The rows kept (those with a label), or null when every row was kept.</summary>
        public int[]? Rows { get; }

        public int Skipped { get; }

        /// <summary>[negative, positive] as text, for binary classification.</summary>
        public string[]? ClassLabels { get; }
    }

    /// <summary>
    /// Label rules. Regression: a Number label. Binary classification: a Number, Boolean or String
    /// label with exactly two distinct non-missing values; the negative class is the smaller (numbers;
    /// false before true; strings in ordinal order). Rows with a missing label are skipped.
    /// </summary>
    internal static class Labels
    {
        public static LearningTask ResolveTask(DataColumn label, string learner, TrainingTask requested)
        {
            switch (learner)
            {
                case Learners.LinearRegression when requested == TrainingTask.BinaryClassification:
                    throw new ArgumentException("LinearRegression learns regression, not binary classification; use LogisticRegression or BoostedDecisionTree.");
                case Learners.LogisticRegression when requested == TrainingTask.Regression:
                    throw new ArgumentException("LogisticRegression learns binary classification, not regression; use LinearRegression or BoostedDecisionTree.");
                case Learners.LinearRegression:
                    return LearningTask.Regression;
                case Learners.LogisticRegression:
                    return LearningTask.BinaryClassification;
            }
            if (requested == TrainingTask.Regression) return LearningTask.Regression;
            if (requested == TrainingTask.BinaryClassification) return LearningTask.BinaryClassification;
            // Auto for trees: a Boolean or String label, or a Number label with two values, is a class.
            if (label.Type == ColumnType.Boolean || label.Type == ColumnType.String) return LearningTask.BinaryClassification;
            if (label is NumberColumn number && DistinctNumbers(number.Values, 3).Count == 2) return LearningTask.BinaryClassification;
            return LearningTask.Regression;
        }

        /// <exception cref="ArgumentException">The label does not suit the task.</exception>
        public static PreparedLabels Prepare(DataColumn label, LearningTask task)
        {
            int n = label.Length;
            int skipped = (int)label.MissingCount;
            int[]? rows = null;
            if (skipped > 0)
            {
                rows = new int[n - skipped];
                for (int i = 0, k = 0; i < n; i++)
                {
                    if (!label.IsMissing(i)) rows[k++] = i;
                }
            }
            int count = n - skipped;

            if (task == LearningTask.Regression)
            {
                if (!(label is NumberColumn number))
                    throw new ArgumentException($"Regression needs a Number label, but column '{label.Name}' is {label.Type}" +
                        (label.Type == ColumnType.Boolean || label.Type == ColumnType.String ? "; train a binary classifier for it instead." : "."));
                var values = Gather(number.Values, rows, count);
                for (int i = 0; i < values.Length; i++)
                {
                    if (double.IsInfinity(values[i]))
                        throw new ArgumentException($"Label column '{label.Name}' holds an infinite value (row {(rows == null ? i : rows[i]) + 1}).");
                }
                return new PreparedLabels(values, rows, skipped, null);
            }

            switch (label)
            {
                case NumberColumn number:
                {
                    var distinct = DistinctNumbers(number.Values, 6);
                    RequireTwo(label, distinct.Count, () => distinct.Select(Format));
                    double negative = Math.Min(distinct[0], distinct[1]), positive = Math.Max(distinct[0], distinct[1]);
                    var values = Gather(number.Values, rows, count);
                    for (int i = 0; i < values.Length; i++) values[i] = values[i] == positive ? 1 : 0;
                    return new PreparedLabels(values, rows, skipped, new[] { Format(negative), Format(positive) });
                }
                case BooleanColumn boolean:
                {
                    var distinct = DistinctNumbers(boolean.Values, 3);
                    RequireTwo(label, distinct.Count, () => distinct.Select(v => v != 0 ? "true" : "false"));
                    return new PreparedLabels(Gather(boolean.Values, rows, count), rows, skipped, new[] { "false", "true" });
                }
                case StringColumn text:
                {
                    var distinct = DistinctStrings(text.Values, 6);
                    RequireTwo(label, distinct.Count, () => distinct.Select(s => "'" + s + "'"));
                    string negative = string.CompareOrdinal(distinct[0], distinct[1]) < 0 ? distinct[0] : distinct[1];
                    string positive = ReferenceEquals(negative, distinct[0]) ? distinct[1] : distinct[0];
                    var values = new double[count];
                    var source = text.Values;
                    for (int i = 0; i < count; i++)
                    {
                        string? v = source[rows == null ? i : rows[i]];
                        values[i] = ReferenceEquals(v, positive) || string.Equals(v, positive, StringComparison.Ordinal) ? 1 : 0;
                    }
                    return new PreparedLabels(values, rows, skipped, new[] { negative, positive });
                }
                default:
                    throw new ArgumentException($"Binary classification needs a Number, Boolean or String label, but column '{label.Name}' is {label.Type}.");
            }
        }

        private static void RequireTwo(DataColumn label, int distinct, Func<IEnumerable<string>> values)
        {
            if (distinct == 2) return;
            string found = distinct == 0 ? "it has no values"
                : distinct == 1 ? $"it has only one ({values().First()})"
                : $"it has more ({string.Join(", ", values().Take(5))}{(distinct > 5 ? ", ..." : string.Empty)})";
            throw new ArgumentException($"Binary classification needs exactly two distinct values in label column '{label.Name}', but {found}.");
        }

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        private static double[] Gather(double[] source, int[]? rows, int count)
        {
            var values = new double[count];
            if (rows == null) Array.Copy(source, values, count);
            else for (int i = 0; i < count; i++) values[i] = source[rows[i]];
            return values;
        }

        /// <summary>Distinct non-NaN values in order of appearance, stopping at <paramref name="limit"/>.</summary>
        private static List<double> DistinctNumbers(double[] values, int limit)
        {
            var found = new List<double>(limit);
            for (int i = 0; i < values.Length; i++)
            {
                double v = values[i];
                if (double.IsNaN(v)) continue;
                bool known = false;
                for (int k = 0; k < found.Count; k++)
                {
                    if (found[k] == v)
                    {
                        known = true;
                        break;
                    }
                }
                if (known) continue;
                found.Add(v);
                if (found.Count == limit) break;
            }
            return found;
        }

        private static List<string> DistinctStrings(string?[] values, int limit)
        {
            var found = new List<string>(limit);
            string? last = null;
            for (int i = 0; i < values.Length; i++)
            {
                string? v = values[i];
                if (v == null || ReferenceEquals(v, last)) continue;
                last = v;
                if (found.Contains(v, StringComparer.Ordinal)) continue;
                found.Add(v);
                if (found.Count == limit) break;
            }
            return found;
        }
    }
}
