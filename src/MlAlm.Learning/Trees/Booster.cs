using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MlAlm.Learning.Features;

namespace MlAlm.Learning.Trees
{
    /// <summary>One training run of <see cref="GradientBoostedTrees"/>: the boosting loop and tree growth.</summary>
    /// <remarks>
    /// <para>
    /// Rows are tracked by index: <c>_rows</c> holds every training row, and each leaf owns a
    /// contiguous range of it. Splitting a leaf partitions its range stably (rows stay in ascending
    /// order, so reads of the bin and gradient arrays move forward through memory).
    /// </para>
    /// <para>
    /// A histogram holds, for every feature and bin, the sums of gradient and hessian and the row
    /// count (<see cref="HistogramBin"/>). To build one, the leaf's gradients are first gathered
    /// into contiguous arrays, then each feature's bins are accumulated by one thread, in row order
    /// (features go in groups of up to four, one pass over the rows for all their histograms;
    /// groups run in parallel):
    /// every sum is taken in the same order whatever the number of threads.
    /// </para>
    /// </remarks>
    internal sealed class Booster
    {
        private const int ParallelHistogramWork = 1 << 16; // rows × features below which one thread builds
        private const int ParallelPartitionRows = 1 << 16;
        private const int ParallelGatherRows = 1 << 16;
        private const int GradientBlock = 1 << 14;

        private readonly EncodedFeatures _x;
        private readonly double[] _y;
        private readonly BoostingObjective _objective;
        private readonly BoostingOptions _options;
        private readonly CancellationToken _cancellationToken;
        private readonly Action<string>? _log;
        private readonly Action<string>? _timings; // kept apart from the log, which goes into packages
        private readonly ParallelOptions _parallel;
        private readonly int _threads;

        private BinnedDataset _data = null!;
        private SplitFinder _finder = null!;
        private int _n;
        private float[] _g = null!;
        private float[]? _h; // null for squared error: every hessian is 1
        private double[] _raw = null!;
        private int[] _rows = null!;
        private int[] _scratch = null!;
        private float[] _orderedG = null!;
        private float[]? _orderedH;
        private int[] _identity = null!;
        private int[][] _groups = null!;
        private readonly Stack<HistogramBin[]> _freeHistograms = new Stack<HistogramBin[]>();
        private readonly byte[] _goesLeft = new byte[256];

        // Per tree, reused.
        private Leaf[] _leaves = null!;
        private int[] _nodeFeature = null!;
        private double[] _nodeThreshold = null!;
        private bool[] _nodeDefaultLeft = null!;
        private int[] _nodeCategoryOffset = null!;
        private int[] _nodeLeft = null!;
        private int[] _nodeRight = null!;
        private double[] _nodeGain = null!;
        private readonly List<ulong> _categoryBits = new List<ulong>();

        // Time per phase, in Stopwatch ticks.
        private long _tBinning, _tGradients, _tHistograms, _tSplits, _tPartition, _tUpdate;

        public Booster(EncodedFeatures x, double[] y, BoostingObjective objective, BoostingOptions options, CancellationToken cancellationToken,
            Action<string>? log, Action<string>? timings)
        {
            _timings = timings;
            _x = x;
            _y = y;
            _objective = objective;
            _options = options;
            _cancellationToken = cancellationToken;
            _log = log;
            _threads = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
            _parallel = new ParallelOptions { MaxDegreeOfParallelism = _threads, CancellationToken = cancellationToken };
        }

        private struct Leaf
        {
            public int Begin;
            public int Count;
            public double G;
            public double H;
            public HistogramBin[]? Histogram; // kept only while the leaf may still be split
            public int ParentNode;      // -1 for the root
            public bool IsLeftChild;
            public Split Best;
        }

        public TreeEnsemble Run()
        {
            var total = Stopwatch.StartNew();
            long t0 = Stopwatch.GetTimestamp();
            _data = BinnedDataset.Create(_x, _options, _parallel, _cancellationToken);
            _tBinning = Stopwatch.GetTimestamp() - t0;
            _n = _data.RowCount;
            _finder = new SplitFinder(_data, _options.L2, _options.MinimumSamplesPerLeaf);
            Log($"binned {_n} rows x {_data.FeatureCount} features ({_data.UsefulFeatures.Length} usable, {_data.TotalBins} bins)");
            _timings?.Invoke($"binned in {Seconds(_tBinning)}");

            _g = new float[_n];
            _raw = new double[_n];
            _rows = new int[_n];
            _scratch = new int[_n];
            _orderedG = new float[_n];
            _identity = new int[_n];
            for (int i = 0; i < _n; i++) _identity[i] = i;
            MakeFeatureGroups();
            if (_objective == BoostingObjective.LogLoss)
            {
                _h = new float[_n];
                _orderedH = new float[_n];
            }
            int maxLeaves = _options.NumberOfLeaves;
            _leaves = new Leaf[maxLeaves];
            _nodeFeature = new int[maxLeaves - 1];
            _nodeThreshold = new double[maxLeaves - 1];
            _nodeDefaultLeft = new bool[maxLeaves - 1];
            _nodeCategoryOffset = new int[maxLeaves - 1];
            _nodeLeft = new int[maxLeaves - 1];
            _nodeRight = new int[maxLeaves - 1];
            _nodeGain = new double[maxLeaves - 1];

            double baseScore = BaseScore();
            for (int i = 0; i < _n; i++) _raw[i] = baseScore;

            var trees = new RegressionTree[_options.NumberOfTrees];
            for (int t = 0; t < trees.Length; t++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                t0 = Stopwatch.GetTimestamp();
                ComputeGradients();
                _tGradients += Stopwatch.GetTimestamp() - t0;

                trees[t] = GrowTree(out int leafCount);

                if (_log != null && ((t + 1) % 10 == 0 || t == 0 || t == trees.Length - 1))
                {
                    Log($"tree {t + 1}/{trees.Length}: {leafCount} leaves, training {(_objective == BoostingObjective.LogLoss ? "log loss" : "MSE")} {TrainingLoss().ToString("G6", CultureInfo.InvariantCulture)}");
                }
            }

            Log($"trained {trees.Length} trees");
            _timings?.Invoke($"trained {trees.Length} trees in {Seconds(total.ElapsedTicks)}: binning {Seconds(_tBinning)}, gradients {Seconds(_tGradients)}, " +
                $"histograms {Seconds(_tHistograms)}, split finding {Seconds(_tSplits)}, partitioning {Seconds(_tPartition)}, score update {Seconds(_tUpdate)}; rows histogrammed {_histogramRows / (double)_n / trees.Length:F2} N per tree, partitioned {_partitionRows / (double)_n / trees.Length:F2} N per tree");
            return new TreeEnsemble(_objective, baseScore, _data.Features, trees);
        }

        // ---- Objective ------------------------------------------------------------------------

        private double BaseScore()
        {
            double sum = 0;
            for (int i = 0; i < _n; i++) sum += _y[i];
            double mean = sum / _n;
            if (_objective == BoostingObjective.SquaredError) return mean;
            double p = Math.Min(Math.Max(mean, 1e-12), 1 - 1e-12);
            return Math.Log(p / (1 - p));
        }

        private void ComputeGradients()
        {
            int blocks = (_n + GradientBlock - 1) / GradientBlock;
            Parallel.For(0, blocks, _parallel, b =>
            {
                int from = b * GradientBlock, to = Math.Min(_n, from + GradientBlock);
                double[] raw = _raw, y = _y;
                float[] g = _g;
                if (_h == null)
                {
                    for (int i = from; i < to; i++) g[i] = (float)(raw[i] - y[i]);
                }
                else
                {
                    float[] h = _h;
                    for (int i = from; i < to; i++)
                    {
                        double p = 1.0 / (1.0 + Math.Exp(-raw[i]));
                        g[i] = (float)(p - y[i]);
                        h[i] = (float)Math.Max(p * (1 - p), 1e-16);
                    }
                }
            });
        }

        /// <summary>Adds each leaf's value to the raw scores of its rows.</summary>
        private void UpdateScores(int leafCount, double[] values)
        {
            // Blocks of positions in _rows, which the leaves' ranges tile: the work is even
            // whatever the leaf sizes, and each row is still updated exactly once.
            var byBegin = new int[leafCount];
            for (int l = 0; l < leafCount; l++) byBegin[l] = l;
            Array.Sort(byBegin, (a, b) => _leaves[a].Begin.CompareTo(_leaves[b].Begin));
            int blocks = (_n + GradientBlock - 1) / GradientBlock;
            Parallel.For(0, blocks, _parallel, b =>
            {
                int from = b * GradientBlock, to = Math.Min(_n, from + GradientBlock);
                int[] rows = _rows;
                double[] raw = _raw;
                foreach (int l in byBegin)
                {
                    int lo = Math.Max(from, _leaves[l].Begin), hi = Math.Min(to, _leaves[l].Begin + _leaves[l].Count);
                    double v = values[l];
                    for (int i = lo; i < hi; i++) raw[rows[i]] += v;
                }
            });
        }

        /// <summary>Mean training loss, for progress lines: block sums added in block order, so the figure does not depend on threads.</summary>
        private double TrainingLoss()
        {
            int blocks = (_n + GradientBlock - 1) / GradientBlock;
            var sums = new double[blocks];
            Parallel.For(0, blocks, _parallel, b =>
            {
                int from = b * GradientBlock, to = Math.Min(_n, from + GradientBlock);
                double sum = 0;
                for (int i = from; i < to; i++)
                {
                    double r = _raw[i];
                    if (_objective == BoostingObjective.SquaredError)
                    {
                        double d = r - _y[i];
                        sum += d * d;
                    }
                    else
                    {
                        // log(1 + e^r) − y·r, computed without overflow.
                        sum += (r > 0 ? r + Math.Log(1 + Math.Exp(-r)) : Math.Log(1 + Math.Exp(r))) - (_y[i] * r);
                    }
                }
                sums[b] = sum;
            });
            double total = 0;
            foreach (double sum in sums) total += sum;
            return total / _n;
        }

        // ---- Tree growth -------------------------------------------------------------------

        private RegressionTree GrowTree(out int leafCount)
        {
            int maxLeaves = _options.NumberOfLeaves;
            int minCount = _options.MinimumSamplesPerLeaf;
            Array.Copy(_identity, _rows, _n);
            _categoryBits.Clear();

            _leaves[0] = new Leaf { Begin = 0, Count = _n, ParentNode = -1, Best = Split.None };
            leafCount = 1;
            int nodeCount = 0;
            if (_n >= 2 * minCount && _data.UsefulFeatures.Length > 0)
            {
                var histogram = RentHistogram();
                BuildHistogram(0, _n, root: true, histogram);
                // The root's sums are those of any one feature's bins.
                int f = _data.UsefulFeatures[0];
                double g = 0, h = 0;
                for (int b = _data.HistogramOffset[f], end = b + _data.BinCount[f]; b < end; b++)
                {
                    g += histogram[b].G;
                    h += histogram[b].H;
                }
                _leaves[0].G = g;
                _leaves[0].H = h;
                _leaves[0].Histogram = histogram;
                FindSplit(ref _leaves[0]);
            }
            else
            {
                double g = 0, h = 0;
                for (int i = 0; i < _n; i++) g += _g[i];
                if (_h == null) h = _n;
                else for (int i = 0; i < _n; i++) h += _h[i];
                _leaves[0].G = g;
                _leaves[0].H = h;
            }

            while (leafCount < maxLeaves)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                int best = -1;
                for (int l = 0; l < leafCount; l++)
                {
                    if (_leaves[l].Best.IsValid && (best < 0 || _leaves[l].Best.Gain > _leaves[best].Best.Gain)) best = l;
                }
                if (best < 0) break;

                int node = nodeCount++;
                int right = leafCount++;
                SplitLeaf(best, right, node);

                ref Leaf leftLeaf = ref _leaves[best];
                ref Leaf rightLeaf = ref _leaves[right];
                HistogramBin[]? parentHistogram = leftLeaf.Histogram;
                leftLeaf.Histogram = null;
                bool more = leafCount < maxLeaves;
                bool splitLeft = more && leftLeaf.Count >= 2 * minCount;
                bool splitRight = more && rightLeaf.Count >= 2 * minCount;
                if (!splitLeft && !splitRight)
                {
                    if (parentHistogram != null) ReturnHistogram(parentHistogram);
                    continue;
                }

                // Build the smaller child; the larger one is the parent minus it.
                bool leftSmaller = leftLeaf.Count <= rightLeaf.Count;
                ref Leaf small = ref leftSmaller ? ref leftLeaf : ref rightLeaf;
                ref Leaf large = ref leftSmaller ? ref rightLeaf : ref leftLeaf;
                bool splitSmall = leftSmaller ? splitLeft : splitRight;
                bool splitLarge = leftSmaller ? splitRight : splitLeft;

                var smallHistogram = RentHistogram();
                BuildHistogram(small.Begin, small.Count, root: false, smallHistogram);
                if (splitLarge)
                {
                    Subtract(parentHistogram!, smallHistogram);
                    large.Histogram = parentHistogram;
                    FindSplit(ref large);
                }
                else
                {
                    ReturnHistogram(parentHistogram!);
                }
                if (splitSmall)
                {
                    small.Histogram = smallHistogram;
                    FindSplit(ref small);
                }
                else
                {
                    ReturnHistogram(smallHistogram);
                }
            }

            // Leaf values, and the training scores they add to.
            long t0 = Stopwatch.GetTimestamp();
            double rate = _options.LearningRate, l2 = _options.L2;
            var values = new double[leafCount];
            var counts = new int[leafCount];
            for (int l = 0; l < leafCount; l++)
            {
                ref Leaf leaf = ref _leaves[l];
                values[l] = -rate * leaf.G / (leaf.H + l2);
                counts[l] = leaf.Count;
                if (leaf.Histogram != null)
                {
                    ReturnHistogram(leaf.Histogram);
                    leaf.Histogram = null;
                }
            }
            UpdateScores(leafCount, values);
            _tUpdate += Stopwatch.GetTimestamp() - t0;

            return new RegressionTree(
                Take(_nodeFeature, nodeCount), Take(_nodeThreshold, nodeCount), Take(_nodeDefaultLeft, nodeCount),
                Take(_nodeCategoryOffset, nodeCount), _categoryBits.ToArray(), Take(_nodeLeft, nodeCount), Take(_nodeRight, nodeCount),
                Take(_nodeGain, nodeCount), values, counts);
        }

        private void FindSplit(ref Leaf leaf)
        {
            long t0 = Stopwatch.GetTimestamp();
            leaf.Best = _finder.Find(leaf.Histogram!, leaf.G, leaf.H, leaf.Count);
            _tSplits += Stopwatch.GetTimestamp() - t0;
        }

        /// <summary>Turns leaf <paramref name="l"/> into node <paramref name="node"/> with children leaf l (left) and leaf <paramref name="right"/>.</summary>
        private void SplitLeaf(int l, int right, int node)
        {
            ref Leaf leaf = ref _leaves[l];
            Split split = leaf.Best;
            int f = split.Feature;

            _nodeFeature[node] = f;
            _nodeGain[node] = split.Gain;
            _nodeLeft[node] = ~l;
            _nodeRight[node] = ~right;
            if (leaf.ParentNode >= 0)
            {
                if (leaf.IsLeftChild) _nodeLeft[leaf.ParentNode] = node;
                else _nodeRight[leaf.ParentNode] = node;
            }

            int bins = _data.BinCount[f];
            if (split.Categorical)
            {
                _nodeThreshold[node] = double.NaN;
                _nodeDefaultLeft[node] = false;
                _nodeCategoryOffset[node] = _categoryBits.Count;
                _categoryBits.Add(split.Bits0);
                _categoryBits.Add(split.Bits1);
                _categoryBits.Add(split.Bits2);
                _categoryBits.Add(split.Bits3);
                for (int b = 0; b < bins; b++) _goesLeft[b] = split.BinGoesLeft(b) ? (byte)1 : (byte)0;
            }
            else
            {
                double[] cuts = _data.Thresholds[f]!;
                _nodeThreshold[node] = split.Bin < cuts.Length ? cuts[split.Bin] : double.PositiveInfinity;
                _nodeDefaultLeft[node] = split.DefaultLeft;
                _nodeCategoryOffset[node] = -1;
                for (int b = 0; b < bins - 1; b++) _goesLeft[b] = b <= split.Bin ? (byte)1 : (byte)0;
                _goesLeft[bins - 1] = split.DefaultLeft ? (byte)1 : (byte)0;
            }

            long t0 = Stopwatch.GetTimestamp();
            int leftCount = Partition(leaf.Begin, leaf.Count, _data.Bins[f]);
            _partitionRows += leaf.Count;
            _tPartition += Stopwatch.GetTimestamp() - t0;
            if (leftCount != split.LeftCount)
                throw new InvalidOperationException($"Internal error: the split promised {split.LeftCount} rows on the left and the partition gave {leftCount}.");

            _leaves[right] = new Leaf
            {
                Begin = leaf.Begin + leftCount,
                Count = leaf.Count - leftCount,
                G = split.RightG,
                H = split.RightH,
                ParentNode = node,
                IsLeftChild = false,
                Best = Split.None,
            };
            leaf.Count = leftCount;
            leaf.G = split.LeftG;
            leaf.H = split.LeftH;
            leaf.ParentNode = node;
            leaf.IsLeftChild = true;
            leaf.Best = Split.None;
        }

        /// <summary>Stable partition of _rows[begin..begin+count) by _goesLeft; returns the left count.</summary>
        private int Partition(int begin, int count, byte[] bins)
        {
            int[] rows = _rows, scratch = _scratch;
            byte[] goesLeft = _goesLeft;
            if (count < ParallelPartitionRows || _threads == 1)
            {
                // Branch-free: each row is written to both places and only one cursor moves
                // (left never passes i, so the in-place write is safe).
                int left = begin, right = 0;
                int end = begin + count;
                for (int i = begin; i < end; i++)
                {
                    int r = rows[i];
                    int go = goesLeft[bins[r]];
                    rows[left] = r;
                    scratch[right] = r;
                    left += go;
                    right += go ^ 1;
                }
                Array.Copy(scratch, 0, rows, left, right);
                return left - begin;
            }

            // In blocks: count each block's left rows, then every block scatters to its own place
            // in the scratch array. The outcome is the same as the sequential one.
            int blocks = Math.Min(_threads * 4, count / 8192);
            int blockSize = (count + blocks - 1) / blocks;
            var leftCounts = new int[blocks];
            Parallel.For(0, blocks, _parallel, b =>
            {
                int from = begin + (b * blockSize), to = Math.Min(begin + count, from + blockSize);
                int c = 0;
                for (int i = from; i < to; i++) c += goesLeft[bins[rows[i]]];
                leftCounts[b] = c;
            });
            int totalLeft = 0;
            var leftStart = new int[blocks];
            var rightStart = new int[blocks];
            for (int b = 0; b < blocks; b++)
            {
                leftStart[b] = totalLeft;
                totalLeft += leftCounts[b];
            }
            int rightSoFar = totalLeft;
            for (int b = 0; b < blocks; b++)
            {
                rightStart[b] = rightSoFar;
                int size = Math.Min(begin + count, begin + ((b + 1) * blockSize)) - (begin + (b * blockSize));
                rightSoFar += size - leftCounts[b];
            }
            Parallel.For(0, blocks, _parallel, b =>
            {
                int from = begin + (b * blockSize), to = Math.Min(begin + count, from + blockSize);
                int l = begin + leftStart[b], r = begin + rightStart[b];
                for (int i = from; i < to; i++)
                {
                    int row = rows[i];
                    int go = goesLeft[bins[row]];
                    scratch[r + ((l - r) & -go)] = row; // l when go is 1, else r
                    l += go;
                    r += go ^ 1;
                }
            });
            Array.Copy(scratch, begin, rows, begin, count);
            return totalLeft;
        }

        // ---- Histograms --------------------------------------------------------------------

        private HistogramBin[] RentHistogram() =>
            _freeHistograms.Count > 0 ? _freeHistograms.Pop() : new HistogramBin[_data.TotalBins];

        private void ReturnHistogram(HistogramBin[] histogram) => _freeHistograms.Push(histogram);

        private static void Subtract(HistogramBin[] parent, HistogramBin[] child)
        {
            for (int i = 0; i < parent.Length; i++)
            {
                ref HistogramBin p = ref parent[i];
                p.G -= child[i].G;
                p.H -= child[i].H;
                p.Count -= child[i].Count;
            }
        }

        private long _histogramRows, _partitionRows;

        private void BuildHistogram(int begin, int count, bool root, HistogramBin[] histogram)
        {
            long t0 = Stopwatch.GetTimestamp();
            _histogramRows += count;
            float[] g = _g;
            float[]? h = _h;
            int[] rows = _rows;
            if (root)
            {
                // Every row, in order: no gather needed.
                rows = _identity;
            }
            else
            {
                // Gather the leaf's gradients once, so every feature reads them in sequence.
                if (count < ParallelGatherRows || _threads == 1)
                {
                    Gather(begin, 0, count);
                }
                else
                {
                    int blocks = (count + GradientBlock - 1) / GradientBlock;
                    Parallel.For(0, blocks, _parallel, b => Gather(begin, b * GradientBlock, Math.Min(count, (b + 1) * GradientBlock)));
                }
                g = _orderedG;
                if (h != null) h = _orderedH;
            }

            int groups = _groups.Length;
            if ((long)count * _data.UsefulFeatures.Length < ParallelHistogramWork || _threads == 1)
            {
                for (int k = 0; k < groups; k++) BuildGroup(k, rows, begin, count, g, h, histogram);
            }
            else
            {
                int[] rr = rows;
                float[] gg = g;
                float[]? hh = h;
                Parallel.For(0, groups, _parallel, k => BuildGroup(k, rr, begin, count, gg, hh, histogram));
            }
            _tHistograms += Stopwatch.GetTimestamp() - t0;
        }

        /// <summary>Copies the gradients (and hessians) of the leaf's rows begin+from..begin+to into leaf order.</summary>
        private void Gather(int begin, int from, int to)
        {
            int[] rows = _rows;
            float[] g = _g, og = _orderedG;
            if (_h == null)
            {
                for (int i = from; i < to; i++) og[i] = g[rows[begin + i]];
            }
            else
            {
                float[] h = _h, oh = _orderedH!;
                for (int i = from; i < to; i++)
                {
                    int r = rows[begin + i];
                    og[i] = g[r];
                    oh[i] = h[r];
                }
            }
        }

        /// <summary>
        /// Groups of up to four usable features, one pass over a leaf's rows filling all their
        /// histograms (the row index and gradients are loaded once per group). There are a multiple
        /// of the thread count of them, of near-equal sizes, so the threads get even shares.
        /// </summary>
        private void MakeFeatureGroups()
        {
            int[] useful = _data.UsefulFeatures;
            int groups = (useful.Length + 3) / 4;
            if (_threads > 1) groups = Math.Min(useful.Length, (groups + _threads - 1) / _threads * _threads);
            _groups = new int[groups][];
            int next = 0;
            for (int k = 0; k < groups; k++)
            {
                int size = (useful.Length - next) / (groups - k); // spread the remainder over the last groups
                _groups[k] = new int[size];
                for (int j = 0; j < size; j++) _groups[k][j] = useful[next++];
            }
        }

        private void BuildGroup(int k, int[] rows, int begin, int count, float[] g, float[]? h, HistogramBin[] hist)
        {
            int[] group = _groups[k];
            foreach (int f in group) Array.Clear(hist, _data.HistogramOffset[f], _data.BinCount[f]);
            if (h == null)
            {
                AccumulateGroup<GradientOnly>(group, rows, begin, count, g, h, hist);
                // Squared error: every hessian is 1, so the hessian sum is the count.
                int[] offset = _data.HistogramOffset;
                foreach (int f in group)
                {
                    for (int i = offset[f], end = offset[f] + _data.BinCount[f]; i < end; i++) hist[i].H = hist[i].Count;
                }
            }
            else
            {
                AccumulateGroup<GradientAndHessian>(group, rows, begin, count, g, h, hist);
            }
        }

        private void AccumulateGroup<TUpdate>(int[] group, int[] rows, int begin, int count, float[] g, float[]? h, HistogramBin[] hist)
            where TUpdate : struct, IBinUpdate
        {
            byte[][] bins = _data.Bins;
            int[] offset = _data.HistogramOffset;
            switch (group.Length)
            {
                case 4:
                    Accumulate<TUpdate>(bins[group[0]], bins[group[1]], bins[group[2]], bins[group[3]], rows, begin, g, h, count, hist,
                        offset[group[0]], offset[group[1]], offset[group[2]], offset[group[3]]);
                    break;
                case 3:
                    Accumulate<TUpdate>(bins[group[0]], bins[group[1]], rows, begin, g, h, count, hist, offset[group[0]], offset[group[1]]);
                    Accumulate<TUpdate>(bins[group[2]], rows, begin, g, h, count, hist, offset[group[2]]);
                    break;
                case 2:
                    Accumulate<TUpdate>(bins[group[0]], bins[group[1]], rows, begin, g, h, count, hist, offset[group[0]], offset[group[1]]);
                    break;
                default:
                    Accumulate<TUpdate>(bins[group[0]], rows, begin, g, h, count, hist, offset[group[0]]);
                    break;
            }
        }

        // The kernels: for the i-th row of the leaf (rows[begin + i]), add its gradient (g[i], in
        // leaf order), its hessian (h[i]; none for squared error) and a count of 1 to its bin.
        // TUpdate is a struct type argument so that the JIT compiles each kernel once per objective
        // with the update inlined: the loops are written once and carry no test of which it is.
        // The two- and four-feature kernels look alike but stay apart: each spells out its features
        // rather than looping over an array of them, so every bins array and offset stays in a
        // register (docs/boosted-trees.md: the four-feature pass took about 8% off a run).

        /// <summary>What one row adds to a histogram bin.</summary>
        private interface IBinUpdate
        {
            /// <summary>Row i's hessian, read once for all the features of a group.</summary>
            double Hessian(float[]? h, int i);

            void Add(ref HistogramBin bin, double g, double h);
        }

        /// <summary>Log loss: the gradient, the hessian and a count of 1.</summary>
        private struct GradientAndHessian : IBinUpdate
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public double Hessian(float[]? h, int i) => h![i];

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public void Add(ref HistogramBin bin, double g, double h)
            {
                bin.G += g;
                bin.H += h;
                bin.Count++;
            }
        }

        /// <summary>Squared error: the gradient and a count of 1; the hessian sums are the counts, set once the rows are in.</summary>
        private struct GradientOnly : IBinUpdate
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public double Hessian(float[]? h, int i) => 0;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public void Add(ref HistogramBin bin, double g, double h)
            {
                bin.G += g;
                bin.Count++;
            }
        }

        private static void Accumulate<TUpdate>(byte[] bins, int[] rows, int begin, float[] g, float[]? h, int count, HistogramBin[] hist, int offset)
            where TUpdate : struct, IBinUpdate
        {
            var update = default(TUpdate);
            for (int i = 0; i < count; i++)
            {
                update.Add(ref hist[offset + bins[rows[begin + i]]], g[i], update.Hessian(h, i));
            }
        }

        private static void Accumulate<TUpdate>(byte[] bins1, byte[] bins2, int[] rows, int begin, float[] g, float[]? h, int count, HistogramBin[] hist,
            int offset1, int offset2)
            where TUpdate : struct, IBinUpdate
        {
            var update = default(TUpdate);
            for (int i = 0; i < count; i++)
            {
                int r = rows[begin + i];
                double gi = g[i], hi = update.Hessian(h, i);
                update.Add(ref hist[offset1 + bins1[r]], gi, hi);
                update.Add(ref hist[offset2 + bins2[r]], gi, hi);
            }
        }

        private static void Accumulate<TUpdate>(byte[] bins1, byte[] bins2, byte[] bins3, byte[] bins4, int[] rows, int begin, float[] g, float[]? h, int count,
            HistogramBin[] hist, int offset1, int offset2, int offset3, int offset4)
            where TUpdate : struct, IBinUpdate
        {
            var update = default(TUpdate);
            for (int i = 0; i < count; i++)
            {
                int r = rows[begin + i];
                double gi = g[i], hi = update.Hessian(h, i);
                update.Add(ref hist[offset1 + bins1[r]], gi, hi);
                update.Add(ref hist[offset2 + bins2[r]], gi, hi);
                update.Add(ref hist[offset3 + bins3[r]], gi, hi);
                update.Add(ref hist[offset4 + bins4[r]], gi, hi);
            }
        }

        // ---- Helpers -----------------------------------------------------------------------

        private static T[] Take<T>(T[] source, int count)
        {
            var result = new T[count];
            Array.Copy(source, result, count);
            return result;
        }

        private void Log(string message) => _log?.Invoke(message);

        private static string Seconds(long ticks) =>
            (ticks / (double)Stopwatch.Frequency).ToString("F3", CultureInfo.InvariantCulture) + " s";
    }
}
