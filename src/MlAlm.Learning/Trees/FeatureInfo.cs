using System;

namespace MlAlm.Learning.Trees
{
    /// <summary>
    /// What a trained ensemble knows about one input feature: its name, and for a categorical feature
    /// the map from category code to bin, which node category sets refer to.
    /// </summary>
    internal sealed class FeatureInfo
    {
        /// <summary>Codes at or above this are read as "unknown category" (keeps the map bounded).</summary>
        public const int CodeLimit = 1 << 20;

        public FeatureInfo(string name, bool isCategorical, int[]? binOfCode, int otherBin)
        {
            Name = name;
            IsCategorical = isCategorical;
            BinOfCode = binOfCode ?? Array.Empty<int>();
            OtherBin = otherBin;
        }

        public string Name { get; }

        public bool IsCategorical { get; }

        /// <summary>Categorical: bin of each code 0..Length-1, or -1 when the code was not kept (then <see cref="OtherBin"/>).</summary>
        public int[] BinOfCode { get; }

        /// <summary>Categorical: the bin of missing, unknown and rare categories (one past the kept ones).</summary>
        public int OtherBin { get; }

        /// <summary>The bin a categorical value falls in; NaN, negative, fractional and unknown codes fall in <see cref="OtherBin"/>.</summary>
        public int CategoryBin(double value)
        {
            // The comparison is false for NaN; the cast is safe because value < Length <= CodeLimit.
            if (value >= 0 && value < BinOfCode.Length)
            {
                int code = (int)value;
                if (code == value)
                {
                    int bin = BinOfCode[code];
                    if (bin >= 0) return bin;
                }
            }
            return OtherBin;
        }
    }
}
