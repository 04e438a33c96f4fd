namespace MlAlm.Learning.Trees
{
    /// <summary>A candidate split of a leaf: which rows go left, and the gradient statistics of both sides.</summary>
    internal struct Split
    {
        /// <summary>The loss reduction G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ); a split is only made when positive.</summary>
        public double Gain;

        /// <summary>-1 when no valid split was found.</summary>
        public int Feature;

        public bool Categorical;

        /// <summary>Numeric: value bins 0..Bin go left.</summary>
        public int Bin;

        /// <summary>Numeric: whether missing values (and NaN at prediction) go left.</summary>
        public bool DefaultLeft;

        /// <summary>Categorical: the bins that go left, 256 bits.</summary>
        public ulong Bits0, Bits1, Bits2, Bits3;

        public double LeftG, LeftH, RightG, RightH;

        public int LeftCount, RightCount;

        public static Split None => new Split { Feature = -1 };

        /// <summary>
        /// A split of <paramref name="feature"/> whose left child has the sums a scan found, and
        /// whose right child has the rest of the leaf's; the caller says which bins go left.
        /// </summary>
        public static Split LeftAndRest(int feature, double gain, double leftG, double leftH, int leftCount, double leafG, double leafH, int leafCount) =>
            new Split
            {
                Gain = gain,
                Feature = feature,
                LeftG = leftG,
                LeftH = leftH,
                LeftCount = leftCount,
                RightG = leafG - leftG,
                RightH = leafH - leftH,
                RightCount = leafCount - leftCount,
            };

        public bool IsValid => Feature >= 0 && Gain > 0;

        public bool BinGoesLeft(int bin)
        {
            ulong word = (bin >> 6) switch { 0 => Bits0, 1 => Bits1, 2 => Bits2, _ => Bits3 };
            return ((word >> (bin & 63)) & 1UL) != 0;
        }

        public void SetLeft(int bin)
        {
            ulong bit = 1UL << (bin & 63);
            switch (bin >> 6)
            {
                case 0: Bits0 |= bit; break;
                case 1: Bits1 |= bit; break;
                case 2: Bits2 |= bit; break;
                default: Bits3 |= bit; break;
            }
        }
    }
}
