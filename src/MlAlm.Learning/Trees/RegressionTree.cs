using System;

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
        }

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
