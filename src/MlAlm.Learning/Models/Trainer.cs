using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using MlAlm.Learning.Data;
using MlAlm.Learning.Features;

namespace MlAlm.Learning.Models
{
    /// <summary>Trains a model from a table and a <see cref="TrainingSpec"/>: the TrainModel module.</summary>
    public static class Trainer
    {
        private const int MaxColumnLogLines = 30;

        /// <summary>
        /// Trains <paramref name="spec"/>'s learner on <paramref name="data"/>. The model's
        /// <see cref="TrainedModel.Training"/> holds the log (rows skipped, features, optimizer outcome).
        /// </summary>
        /// <exception cref="ArgumentException">The spec or the data do not allow training; the message names the column or parameter.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        public static TrainedModel Train(DataTable data, TrainingSpec spec, CancellationToken cancellationToken)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            if (spec == null) throw new ArgumentNullException(nameof(spec));
            spec.Validate();
            string learner = Learners.Find(spec.Learner)!;

            if (!data.TryGetColumn(spec.LabelColumn, out var label))
                throw new ArgumentException($"The label column '{spec.LabelColumn}' does not exist; the table has {ColumnList(data)}.");
            var task = Labels.ResolveTask(label, learner, spec.Task);
            var features = FeatureColumns(data, label, spec.FeatureColumns);
            if (data.RowCount == 0) throw new ArgumentException("The training set is empty: the table has no rows.");
            var labels = Labels.Prepare(label, task);
            if (labels.Values.Length == 0)
                throw new ArgumentException($"The training set is empty: the label '{label.Name}' is missing in all {data.RowCount} rows.");

            var log = new List<string>();
            string classes = labels.ClassLabels == null ? string.Empty
                : $", negative class '{labels.ClassLabels[0]}', positive class '{labels.ClassLabels[1]}'";
            log.Add($"{learner} ({task}) on {labels.Values.Length} rows; label '{label.Name}' ({label.Type}){classes}.");
            if (labels.Skipped > 0)
                log.Add($"Skipped {labels.Skipped} of {data.RowCount} rows whose label '{label.Name}' is missing.");

            var table = labels.Rows == null ? data : TableRows.Take(data, features, labels.Rows);
            cancellationToken.ThrowIfCancellationRequested();

            switch (learner)
            {
                case Learners.LinearRegression:
                {
                    var encoder = FitEncoder(table, features, FeatureEncoderOptions.ForLinearModels(), log);
                    var solution = LinearRegression.Fit(encoder.Encode(table), labels.Values, spec.L2Regularization, cancellationToken);
                    log.Add($"Ridge regression {solution.StopReason}: training RMSE {Number(Math.Sqrt(2 * (solution.Objective - Penalty(solution, spec.L2Regularization))))}, objective {Number(solution.Objective)}.");
                    var model = new LinearRegressionModel(label.Name, encoder, solution.WeightArray, solution.Bias);
                    model.Training = Summary(labels, solution, new[] { Pair("l2Regularization", spec.L2Regularization) }, log);
                    return model;
                }
                case Learners.LogisticRegression:
                {
                    var encoder = FitEncoder(table, features, FeatureEncoderOptions.ForLinearModels(), log);
                    var solution = LogisticRegression.Fit(encoder.Encode(table), labels.Values, spec.L2Regularization, spec.MaxIterations, spec.Tolerance, cancellationToken);
                    log.Add(solution.Converged
                        ? $"L-BFGS converged after {solution.Iterations} iterations and {solution.Evaluations} passes over the data ({solution.StopReason}): objective {Number(solution.Objective)}, largest gradient component {Number(solution.GradientNorm)}."
                        : $"L-BFGS stopped after {solution.Iterations} iterations and {solution.Evaluations} passes over the data without converging ({solution.StopReason}): objective {Number(solution.Objective)}, largest gradient component {Number(solution.GradientNorm)}." + (solution.Iterations >= spec.MaxIterations ? " Raise maxIterations or tolerance." : string.Empty));
                    var model = new LogisticRegressionModel(label.Name, label.Type, labels.ClassLabels!, encoder, solution.WeightArray, solution.Bias);
                    model.Training = Summary(labels, solution, new[]
                    {
                        Pair("l2Regularization", spec.L2Regularization),
                        Pair("maxIterations", spec.MaxIterations),
                        Pair("tolerance", spec.Tolerance),
                    }, log);
                    return model;
                }
                default:
                {
                    var encoder = FitEncoder(table, features, FeatureEncoderOptions.ForTrees(), log);
                    var encoded = encoder.Encode(table);
                    var options = new Trees.BoostingOptions
                    {
                        NumberOfTrees = spec.NumberOfTrees,
                        NumberOfLeaves = spec.NumberOfLeaves,
                        LearningRate = spec.LearningRate,
                        MinimumSamplesPerLeaf = spec.MinimumSamplesPerLeaf,
                        NumberOfBins = spec.NumberOfBins,
                        Seed = spec.Seed,
                    };
                    var objective = task == LearningTask.Regression ? Trees.BoostingObjective.SquaredError : Trees.BoostingObjective.LogLoss;
                    var ensemble = Trees.GradientBoostedTrees.Train(encoded, labels.Values, objective, options, cancellationToken, log.Add);
                    log.Add($"Boosted {ensemble.TreeCount} trees of up to {spec.NumberOfLeaves} leaves ({objective}, learning rate {Number(spec.LearningRate)}).");
                    var model = new BoostedDecisionTreeModel(task, label.Name, label.Type, labels.ClassLabels, encoder, ensemble);
                    model.Training = new TrainingSummary(labels.Values.Length, labels.Skipped, ensemble.TreeCount, true, double.NaN, new[]
                    {
                        Pair("numberOfTrees", spec.NumberOfTrees),
                        Pair("numberOfLeaves", spec.NumberOfLeaves),
                        Pair("learningRate", spec.LearningRate),
                        Pair("minimumSamplesPerLeaf", spec.MinimumSamplesPerLeaf),
                        Pair("numberOfBins", spec.NumberOfBins),
                        Pair("seed", spec.Seed),
                    }, log);
                    return model;
                }
            }
        }

        private static FeatureEncoder FitEncoder(DataTable table, IReadOnlyList<string> features, FeatureEncoderOptions options, List<string> log)
        {
            var encoder = FeatureEncoder.Fit(table, features, options);
            log.Add($"Features: {encoder.InputColumns.Count} columns encoded as {encoder.LinearFeatureCount} features.");
            int lines = 0;
            foreach (string line in encoder.DescribeLines())
            {
                if (++lines > MaxColumnLogLines)
                {
                    log.Add($"  ... and {encoder.InputColumns.Count - MaxColumnLogLines} more columns.");
                    break;
                }
                log.Add("  " + line);
            }
            return encoder;
        }

        private static IReadOnlyList<string> FeatureColumns(DataTable data, DataColumn label, IReadOnlyList<string>? requested)
        {
            if (requested == null)
            {
                var all = data.Columns.Where(c => !ReferenceEquals(c, label)).Select(c => c.Name).ToArray();
                if (all.Length == 0) throw new ArgumentException($"There are no feature columns: the table has only the label column '{label.Name}'.");
                return all;
            }
            if (requested.Count == 0) throw new ArgumentException("The list of feature columns is empty.");
            var names = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in requested)
            {
                if (string.IsNullOrEmpty(name)) throw new ArgumentException("A feature column name is empty.");
                if (!data.TryGetColumn(name, out var column))
                    throw new ArgumentException($"The feature column '{name}' does not exist; the table has {ColumnList(data)}.");
                if (ReferenceEquals(column, label))
                    throw new ArgumentException($"The label column '{label.Name}' cannot also be a feature column.");
                if (!seen.Add(column.Name)) throw new ArgumentException($"The feature column '{column.Name}' is listed twice.");
                names.Add(column.Name);
            }
            return names;
        }

        private static string ColumnList(DataTable data)
        {
            if (data.ColumnCount == 0) return "no columns";
            var names = data.Columns.Take(10).Select(c => "'" + c.Name + "'");
            return "columns " + string.Join(", ", names) + (data.ColumnCount > 10 ? $" and {data.ColumnCount - 10} more" : string.Empty);
        }

        private static double Penalty(LinearSolution solution, double lambda)
        {
            double sum = 0;
            foreach (double w in solution.WeightArray) sum += w * w;
            return 0.5 * lambda * sum;
        }

        private static TrainingSummary Summary(PreparedLabels labels, LinearSolution solution, IEnumerable<KeyValuePair<string, double>> parameters, List<string> log) =>
            new TrainingSummary(labels.Values.Length, labels.Skipped, solution.Iterations, solution.Converged, solution.Objective, parameters, log);

        private static KeyValuePair<string, double> Pair(string name, double value) => new KeyValuePair<string, double>(name, value);

        private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
    }
}
