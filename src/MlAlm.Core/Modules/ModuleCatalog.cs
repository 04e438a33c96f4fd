using System;
using System.Collections.Generic;
using System.Linq;

namespace MlAlm.Core.Modules
{
    /// <summary>
    /// Every module a graph may use, with typed ports and parameters. Graph validation,
    /// Get-MlModule and (later) the engine all read this one declaration.
    /// </summary>
    public static class ModuleCatalog
    {
        public const string Dataset = "Dataset";
        public const string TrainedModel = "TrainedModel";
        public const string Transform = "Transform";
        public const string SelectColumns = "SelectColumns";
        public const string CleanMissingData = "CleanMissingData";
        public const string NormalizeData = "NormalizeData";
        public const string SplitData = "SplitData";
        public const string TrainModel = "TrainModel";
        public const string ScoreModel = "ScoreModel";
        public const string EvaluateModel = "EvaluateModel";
        public const string ApplyTransformation = "ApplyTransformation";
        public const string WebServiceInput = "WebServiceInput";
        public const string WebServiceOutput = "WebServiceOutput";

        public static IReadOnlyList<MlModuleInfo> All { get; } = Declare();

        public static MlModuleInfo? Find(string? name) =>
            name == null ? null : All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

        private static IReadOnlyList<MlModuleInfo> Declare()
        {
            var modules = new List<MlModuleInfo>
            {
                new ModuleBuilder(Dataset, "Data", "Reads one version of a workspace dataset.")
                    .Asset("dataset", AssetType.Dataset, "The dataset version to read, as {type, name, version}.")
                    .Output("output", PortType.DataTable, "The dataset's rows.")
                    .Build(),

                new ModuleBuilder(TrainedModel, "Data", "Reads one version of a registered trained model.")
                    .Asset("model", AssetType.TrainedModel, "The trained model version to use.")
                    .Output("model", PortType.TrainedModel, "The trained model.")
                    .Build(),

                new ModuleBuilder(Transform, "Data", "Reads one version of a registered transform.")
                    .Asset("transform", AssetType.Transform, "The transform version to use.")
                    .Output("transform", PortType.Transform, "The transform.")
                    .Build(),

                new ModuleBuilder(SelectColumns, "Data transformation", "Keeps or drops the named columns.")
                    .Input("input", PortType.DataTable, "The rows to select from.")
                    .Columns("columns", "The columns to keep (Include) or drop (Exclude).", required: true)
                    .Choice("mode", "Whether the listed columns are kept or dropped.", "Include", "Include", "Exclude")
                    .Output("output", PortType.DataTable, "The selected columns.")
                    .Build(),

                new ModuleBuilder(CleanMissingData, "Data transformation", "Replaces missing values, or removes the rows that have them.")
                    .Input("input", PortType.DataTable, "The rows to clean.")
                    .Columns("columns", "The columns to clean; all columns when omitted.", required: false)
                    .Choice("method", "How a missing value is replaced.", "Mean", "Mean", "Median", "Mode", "Constant", "RemoveRow")
                    .Text("constant", "The replacement value when method is Constant.")
                    .Output("output", PortType.DataTable, "The cleaned rows.")
                    .Output("transform", PortType.Transform, "The learned replacements, to apply to new data.")
                    .Check(p => p.TryGetValue("method", out var m) && (string)m == "Constant" && !p.ContainsKey("constant")
                        ? "method Constant needs the 'constant' parameter" : null)
                    .Build(),

                new ModuleBuilder(NormalizeData, "Data transformation", "Rescales numeric columns by z-score or min-max.")
                    .Input("input", PortType.DataTable, "The rows to normalize.")
                    .Columns("columns", "The numeric columns to rescale; all numeric columns when omitted.", required: false)
                    .Choice("method", "The rescaling: ZScore (mean 0, deviation 1) or MinMax (0 to 1).", "ZScore", "ZScore", "MinMax")
                    .Output("output", PortType.DataTable, "The normalized rows.")
                    .Output("transform", PortType.Transform, "The learned scaling, to apply to new data.")
                    .Build(),

                new ModuleBuilder(SplitData, "Data transformation", "Splits rows into two sets at random, optionally stratified.")
                    .Input("input", PortType.DataTable, "The rows to split.")
                    .Number("fraction", "The share of rows in the first output.", 0.7, 0, 1, exclusive: true)
                    .Integer("seed", "The random seed; the same seed gives the same split.", 42, 0)
                    .Column("stratifyColumn", "A column whose value proportions both outputs keep.", required: false)
                    .Output("output1", PortType.DataTable, "The first share of rows (fraction).")
                    .Output("output2", PortType.DataTable, "The remaining rows.")
                    .Build(),

                new ModuleBuilder(TrainModel, "Machine learning", "Trains a learner on labelled rows.")
                    .Input("data", PortType.DataTable, "The training rows, label included.")
                    .Choice("learner", "The learning algorithm.", null, "LinearRegression", "LogisticRegression", "BoostedDecisionTree")
                    .Choice("task", "Regression or binary classification; Auto follows the learner and, for trees, the label.", "Auto", "Auto", "Regression", "BinaryClassification")
                    .Column("labelColumn", "The column to predict.", required: true)
                    .Columns("featureColumns", "The feature columns; every other column when omitted.", required: false)
                    .Number("l2Regularization", "L2 penalty weight (linear and logistic regression).", 1e-4, 0, null)
                    .Integer("maxIterations", "Optimizer iterations at most (logistic regression).", 100, 1, 100000)
                    .Number("tolerance", "Convergence tolerance (logistic regression).", 1e-7, 0, 1, exclusive: true)
                    .Integer("numberOfTrees", "Boosting rounds (boosted decision tree).", 100, 1, 100000)
                    .Integer("numberOfLeaves", "Leaves per tree at most (boosted decision tree).", 31, 2, 4096)
                    .Number("learningRate", "Shrinkage per tree (boosted decision tree).", 0.1, 0, 1)
                    .Integer("minimumSamplesPerLeaf", "Rows per leaf at least (boosted decision tree).", 20, 1)
                    .Integer("numberOfBins", "Histogram bins per feature (boosted decision tree).", 255, 2, 255)
                    .Integer("seed", "The random seed.", 42, 0)
                    .Check(p => p.TryGetValue("task", out var t) && (string)t == "Regression" && p.TryGetValue("learner", out var l) && (string)l == "LogisticRegression"
                        ? "LogisticRegression learns binary classification, not regression"
                        : p.TryGetValue("task", out t) && (string)t == "BinaryClassification" && p.TryGetValue("learner", out l) && (string)l == "LinearRegression"
                            ? "LinearRegression learns regression, not binary classification" : null)
                    .Output("model", PortType.TrainedModel, "The trained model.")
                    .Build(),

                new ModuleBuilder(ScoreModel, "Machine learning", "Scores rows with a trained model.")
                    .Input("model", PortType.TrainedModel, "The trained model.")
                    .Input("data", PortType.DataTable, "The rows to score.")
                    .Flag("appendColumns", "Keep the input columns beside the scores.", true)
                    .Output("output", PortType.DataTable, "The scored rows.")
                    .Build(),

                new ModuleBuilder(EvaluateModel, "Machine learning", "Computes regression or binary classification metrics from scored rows.")
                    .Input("scored", PortType.DataTable, "Scored rows that still hold the true label.")
                    .Column("labelColumn", "The true label; the scored model's label column when omitted.", required: false)
                    .Output("metrics", PortType.Metrics, "The metrics.")
                    .Build(),

                new ModuleBuilder(ApplyTransformation, "Data transformation", "Applies a learned transform to new rows.")
                    .Input("transform", PortType.Transform, "The transform.")
                    .Input("data", PortType.DataTable, "The rows to transform.")
                    .Output("output", PortType.DataTable, "The transformed rows.")
                    .Build(),

                new ModuleBuilder(WebServiceInput, "Web service", "Where a web service's request rows enter; passes its input through in a training run.")
                    .Input("input", PortType.DataTable, "Rows used in place of requests when the experiment runs.", optional: true)
                    .Output("output", PortType.DataTable, "The request rows.")
                    .Build(),

                new ModuleBuilder(WebServiceOutput, "Web service", "What a web service returns; passes its input through in a training run.")
                    .Input("input", PortType.DataTable, "The rows to return.")
                    .Output("output", PortType.DataTable, "The same rows.")
                    .Build(),
            };
            return modules;
        }
    }
}
