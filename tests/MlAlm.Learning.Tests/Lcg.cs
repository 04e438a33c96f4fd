namespace MlAlm.Learning.Tests
{
    /// <summary>
    /// Knuth's MMIX linear congruential generator, for test data that pinned results depend on: it
    /// is fixed here, unlike <see cref="System.Random"/>, whose algorithm is not a contract.
    /// </summary>
    internal struct Lcg
    {
        private ulong _state;

        public Lcg(ulong seed) => _state = seed;

        /// <summary>An integer in [0, <paramref name="bound"/>) (modulo bias does not matter for test data).</summary>
        public int Below(int bound)
        {
            _state = (_state * 6364136223846793005UL) + 1442695040888963407UL;
            return (int)((_state >> 33) % (ulong)bound);
        }
    }
}
