using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MlAlm.Learning.Models
{
    /// <summary>Regression or binary classification, or Auto: from the learner and, for trees, the label.</summary>
    public enum TrainingTask
    {
        Auto,
        Regression,
        BinaryClassification,
    }

    /// <summary>
    /// What to train: the TrainModel module's parameters, with its defaults (see ModuleCatalog).
    /// Hyper-parameters a learner does not use are ignored by it.
    /// </summary>
    public sealed class TrainingSpec
    {
        public TrainingSpec(string learner, string labelColumn)
        {
            Learner = learner;
            LabelColumn = labelColumn;
        }

        /// <summary>LinearRegression, LogisticRegression or BoostedDecisionTree (case ignored).</summary>
        public string Learner { get; set; }

        public TrainingTask Task { get; set; } = TrainingTask.Auto;

        /// <summary>The column to predict (case ignored).</summary>
        public string LabelColumn { get; set; }

        /// <summary>The feature columns; null for every column but the label.</summary>
        public IReadOnlyList<string>? FeatureColumns { get; set; }

        /// <summary>L2 penalty weight λ on the mean loss (linear and logistic regression).</summary>
        public double L2Regularization { get; set; } = 1e-4;

        /// <summary>Optimizer iterations at most (logistic regression).</summary>
        public int MaxIterations { get; set; } = 100;

        /// <summary>Convergence tolerance (logistic regression).</summary>
        public double Tolerance { get; set; } = 1e-7;

        // The boosted-tree parameters repeat Trees.BoostingOptions' defaults on purpose: these are
        // the TrainModel module's (ModuleCatalog), which a graph that leaves a parameter out relies
        // on, and they must stay put even if the tree library's defaults for direct callers move.
        // Trainer copies them across.

        public int NumberOfTrees { get; set; } = 100;

        public int NumberOfLeaves { get; set; } = 31;

        public double LearningRate { get; set; } = 0.1;

        public int MinimumSamplesPerLeaf { get; set; } = 20;

        public int NumberOfBins { get; set; } = 255;

        public int Seed { get; set; } = 42;

        /// <summary>
        /// A spec from TrainModel parameter values as the graph stores them (string, long, double,
        /// string[]), names ignoring case; absent parameters keep their defaults, unknown ones are ignored.
        /// </summary>
        /// <exception cref="ArgumentException">learner or labelColumn is missing, or a value has the wrong type.</exception>
        public static TrainingSpec FromParameters(IReadOnlyDictionary<string, object?> parameters)
        {
            if (parameters == null) throw new ArgumentNullException(nameof(parameters));
            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in parameters) values[pair.Key] = pair.Value;
            string Text(string name) => values.TryGetValue(name, out var v) && v is string s && s.Length > 0 ? s
                : throw new ArgumentException($"TrainModel needs the parameter '{name}'.", nameof(parameters));
            var spec = new TrainingSpec(Text("learner"), Text("labelColumn"));
            if (values.TryGetValue("task", out var task) && task != null)
            {
                spec.Task = task is string t && Enum.TryParse(t, true, out TrainingTask parsed) && Enum.IsDefined(typeof(TrainingTask), parsed)
                    ? parsed : throw new ArgumentException($"task '{task}' is not Auto, Regression or BinaryClassification.", nameof(parameters));
            }
            if (values.TryGetValue("featureColumns", out var features) && features != null)
            {
                spec.FeatureColumns = features switch
                {
                    string one => new[] { one },
                    IEnumerable<string> many => many.ToArray(),
                    IEnumerable many => many.Cast<object?>().Select(o => o as string ?? throw new ArgumentException("featureColumns must be column names.", nameof(parameters))).ToArray(),
                    _ => throw new ArgumentException("featureColumns must be column names.", nameof(parameters)),
                };
            }
            spec.L2Regularization = Number(values, "l2Regularization", spec.L2Regularization);
            spec.MaxIterations = Integer(values, "maxIterations", spec.MaxIterations);
            spec.Tolerance = Number(values, "tolerance", spec.Tolerance);
            spec.NumberOfTrees = Integer(values, "numberOfTrees", spec.NumberOfTrees);
            spec.NumberOfLeaves = Integer(values, "numberOfLeaves", spec.NumberOfLeaves);
            spec.LearningRate = Number(values, "learningRate", spec.LearningRate);
            spec.MinimumSamplesPerLeaf = Integer(values, "minimumSamplesPerLeaf", spec.MinimumSamplesPerLeaf);
            spec.NumberOfBins = Integer(values, "numberOfBins", spec.NumberOfBins);
            spec.Seed = Integer(values, "seed", spec.Seed);
            return spec;
        }

        private static double Number(Dictionary<string, object?> values, string name, double fallback)
        {
            if (!values.TryGetValue(name, out var v) || v == null) return fallback;
            return v switch
            {
                double d => d,
                float f => f,
                long l => l,
                int i => i,
                decimal m => (double)m,
                string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
                _ => throw new ArgumentException($"{name} must be a number, not '{v}'."),
            };
        }

        private static int Integer(Dictionary<string, object?> values, string name, int fallback)
        {
            if (!values.TryGetValue(name, out var v) || v == null) return fallback;
            double d = Number(values, name, fallback);
            if (Math.Floor(d) != d || d < int.MinValue || d > int.MaxValue) throw new ArgumentException($"{name} must be a whole number, not '{v}'.");
            return (int)d;
        }

        /// <summary>Checks every value, naming the first that is out of range.</summary>
        /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
        public void Validate()
        {
            if (string.IsNullOrEmpty(Learner)) throw new ArgumentException("No learner was given; use LinearRegression, LogisticRegression or BoostedDecisionTree.");
            if (Models.Learners.Find(Learner) == null) throw new ArgumentException($"Unknown learner '{Learner}'; use LinearRegression, LogisticRegression or BoostedDecisionTree.");
            if (string.IsNullOrEmpty(LabelColumn)) throw new ArgumentException("No label column was given.");
            if (!Enum.IsDefined(typeof(TrainingTask), Task)) throw new ArgumentException($"Unknown task {Task}.");
            Check(L2Regularization >= 0 && !double.IsInfinity(L2Regularization), "l2Regularization", L2Regularization, "a finite number, 0 or more");
            Check(MaxIterations >= 1, "maxIterations", MaxIterations, "at least 1");
            Check(Tolerance > 0 && Tolerance < 1, "tolerance", Tolerance, "above 0 and below 1");
            Check(NumberOfTrees >= 1, "numberOfTrees", NumberOfTrees, "at least 1");
            Check(NumberOfLeaves >= 2 && NumberOfLeaves <= 4096, "numberOfLeaves", NumberOfLeaves, "from 2 to 4096");
            Check(LearningRate > 0 && LearningRate <= 1, "learningRate", LearningRate, "above 0 and at most 1");
            Check(MinimumSamplesPerLeaf >= 1, "minimumSamplesPerLeaf", MinimumSamplesPerLeaf, "at least 1");
            Check(NumberOfBins >= 2 && NumberOfBins <= 255, "numberOfBins", NumberOfBins, "from 2 to 255");
            Check(Seed >= 0, "seed", Seed, "0 or more");
        }

        private static void Check(bool ok, string name, double value, string expected)
        {
            if (!ok) throw new ArgumentException($"{name} is {value.ToString(CultureInfo.InvariantCulture)}; it must be {expected}.");
        }
    }
}
