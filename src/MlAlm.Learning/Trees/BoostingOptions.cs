using System;

namespace MlAlm.Learning.Trees
{
    /// <summary>The loss that <see cref="GradientBoostedTrees"/> minimises.</summary>
    public enum BoostingObjective
    {
        /// <summary>Regression: ½(y − f)². Raw scores are the estimates.</summary>
        SquaredError = 0,

        /// <summary>Binary classification with labels 0 and 1: raw scores are log-odds of label 1.</summary>
        LogLoss = 1,
    }

    /// <summary>Settings for <see cref="GradientBoostedTrees.Train"/>; the defaults suit most data.</summary>
    public sealed class BoostingOptions
    {
        /// <summary>Boosting rounds: one tree each.</summary>
        public int NumberOfTrees { get; set; } = 100;

        /// <summary>Most leaves per tree (trees grow best-first, so depth is not limited directly). At least 2.</summary>
        public int NumberOfLeaves { get; set; } = 31;

        /// <summary>Shrinkage applied to each tree's leaf values, in (0, 1].</summary>
        public double LearningRate { get; set; } = 0.1;

        /// <summary>Fewest training rows a leaf may hold.</summary>
        public int MinimumSamplesPerLeaf { get; set; } = 20;

        /// <summary>Most bins per numeric feature (2..255), and most categories kept per categorical feature; missing values get one more bin.</summary>
        public int NumberOfBins { get; set; } = 255;

        /// <summary>Seeds the row sample that bin thresholds are taken from.</summary>
        public int Seed { get; set; } = 42;

        /// <summary>L2 penalty on leaf values (added to each leaf's hessian sum); 0 or more.</summary>
        public double L2 { get; set; }

        /// <summary>Rows sampled (with <see cref="Seed"/>) to choose numeric bin thresholds; all rows when there are fewer.</summary>
        public int BinningSampleSize { get; set; } = 200_000;

        /// <summary>Threads to use; 0 means one per processor. Results do not depend on it.</summary>
        public int MaxDegreeOfParallelism { get; set; }

        internal void Validate()
        {
            if (NumberOfTrees < 1) throw new ArgumentOutOfRangeException(nameof(NumberOfTrees), NumberOfTrees, "At least one tree is needed.");
            if (NumberOfLeaves < 2) throw new ArgumentOutOfRangeException(nameof(NumberOfLeaves), NumberOfLeaves, "A tree needs at least two leaves.");
            if (!(LearningRate > 0 && LearningRate <= 1)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be in (0, 1].");
            if (MinimumSamplesPerLeaf < 1) throw new ArgumentOutOfRangeException(nameof(MinimumSamplesPerLeaf), MinimumSamplesPerLeaf, "A leaf needs at least one sample.");
            if (NumberOfBins < 2 || NumberOfBins > 255) throw new ArgumentOutOfRangeException(nameof(NumberOfBins), NumberOfBins, "The number of bins must be between 2 and 255.");
            if (!(L2 >= 0) || double.IsInfinity(L2)) throw new ArgumentOutOfRangeException(nameof(L2), L2, "L2 must be zero or a positive number.");
            if (BinningSampleSize < 1) throw new ArgumentOutOfRangeException(nameof(BinningSampleSize), BinningSampleSize, "The binning sample needs at least one row.");
            if (MaxDegreeOfParallelism < 0) throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use 0 for one thread per processor.");
        }
    }
}
