using System;
using System.Collections.Generic;
using System.Linq;
using MlAlm.Learning.Data;

namespace MlAlm.Learning.Models
{
    /// <summary>
    /// A trained model: what it reads (its input columns and their types), what it predicts, and
    /// how. Learners derive from this; <see cref="Score"/> is shared. Saved and loaded as a model
    /// package (docs/model-package.md) that needs no workspace.
    /// </summary>
    public abstract class TrainedModel
    {
        public const string ScoredLabelsColumn = "Scored Labels";
        public const string ScoredProbabilitiesColumn = "Scored Probabilities";

        private protected TrainedModel(string learner, LearningTask task, string labelColumn, ColumnType labelType,
            IReadOnlyList<ColumnSchema> inputColumns, IReadOnlyList<string>? classLabels)
        {
            if (task == LearningTask.BinaryClassification && (classLabels == null || classLabels.Count != 2))
                throw new ArgumentException("A binary classifier needs exactly two class labels (negative, positive).", nameof(classLabels));
            Learner = learner;
            Task = task;
            LabelColumn = labelColumn;
            LabelType = labelType;
            InputColumns = inputColumns;
            ClassLabels = classLabels;
        }

        /// <summary>LinearRegression, LogisticRegression or BoostedDecisionTree.</summary>
        public string Learner { get; }

        public LearningTask Task { get; }

        /// <summary>The column the model was trained to predict.</summary>
        public string LabelColumn { get; }

        /// <summary>The label column's type in training, so scored labels come back in the same type.</summary>
        public ColumnType LabelType { get; }

        /// <summary>The columns the model reads, with the types it was trained on: its input schema.</summary>
        public IReadOnlyList<ColumnSchema> InputColumns { get; }

        /// <summary>For binary classification, the label values [negative, positive] as text; null for regression.</summary>
        public IReadOnlyList<string>? ClassLabels { get; }

        /// <summary>How the model was trained (also read back from a package); null when unknown.</summary>
        public TrainingSummary? Training { get; internal set; }

        /// <summary>The version of the learner's state layout (<see cref="WriteState"/>).</summary>
        internal abstract int StateVersion { get; }

        /// <summary>Writes the learner's state (encoder, weights...) into the package payload.</summary>
        internal abstract void WriteState(System.IO.BinaryWriter writer);

        /// <summary>A human-readable summary of the learned parameters for the package manifest (informational only).</summary>
        internal abstract Newtonsoft.Json.Linq.JObject DescribeModel();

        /// <summary>
        /// One prediction per row into <paramref name="output"/>: the estimate for regression, the
        /// probability of the positive class for binary classification. Throws
        /// <see cref="ArgumentException"/> naming the column when an input column is missing or of
        /// the wrong type. Safe to call from several threads at once; costs no setup per call
        /// beyond finding the input columns, so scoring one row is cheap.
        /// </summary>
        public abstract void Predict(DataTable input, double[] output);

        /// <summary>
        /// The scored table: the input's columns when <paramref name="appendColumns"/>, then
        /// "Scored Labels" and, for binary classification, "Scored Probabilities".
        /// </summary>
        public DataTable Score(DataTable input, bool appendColumns)
        {
            var predictions = new double[input.RowCount];
            Predict(input, predictions);
            var columns = appendColumns ? input.Columns.Where(c => !IsScoreColumn(c.Name)).ToList() : new List<DataColumn>();
            if (Task == LearningTask.Regression)
            {
                columns.Add(new NumberColumn(ScoredLabelsColumn, predictions));
                return new DataTable(columns);
            }
            columns.Add(ScoredLabels(predictions));
            columns.Add(new NumberColumn(ScoredProbabilitiesColumn, predictions));
            return new DataTable(columns);
        }

        /// <summary>Checks that <paramref name="input"/> has every input column with a usable type.</summary>
        public void CheckInput(DataTable input)
        {
            foreach (var expected in InputColumns)
            {
                if (!input.TryGetColumn(expected.Name, out var actual))
                    throw new ArgumentException($"The input has no column '{expected.Name}', which the model reads ({expected.Type}).");
                if (!Compatible(expected.Type, actual.Type))
                    throw new ArgumentException($"Column '{expected.Name}' is {actual.Type} but the model was trained on {expected.Type}.");
            }
        }

        private static bool Compatible(ColumnType trained, ColumnType given) =>
            // numbers and booleans are both numeric to a model
            trained == given || (trained == ColumnType.Number && given == ColumnType.Boolean);

        private static bool IsScoreColumn(string name) =>
            string.Equals(name, ScoredLabelsColumn, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(name, ScoredProbabilitiesColumn, StringComparison.OrdinalIgnoreCase);

        private DataColumn ScoredLabels(double[] probabilities)
        {
            var labels = ClassLabels!;
            switch (LabelType)
            {
                case ColumnType.Number:
                    double negative = double.Parse(labels[0], System.Globalization.CultureInfo.InvariantCulture);
                    double positive = double.Parse(labels[1], System.Globalization.CultureInfo.InvariantCulture);
                    return new NumberColumn(ScoredLabelsColumn, probabilities.Select(p => double.IsNaN(p) ? double.NaN : p >= 0.5 ? positive : negative).ToArray());
                case ColumnType.Boolean:
                    bool positiveIsTrue = string.Equals(labels[1], "true", StringComparison.OrdinalIgnoreCase);
                    return new BooleanColumn(ScoredLabelsColumn, probabilities.Select(p => double.IsNaN(p) ? (bool?)null : (p >= 0.5) == positiveIsTrue).ToArray());
                default:
                    return new StringColumn(ScoredLabelsColumn, probabilities.Select(p => double.IsNaN(p) ? null : p >= 0.5 ? labels[1] : labels[0]).ToArray());
            }
        }
    }
}
