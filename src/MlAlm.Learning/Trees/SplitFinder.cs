using System;

namespace MlAlm.Learning.Trees
{
    /// <summary>
    /// Finds the best split of a leaf from its histogram: for every feature, every threshold
    /// (numeric) or every prefix of the categories sorted by gradient statistics (categorical).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Numeric features: value bins are scanned left to right; the missing bin is tried on each side
    /// of every threshold, plus "all values left, missing right" (the split between missing and
    /// present). When the leaf has no missing values, NaN at prediction follows the larger child.
    /// </para>
    /// <para>
    /// Categorical features (the sorted-partition approach): the categories present in the leaf,
    /// including the missing/other bin, are ordered by G/(H + <see cref="CategorySmoothing"/>) and
    /// only partitions into a prefix and a suffix of that order are tried. For squared error this
    /// ordering contains the best partition (Fisher 1958, Breiman et al. 1984), and for log loss it
    /// is the usual second-order approximation; it costs a sort instead of 2^(k-1) subsets. The
    /// smoothing pulls rare categories' ratios towards zero, to the middle of the order, so that
    /// few-row categories do not anchor a split. Categories absent from the leaf (and so unknown
    /// codes, when the other bin is absent) follow the larger child.
    /// </para>
    /// <para>
    /// Both children must hold at least <c>MinimumSamplesPerLeaf</c> rows and a hessian sum of at
    /// least <see cref="MinimumHessian"/> (which keeps log-loss leaf values finite). Ties go to the
    /// lowest feature, then the lowest threshold, so results never depend on thread timing.
    /// </para>
    /// </remarks>
    internal sealed class SplitFinder
    {
        public const double MinimumHessian = 1e-3;
        public const double CategorySmoothing = 10;

        private readonly BinnedDataset _data;
        private readonly double _l2;
        private readonly int _minCount;
        private readonly int[] _order = new int[256];
        private readonly double[] _key = new double[256];

        public SplitFinder(BinnedDataset data, double l2, int minimumSamplesPerLeaf)
        {
            _data = data;
            _l2 = l2;
            _minCount = minimumSamplesPerLeaf;
        }

        /// <summary>The best split of a leaf with totals (g, h, count) and histogram (g, h, count per bin).</summary>
        public Split Find(HistogramBin[] histogram, double g, double h, int count)
        {
            var best = Split.None;
            if (count < 2 * _minCount) return best;
            double parent = Score(g, h);
            foreach (int f in _data.UsefulFeatures)
            {
                if (_data.Features[f].IsCategorical) FindCategorical(histogram, f, g, h, count, parent, ref best);
                else FindNumeric(histogram, f, g, h, count, parent, ref best);
            }
            return best;
        }

        private double Score(double g, double h) => g * g / (h + _l2);

        private void FindNumeric(HistogramBin[] hist, int f, double g, double h, int count, double parent, ref Split best)
        {
            int offset = _data.HistogramOffset[f];
            int valueBins = _data.BinCount[f] - 1;
            HistogramBin missing = hist[offset + valueBins];
            double mg = missing.G, mh = missing.H;
            int mc = missing.Count;

            double lg = 0, lh = 0;
            int lc = 0;
            double bestGain = best.Gain;
            int bestBin = -1;
            bool bestMissingLeft = false;
            double bestLg = 0, bestLh = 0;
            int bestLc = 0;
            for (int b = 0; b < valueBins; b++)
            {
                ref HistogramBin bin = ref hist[offset + b];
                lg += bin.G;
                lh += bin.H;
                lc += bin.Count;
                if (lc + mc < _minCount) continue;
                if (count - lc < _minCount) break;

                // Missing right (for the last bin: all present values left, missing right).
                if (lc >= _minCount && (b < valueBins - 1 || mc > 0) && Valid(lh, h - lh))
                {
                    double gain = Score(lg, lh) + Score(g - lg, h - lh) - parent;
                    if (gain > bestGain)
                    {
                        bestGain = gain; bestBin = b; bestMissingLeft = false;
                        bestLg = lg; bestLh = lh; bestLc = lc;
                    }
                }
                // Missing left.
                if (mc > 0 && b < valueBins - 1 && count - lc - mc >= _minCount && Valid(lh + mh, h - lh - mh))
                {
                    double gain = Score(lg + mg, lh + mh) + Score(g - lg - mg, h - lh - mh) - parent;
                    if (gain > bestGain)
                    {
                        bestGain = gain; bestBin = b; bestMissingLeft = true;
                        bestLg = lg + mg; bestLh = lh + mh; bestLc = lc + mc;
                    }
                }
            }
            if (bestBin < 0) return;

            best = Split.LeftAndRest(f, bestGain, bestLg, bestLh, bestLc, g, h, count);
            best.Bin = bestBin;
            best.DefaultLeft = mc > 0 ? bestMissingLeft : best.LeftCount >= best.RightCount;
        }

        private void FindCategorical(HistogramBin[] hist, int f, double g, double h, int count, double parent, ref Split best)
        {
            int offset = _data.HistogramOffset[f];
            int bins = _data.BinCount[f]; // value bins and the other bin, all treated alike
            int k = 0;
            for (int b = 0; b < bins; b++)
            {
                ref HistogramBin bin = ref hist[offset + b];
                if (bin.Count <= 0) continue;
                double key = bin.G / (bin.H + CategorySmoothing);
                // Insertion sort by key, ties by bin: deterministic, and k is at most 256.
                int j = k++;
                while (j > 0 && _key[j - 1] > key)
                {
                    _key[j] = _key[j - 1];
                    _order[j] = _order[j - 1];
                    j--;
                }
                _key[j] = key;
                _order[j] = b;
            }
            if (k < 2) return;

            double lg = 0, lh = 0;
            int lc = 0;
            int bestPrefix = 0;
            double bestGain = best.Gain, bestLg = 0, bestLh = 0;
            int bestLc = 0;
            for (int p = 1; p < k; p++)
            {
                ref HistogramBin bin = ref hist[offset + _order[p - 1]];
                lg += bin.G;
                lh += bin.H;
                lc += bin.Count;
                if (lc < _minCount) continue;
                if (count - lc < _minCount) break;
                if (!Valid(lh, h - lh)) continue;
                double gain = Score(lg, lh) + Score(g - lg, h - lh) - parent;
                if (gain > bestGain)
                {
                    bestGain = gain; bestPrefix = p;
                    bestLg = lg; bestLh = lh; bestLc = lc;
                }
            }
            if (bestPrefix == 0) return;

            var split = Split.LeftAndRest(f, bestGain, bestLg, bestLh, bestLc, g, h, count);
            split.Categorical = true;
            for (int p = 0; p < bestPrefix; p++) split.SetLeft(_order[p]);
            if (split.LeftCount >= split.RightCount)
            {
                // Categories absent from this leaf follow the larger child.
                for (int b = 0; b < bins; b++) if (hist[offset + b].Count <= 0) split.SetLeft(b);
            }
            best = split;
        }

        private static bool Valid(double leftHessian, double rightHessian) =>
            leftHessian >= MinimumHessian && rightHessian >= MinimumHessian;
    }
}
