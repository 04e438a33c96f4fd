using System;
using System.Collections.Generic;
using System.Linq;
using MlAlm.Learning.Data;
using MlAlm.Learning.Models;
using MlAlm.Learning.Transforms;

namespace MlAlm.Learning.Scoring
{
    /// <summary>
    /// A predictive pipeline put together once and used for every request: learned transforms in
    /// order, then a trained model, then the output columns. It knows its input schema (every
    /// column a transform or the model reads, with its type) so callers can check requests
    /// before scoring them.
    /// </summary>
    public sealed class ScoringPipeline
    {
        public ScoringPipeline(IReadOnlyList<TableTransform> transforms, TrainedModel model, IReadOnlyList<string>? outputColumns = null)
        {
            Transforms = transforms;
            Model = model;
            InputColumns = BuildInputSchema(transforms, model);
            OutputColumns = outputColumns != null && outputColumns.Count > 0 ? outputColumns : DefaultOutputs(model);
            var defaults = DefaultOutputs(model);
            _outputsAreScores = OutputColumns.Count == defaults.Count &&
                OutputColumns.Zip(defaults, (a, b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase)).All(same => same);
        }

        /// <summary>The output columns are exactly the model's score columns, in order: the usual case, scored without copying the input's columns.</summary>
        private readonly bool _outputsAreScores;

        public IReadOnlyList<TableTransform> Transforms { get; }
        public TrainedModel Model { get; }

        /// <summary>The columns a request must carry, with their types, in a stable order (the model's first).</summary>
        public IReadOnlyList<ColumnSchema> InputColumns { get; }

        /// <summary>The columns a response carries: by default the scores; input columns may be echoed too.</summary>
        public IReadOnlyList<string> OutputColumns { get; }

        public static IReadOnlyList<string> DefaultOutputs(TrainedModel model) =>
            model.Task == LearningTask.BinaryClassification
                ? new[] { TrainedModel.ScoredLabelsColumn, TrainedModel.ScoredProbabilitiesColumn }
                : new[] { TrainedModel.ScoredLabelsColumn };

        /// <summary>Scores a table whose columns match <see cref="InputColumns"/>; returns only the output columns.</summary>
        public DataTable Score(DataTable input)
        {
            var table = Transforms.Count == 0 ? input : WithPlaceholders(input);
            foreach (var transform in Transforms) table = transform.Apply(table);
            if (_outputsAreScores) return Model.Score(table, appendColumns: false);
            var scored = Model.Score(table, appendColumns: true);
            return scored.Select(OutputColumns);
        }

        /// <summary>The output columns' types, known before any row is scored (for schemas and OpenAPI documents).</summary>
        public IReadOnlyList<ColumnSchema> OutputSchema()
        {
            var result = new List<ColumnSchema>();
            foreach (var name in OutputColumns)
            {
                if (string.Equals(name, TrainedModel.ScoredProbabilitiesColumn, StringComparison.OrdinalIgnoreCase))
                    result.Add(new ColumnSchema(TrainedModel.ScoredProbabilitiesColumn, ColumnType.Number));
                else if (string.Equals(name, TrainedModel.ScoredLabelsColumn, StringComparison.OrdinalIgnoreCase))
                    result.Add(new ColumnSchema(TrainedModel.ScoredLabelsColumn, Model.Task == LearningTask.Regression ? ColumnType.Number : Model.LabelType));
                else
                {
                    var input = InputColumns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
                        ?? throw new ArgumentException($"Output column '{name}' is neither a score nor an input column.");
                    result.Add(new ColumnSchema(input.Name, input.Type));
                }
            }
            return result;
        }

        /// <summary>
        /// Transforms fitted on training data may also touch the label, which requests do not carry.
        /// Such columns get a constant, non-missing stand-in (so no transform drops rows for it);
        /// it never reaches the output, which holds only <see cref="OutputColumns"/>.
        /// </summary>
        private DataTable WithPlaceholders(DataTable input)
        {
            var table = input;
            foreach (var column in Transforms.SelectMany(t => t.Columns))
            {
                if (table.IndexOf(column.Name) >= 0) continue;
                int n = table.RowCount;
                DataColumn placeholder = column.Type switch
                {
                    ColumnType.Number => new NumberColumn(column.Name, new double[n]),
                    ColumnType.Boolean => new BooleanColumn(column.Name, Enumerable.Repeat((bool?)false, n).ToArray()),
                    ColumnType.DateTime => new DateTimeColumn(column.Name, Enumerable.Repeat((DateTime?)new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), n).ToArray()),
                    _ => new StringColumn(column.Name, Enumerable.Repeat((string?)string.Empty, n).ToArray()),
                };
                table = table.With(placeholder);
            }
            return table;
        }

        private static IReadOnlyList<ColumnSchema> BuildInputSchema(IReadOnlyList<TableTransform> transforms, TrainedModel model)
        {
            var columns = new List<ColumnSchema>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { model.LabelColumn };
            foreach (var column in model.InputColumns.Concat(transforms.SelectMany(t => t.Columns)))
                if (seen.Add(column.Name)) columns.Add(new ColumnSchema(column.Name, column.Type));
            return columns;
        }
    }
}
