using System;
using System.Threading;
using MlAlm.Learning.Features;

namespace MlAlm.Learning.Trees
{
    /// <summary>
    /// Histogram-based gradient boosting of regression trees, for squared-error regression and
    /// binary log-loss classification.
    /// </summary>
    /// <remarks>
    /// Each round fits one tree to the gradients of the loss at the current predictions, using
    /// second-order (Newton) leaf values −G/(H+λ) scaled by the learning rate. Features are binned
    /// once (see <see cref="BinnedDataset"/>); trees grow best-first, always splitting the leaf whose
    /// best split reduces the loss most, up to <see cref="BoostingOptions.NumberOfLeaves"/>; a leaf's
    /// histogram is built only for the smaller child of a split and the larger child's is the parent's
    /// minus it. The result depends only on the data and options (not on threads or timing): every
    /// sum is taken in a fixed order.
    /// </remarks>
    public static class GradientBoostedTrees
    {
        /// <summary>Trains an ensemble.</summary>
        /// <param name="x">Features, at least one; rows are training examples. Category counts are not used (see <see cref="EncodedFeatures"/>).</param>
        /// <param name="y">Labels: any finite number for squared error, 0 or 1 for log loss.</param>
        /// <param name="objective">The loss to minimise.</param>
        /// <param name="options">Settings, or null for the defaults.</param>
        /// <param name="cancellationToken">Stops training with <see cref="OperationCanceledException"/>.</param>
        /// <param name="log">
        /// Receives progress lines (the binning, then every 10 trees), or null. They hold nothing
        /// that varies between runs, so a trainer can keep them in a model package.
        /// </param>
        /// <param name="timings">Receives the time spent binning and in each phase of training (for benchmarks), or null.</param>
        public static TreeEnsemble Train(EncodedFeatures x, double[] y, BoostingObjective objective, BoostingOptions? options,
            CancellationToken cancellationToken, Action<string>? log = null, Action<string>? timings = null)
        {
            if (x == null) throw new ArgumentNullException(nameof(x));
            if (y == null) throw new ArgumentNullException(nameof(y));
            if (x.FeatureCount == 0) throw new ArgumentException("At least one feature column is needed.", nameof(x));
            options ??= new BoostingOptions();
            options.Validate();
            if (objective != BoostingObjective.SquaredError && objective != BoostingObjective.LogLoss)
                throw new ArgumentOutOfRangeException(nameof(objective), objective, "Unknown objective.");
            if (y.Length != x.RowCount) throw new ArgumentException($"{y.Length} labels for {x.RowCount} rows.", nameof(y));
            if (x.RowCount == 0) throw new ArgumentException("There are no rows to train on.", nameof(x));
            for (int i = 0; i < y.Length; i++)
            {
                double v = y[i];
                if (objective == BoostingObjective.LogLoss ? v != 0 && v != 1 : double.IsNaN(v) || double.IsInfinity(v))
                {
                    throw new ArgumentException(objective == BoostingObjective.LogLoss
                        ? $"Log loss needs labels 0 and 1; row {i} has {v}."
                        : $"Row {i} has a label that is not a finite number ({v}).", nameof(y));
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            return new Booster(x, y, objective, options, cancellationToken, log, timings).Run();
        }
    }
}
