using System;
using System.Runtime.CompilerServices;

namespace MlAlm.Learning.Trees
{
    /// <summary>
    /// One trained tree, as flat arrays. Internal nodes are numbered in the order they were split,
    /// so node 0 is the root and every child has a higher number than its parent; a child reference
    /// <c>c &lt; 0</c> is leaf <c>~c</c>. A tree with one leaf has no internal nodes.
    /// </summary>
    /// <remarks>
    /// A numeric node sends x left when <c>x ≤ Threshold</c>, and NaN by <see cref="DefaultLeft"/>.
    /// A categorical node sends x left when the bit of its category bin (see
    /// <see cref="FeatureInfo.CategoryBin"/>) is set in its four-word set at
    /// <see cref="CategoryOffset"/>.
    /// </remarks>
    internal sealed class RegressionTree
    {
        public const int CategoryWords = 4; // 256 bins

        public RegressionTree(int[] feature, double[] threshold, bool[] defaultLeft, int[] categoryOffset, ulong[] categoryBits,
            int[] left, int[] right, double[] gain, double[] leafValue, int[] leafCount)
        {
            Feature = feature;
            Threshold = threshold;
            DefaultLeft = defaultLeft;
            CategoryOffset = categoryOffset;
            CategoryBits = categoryBits;
            Left = left;
            Right = right;
            Gain = gain;
            LeafValue = leafValue;
            LeafCount = leafCount;
            _children = new int[2 * feature.Length];
            _nanRight = new int[feature.Length];
            for (int n = 0; n < feature.Length; n++)
            {
                _children[2 * n] = left[n];
                _children[(2 * n) + 1] = right[n];
                _nanRight[n] = defaultLeft[n] ? 0 : 1;
            }
        }

        // For batch prediction: node n's children at 2n (left) and 2n+1 (right), and 1 where NaN goes right.
        private readonly int[] _children;
        private readonly int[] _nanRight;

        public int NodeCount => Feature.Length;

        public int LeafCountTotal => LeafValue.Length;

        public int[] Feature { get; }

        public double[] Threshold { get; }

        public bool[] DefaultLeft { get; }

        /// <summary>-1 for a numeric node; else where its category set starts in <see cref="CategoryBits"/>.</summary>
        public int[] CategoryOffset { get; }

        public ulong[] CategoryBits { get; }

        public int[] Left { get; }

        public int[] Right { get; }

        /// <summary>The loss reduction of each split (for feature importance).</summary>
        public double[] Gain { get; }

        /// <summary>Leaf outputs, learning rate applied.</summary>
        public double[] LeafValue { get; }

        /// <summary>Training rows that reached each leaf.</summary>
        public int[] LeafCount { get; }

        public int Leaf(double[][] columns, int row, FeatureInfo[] features)
        {
            if (Feature.Length == 0) return 0;
            int node = 0;
            do
            {
                node = Child(node, columns[Feature[node]][row], features);
            }
            while (node >= 0);
            return ~node;
        }

        public int Leaf(double[] values, FeatureInfo[] features)
        {
            if (Feature.Length == 0) return 0;
            int node = 0;
            do
            {
                node = Child(node, values[Feature[node]], features);
            }
            while (node >= 0);
            return ~node;
        }

        /// <summary>
        /// Adds this tree's output to <paramref name="raw"/>[from..to). Four rows go down the tree
        /// side by side, with numeric decisions made without jumps, so that the four chains of
        /// dependent loads overlap instead of waiting on mispredicted branches.
        /// </summary>
        public void AddTo(double[][] columns, double[] raw, int from, int to, FeatureInfo[] features)
        {
            double[] values = LeafValue;
            if (Feature.Length == 0)
            {
                for (int i = from; i < to; i++) raw[i] += values[0];
                return;
            }
            int row = from;
            for (; row + 4 <= to; row += 4)
            {
                int n0 = 0, n1 = 0, n2 = 0, n3 = 0;
                while ((n0 & n1 & n2 & n3) >= 0) // some row is not at a leaf yet
                {
                    if (n0 >= 0) n0 = Step(n0, columns, row, features);
                    if (n1 >= 0) n1 = Step(n1, columns, row + 1, features);
                    if (n2 >= 0) n2 = Step(n2, columns, row + 2, features);
                    if (n3 >= 0) n3 = Step(n3, columns, row + 3, features);
                }
                raw[row] += values[~n0];
                raw[row + 1] += values[~n1];
                raw[row + 2] += values[~n2];
                raw[row + 3] += values[~n3];
            }
            for (; row < to; row++) raw[row] += values[Leaf(columns, row, features)];
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Step(int node, double[][] columns, int row, FeatureInfo[] features)
        {
            double x = columns[Feature[node]][row];
            if (CategoryOffset[node] >= 0) return Child(node, x, features);
            // Right when x > threshold, or when x is NaN and NaN goes right.
            int right = (x > Threshold[node] ? 1 : 0) | ((double.IsNaN(x) ? 1 : 0) & _nanRight[node]);
            return _children[(2 * node) + right];
        }

        private int Child(int node, double x, FeatureInfo[] features)
        {
            int offset = CategoryOffset[node];
            bool left;
            if (offset < 0)
            {
                left = x <= Threshold[node] || (DefaultLeft[node] && double.IsNaN(x));
            }
            else
            {
                int bin = features[Feature[node]].CategoryBin(x);
                left = ((CategoryBits[offset + (bin >> 6)] >> (bin & 63)) & 1UL) != 0;
            }
            return left ? Left[node] : Right[node];
        }
    }
}
