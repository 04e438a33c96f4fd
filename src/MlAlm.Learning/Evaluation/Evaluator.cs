using System;
using System.Collections.Generic;
using System.Globalization;
using MlAlm.Learning.Data;
using MlAlm.Learning.Models;

namespace MlAlm.Learning.Evaluation
{
    /// <summary>The names of the metrics <see cref="Evaluator"/> reports, in the order it reports them.</summary>
    public static class MetricNames
    {
        public const string Auc = "AUC";
        public const string Accuracy = "Accuracy";
        public const string Precision = "Precision";
        public const string Recall = "Recall";
        public const string F1 = "F1";
        public const string LogLoss = "LogLoss";
        public const string MeanAbsoluteError = "MAE";
        public const string RootMeanSquaredError = "RMSE";
        public const string RSquared = "R2";
        public const string RowsSkipped = "RowsSkipped";
    }

    /// <summary>The EvaluateModel module: metrics of a scored table against its true labels.</summary>
    /// <remarks>
    /// <para>
    /// The task follows from the scored columns (<see cref="TrainedModel.Score"/>): a
    /// "Scored Probabilities" column means binary classification, otherwise "Scored Labels" must be
    /// a Number column and the metrics are regression metrics.
    /// </para>
    /// <para>
    /// Binary: AUC, Accuracy, Precision, Recall, F1, LogLoss, RowsSkipped. The label column and
    /// Scored Labels must have the same type. The positive class is the one given, or else the one
    /// the rows show: the value Scored Labels takes where the probability is at least 0.5 (or, when
    /// no row reaches 0.5, the label value that Scored Labels never takes). A row counts as
    /// predicted positive when its Scored Labels is the positive class. AUC is exact: the
    /// Mann–Whitney statistic with tied probabilities given their average rank; it is NaN when only
    /// one class is present. Precision, recall and F1 are 0 when their denominator is 0. LogLoss is
    /// the mean of −ln p of the true class, with p clipped to [1e−15, 1 − 1e−15].
    /// </para>
    /// <para>
    /// Regression: MAE, RMSE, R2, RowsSkipped. R2 = 1 − SSres/SStot; when every label is the same
    /// (SStot = 0) it is 1 for a perfect fit and 0 otherwise (as scikit-learn reports it).
    /// </para>
    /// <para>
    /// A row whose label, score or probability is missing is skipped and counted in RowsSkipped.
    /// With no row left every metric but RowsSkipped is NaN.
    /// </para>
    /// </remarks>
    public static class Evaluator
    {
        private const double Epsilon = 1e-15;

        /// <summary>Evaluates a scored table, deriving the positive class from the rows when it is binary.</summary>
        /// <exception cref="ArgumentException">A column is missing or of the wrong type, or the classes cannot be told apart.</exception>
        public static MetricSet Evaluate(DataTable scored, string labelColumn) => Evaluate(scored, labelColumn, null);

        /// <param name="positiveLabel">
        /// For binary classification, the label value of the positive class as text (as in a CSV
        /// file), or null to derive it from the rows. Ignored for regression.
        /// </param>
        public static MetricSet Evaluate(DataTable scored, string labelColumn, string? positiveLabel)
        {
            if (scored == null) throw new ArgumentNullException(nameof(scored));
            if (string.IsNullOrEmpty(labelColumn)) throw new ArgumentException("Name the label column.", nameof(labelColumn));
            if (!scored.TryGetColumn(labelColumn, out var label))
                throw new ArgumentException($"The scored table has no label column '{labelColumn}'.", nameof(labelColumn));
            if (!scored.TryGetColumn(TrainedModel.ScoredLabelsColumn, out var scoredLabels))
                throw new ArgumentException($"The table has no '{TrainedModel.ScoredLabelsColumn}' column; evaluate the output of ScoreModel.", nameof(scored));
            if (scored.TryGetColumn(TrainedModel.ScoredProbabilitiesColumn, out var probabilities))
                return Binary(label, scoredLabels, probabilities, positiveLabel);
            return Regression(label, scoredLabels);
        }

        private static MetricSet Regression(DataColumn label, DataColumn scores)
        {
            double[] y = NumericValues(label)
                ?? throw new ArgumentException($"The label column '{label.Name}' is {label.Type}; regression metrics need a Number label.", "labelColumn");
            double[] p = scores is NumberColumn numbers ? numbers.Values
                : throw new ArgumentException($"'{scores.Name}' is {scores.Type}; regression metrics need Number scores.", "scored");

            int n = 0;
            double meanY = 0;
            for (int i = 0; i < y.Length; i++)
            {
                if (double.IsNaN(y[i]) || double.IsNaN(p[i])) continue;
                n++;
                meanY += (y[i] - meanY) / n;
            }
            double absolute = 0, squares = 0, total = 0;
            for (int i = 0; i < y.Length; i++)
            {
                if (double.IsNaN(y[i]) || double.IsNaN(p[i])) continue;
                double e = y[i] - p[i];
                absolute += Math.Abs(e);
                squares += e * e;
                double d = y[i] - meanY;
                total += d * d;
            }

            var metrics = new MetricSet();
            if (n == 0)
            {
                return metrics.Add(MetricNames.MeanAbsoluteError, double.NaN).Add(MetricNames.RootMeanSquaredError, double.NaN)
                    .Add(MetricNames.RSquared, double.NaN).Add(MetricNames.RowsSkipped, y.Length);
            }
            double r2 = total == 0 ? (squares == 0 ? 1 : 0) : 1 - (squares / total);
            return metrics.Add(MetricNames.MeanAbsoluteError, absolute / n)
                .Add(MetricNames.RootMeanSquaredError, Math.Sqrt(squares / n))
                .Add(MetricNames.RSquared, r2)
                .Add(MetricNames.RowsSkipped, y.Length - n);
        }

        private static MetricSet Binary(DataColumn label, DataColumn scoredLabels, DataColumn probabilityColumn, string? positiveLabel)
        {
            if (label.Type != scoredLabels.Type)
                throw new ArgumentException($"The label column '{label.Name}' is {label.Type} but '{scoredLabels.Name}' is {scoredLabels.Type}; they must have the same type.", "labelColumn");
            double[] p = probabilityColumn is NumberColumn numbers ? numbers.Values
                : throw new ArgumentException($"'{probabilityColumn.Name}' is {probabilityColumn.Type}; it must be a Number column.", "scored");

            var coder = new ClassCoder(label.Type);
            long[] labels = coder.Encode(label);
            long[] predicted = coder.Encode(scoredLabels);
            int rows = label.Length;
            CheckTwoClasses(labels, label.Name, coder);
            bool anyUsable = false;
            for (int i = 0; i < rows && !anyUsable; i++)
            {
                anyUsable = labels[i] != ClassCoder.Missing && predicted[i] != ClassCoder.Missing && !double.IsNaN(p[i]);
            }
            // With no usable row there is nothing to derive the positive class from, nor any need to.
            long positive = positiveLabel != null ? coder.Parse(positiveLabel)
                : anyUsable ? DerivePositive(labels, predicted, p, scoredLabels.Name, coder) : ClassCoder.Missing;

            // One pass: the usable rows' probabilities and true classes, and the confusion counts.
            var scores = new double[rows];
            var truth = new byte[rows];
            int n = 0;
            long tp = 0, fp = 0, fn = 0, tn = 0;
            double logLoss = 0;
            for (int i = 0; i < rows; i++)
            {
                if (labels[i] == ClassCoder.Missing || predicted[i] == ClassCoder.Missing || double.IsNaN(p[i])) continue;
                bool actual = labels[i] == positive;
                bool guess = predicted[i] == positive;
                if (actual) { if (guess) tp++; else fn++; }
                else { if (guess) fp++; else tn++; }
                double q = Math.Min(Math.Max(p[i], Epsilon), 1 - Epsilon);
                logLoss -= actual ? Math.Log(q) : Math.Log(1 - q);
                scores[n] = p[i];
                truth[n] = actual ? (byte)1 : (byte)0;
                n++;
            }

            var metrics = new MetricSet();
            if (n == 0)
            {
                return metrics.Add(MetricNames.Auc, double.NaN).Add(MetricNames.Accuracy, double.NaN).Add(MetricNames.Precision, double.NaN)
                    .Add(MetricNames.Recall, double.NaN).Add(MetricNames.F1, double.NaN).Add(MetricNames.LogLoss, double.NaN)
                    .Add(MetricNames.RowsSkipped, rows);
            }
            double precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
            double recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return metrics.Add(MetricNames.Auc, Auc(scores, truth, n))
                .Add(MetricNames.Accuracy, (double)(tp + tn) / n)
                .Add(MetricNames.Precision, precision)
                .Add(MetricNames.Recall, recall)
                .Add(MetricNames.F1, f1)
                .Add(MetricNames.LogLoss, logLoss / n)
                .Add(MetricNames.RowsSkipped, rows - n);
        }

        /// <summary>
        /// The area under the ROC curve as the Mann–Whitney U statistic: the sum of the positives'
        /// ranks (tied scores sharing their average rank), less its minimum, over positives × negatives.
        /// </summary>
        internal static double Auc(double[] scores, byte[] truth, int n)
        {
            long positives = 0;
            for (int i = 0; i < n; i++) positives += truth[i];
            long negatives = n - positives;
            if (positives == 0 || negatives == 0) return double.NaN;

            Array.Sort(scores, truth, 0, n);
            double rankSum = 0;
            for (int i = 0; i < n;)
            {
                int j = i + 1;
                while (j < n && scores[j] == scores[i]) j++;
                // Rows i..j-1 (ranks i+1..j) share the average rank (i + 1 + j) / 2.
                long tiedPositives = 0;
                for (int k = i; k < j; k++) tiedPositives += truth[k];
                rankSum += tiedPositives * ((i + 1 + j) / 2.0);
                i = j;
            }
            return (rankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
        }

        private static void CheckTwoClasses(long[] labels, string name, ClassCoder coder)
        {
            long first = ClassCoder.Missing, second = ClassCoder.Missing;
            foreach (long key in labels)
            {
                if (key == ClassCoder.Missing || key == first || key == second) continue;
                if (first == ClassCoder.Missing) first = key;
                else if (second == ClassCoder.Missing) second = key;
                else
                {
                    throw new ArgumentException($"The label column '{name}' has more than two classes ({coder.Describe(first)}, {coder.Describe(second)}, {coder.Describe(key)}, ...); binary metrics need two.", "labelColumn");
                }
            }
        }

        private static long DerivePositive(long[] labels, long[] predicted, double[] p, string scoredName, ClassCoder coder)
        {
            long high = ClassCoder.Missing, low = ClassCoder.Missing;
            for (int i = 0; i < p.Length; i++)
            {
                long value = predicted[i];
                if (value == ClassCoder.Missing || double.IsNaN(p[i])) continue;
                if (p[i] >= 0.5)
                {
                    if (high == ClassCoder.Missing) high = value;
                    else if (high != value) throw Inconsistent(scoredName, coder, high, value, "at least");
                }
                else
                {
                    if (low == ClassCoder.Missing) low = value;
                    else if (low != value) throw Inconsistent(scoredName, coder, low, value, "below");
                }
            }
            if (high != ClassCoder.Missing)
            {
                if (high == low)
                    throw new ArgumentException($"'{scoredName}' is {coder.Describe(high)} both at and below probability 0.5, so the positive class cannot be told; give it explicitly.", "positiveLabel");
                return high;
            }
            // No row reached 0.5: the positive class is the label value the scores never take.
            foreach (long key in labels)
            {
                if (key != ClassCoder.Missing && key != low) return key;
            }
            throw new ArgumentException("No row has a probability of 0.5 or more and the labels hold no second class, so the positive class cannot be told; give it explicitly.", "positiveLabel");
        }

        private static ArgumentException Inconsistent(string scoredName, ClassCoder coder, long a, long b, string side) =>
            new ArgumentException($"'{scoredName}' is both {coder.Describe(a)} and {coder.Describe(b)} where the probability is {side} 0.5, so it is not a binary score of these probabilities.", "scored");

        private static double[]? NumericValues(DataColumn column) => column switch
        {
            NumberColumn numbers => numbers.Values,
            BooleanColumn flags => flags.Values,
            _ => null,
        };

        /// <summary>
        /// Encodes the label and score columns (one type) as comparable keys: a double's bits, the
        /// ticks, or the index of a string in a table the two columns share; so rows compare
        /// without boxing and a string label is looked at once.
        /// </summary>
        private sealed class ClassCoder
        {
            public const long Missing = long.MinValue;

            private readonly ColumnType _type;
            private readonly Dictionary<string, long> _ids = new Dictionary<string, long>(StringComparer.Ordinal);
            private readonly List<string> _texts = new List<string>();

            public ClassCoder(ColumnType type) => _type = type;

            public long[] Encode(DataColumn column)
            {
                var keys = new long[column.Length];
                switch (column)
                {
                    case NumberColumn _:
                    case BooleanColumn _:
                    {
                        double[] values = column is NumberColumn numbers ? numbers.Values : ((BooleanColumn)column).Values;
                        for (int i = 0; i < keys.Length; i++) keys[i] = Key(values[i]);
                        break;
                    }
                    case DateTimeColumn times:
                        Array.Copy(times.Ticks, keys, keys.Length); // MissingTicks is long.MinValue too
                        break;
                    case StringColumn strings:
                    {
                        string?[] values = strings.Values;
                        for (int i = 0; i < keys.Length; i++) keys[i] = values[i] == null ? Missing : Id(values[i]!);
                        break;
                    }
                    default:
                        throw new NotSupportedException($"Column '{column.Name}' is a {column.GetType().Name}, which cannot be evaluated.");
                }
                return keys;
            }

            /// <summary>The key of a label given as text, read as the label's type.</summary>
            public long Parse(string text)
            {
                char[] chars = text.ToCharArray();
                switch (_type)
                {
                    case ColumnType.Number:
                        if (NumberParser.TryParse(chars, 0, chars.Length, out double number) && !double.IsNaN(number)) return Key(number);
                        break;
                    case ColumnType.Boolean:
                        if (ValueSyntax.TryParseBoolean(chars, 0, chars.Length, out bool flag)) return Key(flag ? 1 : 0);
                        break;
                    case ColumnType.DateTime:
                        if (ValueSyntax.TryParseDateTime(chars, 0, chars.Length, out long ticks)) return ticks;
                        break;
                    default:
                        return Id(text);
                }
                throw new ArgumentException($"The positive label '{text}' is not a {_type} value like the label column's.", "positiveLabel");
            }

            public string Describe(long key)
            {
                switch (_type)
                {
                    case ColumnType.Number:
                        return DataTableWriter.FormatNumber(BitConverter.Int64BitsToDouble(key));
                    case ColumnType.Boolean:
                        return BitConverter.Int64BitsToDouble(key) != 0 ? "true" : "false";
                    case ColumnType.DateTime:
                        return new DateTime(key, DateTimeKind.Utc).ToString("o", CultureInfo.InvariantCulture);
                    default:
                        return "'" + _texts[(int)key] + "'";
                }
            }

            // +0 and -0 are one class.
            private static long Key(double v) => double.IsNaN(v) ? Missing : BitConverter.DoubleToInt64Bits(v == 0 ? 0.0 : v);

            private long Id(string text)
            {
                if (!_ids.TryGetValue(text, out long id))
                {
                    id = _texts.Count;
                    _ids.Add(text, id);
                    _texts.Add(text);
                }
                return id;
            }
        }
    }
}
