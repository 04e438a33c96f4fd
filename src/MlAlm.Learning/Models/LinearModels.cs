using System;
using System.Collections.Generic;
using System.IO;
using MlAlm.Learning.Data;
using MlAlm.Learning.Features;
using Newtonsoft.Json.Linq;

namespace MlAlm.Learning.Models
{
    /// <summary>A model whose score is bias + Σ weight·feature over the encoder's linear feature layout.</summary>
    public abstract class LinearModel : TrainedModel
    {
        internal const int CurrentStateVersion = 1;

        private readonly double[] _weights;

        private protected LinearModel(string learner, LearningTask task, string labelColumn, ColumnType labelType,
            IReadOnlyList<string>? classLabels, FeatureEncoder encoder, double[] weights, double bias)
            : base(learner, task, labelColumn, labelType, (encoder ?? throw new ArgumentNullException(nameof(encoder))).InputColumns, classLabels)
        {
            if (weights == null) throw new ArgumentNullException(nameof(weights));
            if (weights.Length != encoder.LinearFeatureCount)
                throw new ArgumentException($"The encoder has {encoder.LinearFeatureCount} features but there are {weights.Length} weights.", nameof(weights));
            Encoder = encoder;
            _weights = (double[])weights.Clone();
            Bias = bias;
        }

        public FeatureEncoder Encoder { get; }

        /// <summary>One weight per feature of <see cref="FeatureNames"/>, in the units of the raw features.</summary>
        public IReadOnlyList<double> Weights => _weights;

        public IReadOnlyList<string> FeatureNames => Encoder.LinearFeatureNames;

        /// <summary>The intercept.</summary>
        public double Bias { get; }

        public override void Predict(DataTable input, double[] output)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            Encoder.ComputeLinear(input, _weights, Bias, output);
            Link(output);
        }

        /// <summary>Turns the linear score into the prediction, in place.</summary>
        private protected abstract void Link(double[] scores);

        internal override int StateVersion => CurrentStateVersion;

        /// <summary>The feature encoder's state, the number of weights, the weights and the intercept.</summary>
        internal override void WriteState(BinaryWriter writer)
        {
            Encoder.Write(writer);
            writer.Write(_weights.Length);
            foreach (double w in _weights) writer.Write(w);
            writer.Write(Bias);
        }

        /// <exception cref="InvalidDataException">The state is not a valid linear model.</exception>
        internal static void ReadState(BinaryReader reader, int version, out FeatureEncoder encoder, out double[] weights, out double bias)
        {
            if (version != CurrentStateVersion) throw new InvalidDataException($"linear model state version {version} is not supported (this MlAlm reads version {CurrentStateVersion})");
            encoder = FeatureEncoder.Read(reader);
            int count = reader.ReadInt32();
            if (count != encoder.LinearFeatureCount) throw new InvalidDataException($"the payload has {count} weights for {encoder.LinearFeatureCount} features");
            weights = new double[count];
            for (int j = 0; j < count; j++)
            {
                weights[j] = reader.ReadDouble();
                if (double.IsNaN(weights[j]) || double.IsInfinity(weights[j])) throw new InvalidDataException($"weight {j + 1} is not a finite number");
            }
            bias = reader.ReadDouble();
            if (double.IsNaN(bias) || double.IsInfinity(bias)) throw new InvalidDataException("the intercept is not a finite number");
        }

        internal override JObject DescribeModel()
        {
            var weights = new JArray();
            for (int j = 0; j < _weights.Length; j++)
            {
                weights.Add(new JObject { ["feature"] = FeatureNames[j], ["weight"] = _weights[j] });
            }
            return new JObject
            {
                ["intercept"] = Bias,
                ["weights"] = weights,
            };
        }
    }

    /// <summary>A trained ridge regression: prediction = bias + Σ weight·feature.</summary>
    public sealed class LinearRegressionModel : LinearModel
    {
        internal LinearRegressionModel(string labelColumn, FeatureEncoder encoder, double[] weights, double bias)
            : base(Learners.LinearRegression, LearningTask.Regression, labelColumn, ColumnType.Number, null, encoder, weights, bias)
        {
        }

        private protected override void Link(double[] scores)
        {
        }
    }

    /// <summary>A trained logistic regression: probability of the positive class = 1 / (1 + exp(−(bias + Σ weight·feature))).</summary>
    public sealed class LogisticRegressionModel : LinearModel
    {
        internal LogisticRegressionModel(string labelColumn, ColumnType labelType, IReadOnlyList<string> classLabels, FeatureEncoder encoder, double[] weights, double bias)
            : base(Learners.LogisticRegression, LearningTask.BinaryClassification, labelColumn, labelType, classLabels, encoder, weights, bias)
        {
        }

        private protected override void Link(double[] scores)
        {
            for (int i = 0; i < scores.Length; i++) scores[i] = Sigmoid(scores[i]);
        }

        internal static double Sigmoid(double z)
        {
            if (z >= 0) return 1 / (1 + Math.Exp(-z));
            double e = Math.Exp(z);
            return e / (1 + e);
        }
    }
}
