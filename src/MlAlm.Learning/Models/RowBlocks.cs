using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

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

    internal static class ParallelWork
    {
        /// <summary>Threads at most (-1: as many as the scheduler likes). For tests that check results do not depend on it.</summary>
        internal static int MaxDegreeOfParallelism { get; set; } = -1;

        /// <summary>
        /// Parallel.For over 0..count-1 that throws the body's own exception (the first one) rather
        /// than an AggregateException, and runs inline when there is one item or one processor.
        /// </summary>
        public static void For(int count, CancellationToken cancellationToken, Action<int> body)
        {
            if (count <= 1 || Environment.ProcessorCount == 1 || MaxDegreeOfParallelism == 1)
            {
                for (int i = 0; i < count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    body(i);
                }
                return;
            }
            try
            {
                Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = MaxDegreeOfParallelism }, body);
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                throw;
            }
        }
    }
}
