using System;
using System.Collections.Generic;
using System.IO;
using MlAlm.Learning.Data;
using MlAlm.Learning.Features;
using MlAlm.Learning.Trees;
using Newtonsoft.Json.Linq;

namespace MlAlm.Learning.Models
{
    /// <summary>
    /// A trained gradient-boosted tree ensemble: the feature encoder (categorical columns as codes,
    /// missing values kept) followed by the trees; the raw score is the estimate for regression and
    /// goes through the logistic function for binary classification.
    /// </summary>
    public sealed class BoostedDecisionTreeModel : TrainedModel
    {
        internal const int CurrentStateVersion = 1;

        internal BoostedDecisionTreeModel(LearningTask task, string labelColumn, ColumnType labelType, IReadOnlyList<string>? classLabels,
            FeatureEncoder encoder, TreeEnsemble ensemble)
            : base(Learners.BoostedDecisionTree, task, labelColumn, labelType, (encoder ?? throw new ArgumentNullException(nameof(encoder))).InputColumns, classLabels)
        {
            Encoder = encoder;
            Ensemble = ensemble ?? throw new ArgumentNullException(nameof(ensemble));
            if (ensemble.FeatureCount != encoder.FeatureCount)
                throw new ArgumentException($"The encoder has {encoder.FeatureCount} features but the trees read {ensemble.FeatureCount}.", nameof(ensemble));
        }

        public FeatureEncoder Encoder { get; }
        public TreeEnsemble Ensemble { get; }

        public override void Predict(DataTable input, double[] output)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            var features = Encoder.Encode(input);
            Ensemble.PredictRaw(features.Columns, output);
            if (Task == LearningTask.BinaryClassification)
                for (int i = 0; i < output.Length; i++) output[i] = TreeEnsemble.Sigmoid(output[i]);
        }

        internal override int StateVersion => CurrentStateVersion;

        /// <summary>The feature encoder's state, then the ensemble.</summary>
        internal override void WriteState(BinaryWriter writer)
        {
            Encoder.Write(writer);
            Ensemble.Write(writer);
        }

        /// <exception cref="InvalidDataException">The state is not a valid tree model.</exception>
        internal static (FeatureEncoder Encoder, TreeEnsemble Ensemble) ReadState(BinaryReader reader, int version)
        {
            if (version != CurrentStateVersion) throw new InvalidDataException($"boosted tree state version {version} is not supported (this MlAlm reads version {CurrentStateVersion})");
            var encoder = FeatureEncoder.Read(reader);
            var ensemble = TreeEnsemble.Read(reader);
            return (encoder, ensemble);
        }

        internal override JObject DescribeModel()
        {
            var importance = Ensemble.FeatureImportance();
            var features = new JArray();
            for (int j = 0; j < importance.Length; j++)
                features.Add(new JObject { ["feature"] = Ensemble.FeatureNames[j], ["importance"] = importance[j] });
            return new JObject
            {
                ["trees"] = Ensemble.TreeCount,
                ["objective"] = Ensemble.Objective.ToString(),
                ["baseScore"] = Ensemble.BaseScore,
                ["featureImportance"] = features,
            };
        }
    }
}
