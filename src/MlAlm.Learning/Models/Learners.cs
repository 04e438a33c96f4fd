using System;
using System.Collections.Generic;

namespace MlAlm.Learning.Models
{
    /// <summary>The learner names used by TrainModel, TrainingSpec and model packages.</summary>
    public static class Learners
    {
        public const string LinearRegression = "LinearRegression";
        public const string LogisticRegression = "LogisticRegression";
        public const string BoostedDecisionTree = "BoostedDecisionTree";

        public static IReadOnlyList<string> All { get; } = Array.AsReadOnly(new[] { LinearRegression, LogisticRegression, BoostedDecisionTree });

        /// <summary>The canonical spelling of a learner name (case ignored), or null.</summary>
        public static string? Find(string? name)
        {
            foreach (string learner in All)
            {
                if (string.Equals(learner, name, StringComparison.OrdinalIgnoreCase)) return learner;
            }
            return null;
        }
    }
}
