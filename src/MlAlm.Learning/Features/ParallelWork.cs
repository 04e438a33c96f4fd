using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace MlAlm.Learning.Features
{
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
