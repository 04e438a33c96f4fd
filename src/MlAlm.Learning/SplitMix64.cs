namespace MlAlm.Learning
{
    /// <summary>
    /// SplitMix64 (Steele, Lea and Flood, 2014): a small generator fully specified here, so that a
    /// seed means the same thing on every runtime (unlike <see cref="System.Random"/>). It draws the
    /// trees' binning sample, the synthetic datasets, and the state of <see cref="Transforms.SeededRandom"/>.
    /// </summary>
    internal struct SplitMix64
    {
        private ulong _state;

        public SplitMix64(ulong seed) => _state = seed;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>An integer in [0, <paramref name="bound"/>), by multiply-shift (bias below 2⁻³²).</summary>
        public int NextInt(int bound) => (int)(((Next() >> 32) * (ulong)(uint)bound) >> 32);

        /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
    }
}
