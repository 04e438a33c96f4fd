using System;

namespace MlAlm.Learning.Features
{
    /// <summary>What a <see cref="FeatureEncoder"/> does with a missing Number, Boolean or DateTime value.</summary>
    public enum MissingValuePolicy
    {
        /// <summary>Replace it with the training mean of the feature (linear models).</summary>
        ReplaceWithMean,

        /// <summary>Keep it as NaN (tree learners route missing values themselves).</summary>
        Keep,
    }

    /// <summary>How a <see cref="FeatureEncoder"/> is fitted.</summary>
    public sealed class FeatureEncoderOptions
    {
        public const int DefaultMaxCategories = 100;

        private int _maxCategories = DefaultMaxCategories;

        /// <summary>
        /// Categories kept per String column, the most frequent first; when a column has more, the
        /// rest share one "(other)" category. At least 1.
        /// </summary>
        public int MaxCategories
        {
            get => _maxCategories;
            set => _maxCategories = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "At least one category must be kept.");
        }

        public MissingValuePolicy MissingValues { get; set; } = MissingValuePolicy.ReplaceWithMean;

        /// <summary>For linear models: missing values replaced by the training mean.</summary>
        public static FeatureEncoderOptions ForLinearModels() => new FeatureEncoderOptions();

        /// <summary>For tree learners: missing values kept as NaN.</summary>
        public static FeatureEncoderOptions ForTrees() => new FeatureEncoderOptions { MissingValues = MissingValuePolicy.Keep };
    }
}
