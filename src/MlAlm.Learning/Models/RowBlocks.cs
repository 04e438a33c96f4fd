using System;
using System.Threading;
using MlAlm.Learning.Features;

namespace MlAlm.Learning.Models
{
    /// <summary>
    /// Work over rows in fixed blocks, in parallel. The blocks depend only on the row count, never on
    /// the machine, and callers keep one partial result per block and add them up in block order,
    /// so results are identical whatever the number of threads.
    /// </summary>
    internal static class RowBlocks
    {
        /// <summary>Rows per block: the block's slice of 20-odd feature columns stays in the L2 cache.</summary>
        public const int Size = 2048;

        public static int Count(int rows) => (rows + Size - 1) / Size;

        /// <summary>Runs <paramref name="body"/>(block, firstRow, endRow) for every block.</summary>
        public static void ForEach(int rows, CancellationToken cancellationToken, Action<int, int, int> body) =>
            ParallelWork.For(Count(rows), cancellationToken, b => body(b, b * Size, Math.Min(rows, (b + 1) * Size)));
    }
}
