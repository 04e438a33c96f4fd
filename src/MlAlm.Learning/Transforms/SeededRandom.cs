namespace MlAlm.Learning.Transforms
{
    /// <summary>
    /// xoshiro256** (Blackman and Vigna, 2018), its state filled from the seed by SplitMix64.
    /// Fully specified here, with integer arithmetic only, so a seed gives the same sequence on
    /// every platform and runtime (unlike <see cref="System.Random"/>, whose algorithm is not a contract).
    /// </summary>
    internal sealed class SeededRandom
    {
        private ulong _s0, _s1, _s2, _s3;

        public SeededRandom(ulong seed)
        {
            var seeder = new SplitMix64(seed);
            _s0 = seeder.Next();
            _s1 = seeder.Next();
            _s2 = seeder.Next();
            _s3 = seeder.Next();
        }

        public ulong NextUInt64()
        {
            ulong result = RotateLeft(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = RotateLeft(_s3, 45);
            return result;
        }

        /// <summary>A uniform integer in [0, bound), without modulo bias (rejection sampling).</summary>
        public int NextInt(int bound)
        {
            if (bound <= 1) return 0;
            ulong n = (ulong)bound;
            // The largest multiple of n that fits: values at or above it are rejected.
            ulong limit = ulong.MaxValue - (((ulong.MaxValue % n) + 1) % n);
            ulong r;
            do
            {
                r = NextUInt64();
            }
            while (r > limit);
            return (int)(r % n);
        }

        private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
    }
}
