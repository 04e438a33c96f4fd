using System.Collections.Generic;

namespace MlAlm.Learning.Models
{
    /// <summary>What a linear learner found: weights in the linear feature layout and an intercept.</summary>
    public sealed class LinearSolution
    {
        internal LinearSolution(double[] weights, double bias, double objective, int iterations, int evaluations, bool converged, double gradientNorm, string stopReason)
        {
            Evaluations = evaluations;
            WeightArray = weights;
            Bias = bias;
            Objective = objective;
            Iterations = iterations;
            Converged = converged;
            GradientNorm = gradientNorm;
            StopReason = stopReason;
        }

        internal double[] WeightArray { get; }

        /// <summary>One weight per linear feature (see <see cref="Features.FeatureEncoder.LinearFeatureNames"/>).</summary>
        public IReadOnlyList<double> Weights => WeightArray;

        /// <summary>The intercept (not penalized).</summary>
        public double Bias { get; }

        /// <summary>The training objective at the solution (mean loss plus penalty).</summary>
        public double Objective { get; }

        /// <summary>Optimizer iterations (0 for a closed-form solution).</summary>
        public int Iterations { get; }

        /// <summary>Objective and gradient evaluations, each one pass over the data (0 for a closed-form solution).</summary>
        public int Evaluations { get; }

        public bool Converged { get; }

        /// <summary>Largest gradient component of the objective at the solution, in the optimizer's (standardized) coordinates.</summary>
        public double GradientNorm { get; }

        /// <summary>Why the optimizer stopped, for logs.</summary>
        public string StopReason { get; }
    }
}
