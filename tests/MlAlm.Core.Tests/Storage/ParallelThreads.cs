using System;
using System.Collections.Generic;
using System.Threading;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>
    /// Runs a body on N dedicated threads released together by a barrier. Dedicated threads, not
    /// pool tasks: on a 2-core machine the pool starts with two threads and would serialise the race.
    /// </summary>
    internal static class ParallelThreads
    {
        public static T[] Run<T>(int count, Func<int, T> body)
        {
            var results = new T[count];
            var failures = new List<Exception>();
            using var start = new Barrier(count);
            var threads = new Thread[count];
            for (int i = 0; i < count; i++)
            {
                int index = i;
                threads[i] = new Thread(() =>
                {
                    try
                    {
                        start.SignalAndWait();
                        results[index] = body(index);
                    }
                    catch (Exception ex)
                    {
                        lock (failures) failures.Add(ex);
                    }
                }) { IsBackground = true, Name = "store race " + index };
                threads[i].Start();
            }
            foreach (var thread in threads) thread.Join();
            if (failures.Count > 0) throw new AggregateException("A racing thread failed.", failures);
            return results;
        }

        public static void Run(int count, Action<int> body) => Run(count, i => { body(i); return true; });
    }
}
