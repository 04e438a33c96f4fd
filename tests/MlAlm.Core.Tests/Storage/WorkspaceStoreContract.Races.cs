using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MlAlm.Core.Storage;
using MlAlm.StoreWorker;
using Xunit;

namespace MlAlm.Core.Tests.Storage
{
    public abstract partial class WorkspaceStoreContract
    {
        private const string VersionsPrefix = "datasets/iris/versions/";

        [Fact]
        public void Threads_racing_to_create_the_next_version_each_get_their_own_none_lost()
        {
            var store = CreateStore();
            const int writers = 8, perWriter = 25;
            ParallelThreads.Run(writers, w =>
            {
                for (int i = 0; i < perWriter; i++) VersionWriter.AddVersion(store, VersionsPrefix, "thread" + w, i);
            });

            AssertEveryWriteIsPresentOnce(store, Enumerable.Range(0, writers).Select(w => "thread" + w), perWriter);
        }

        [Fact]
        public void Processes_racing_to_create_the_next_version_each_get_their_own_none_lost()
        {
            var store = CreateStore();
            var location = StoreLocationForChildProcess(store);
            const int processes = 4, perProcess = 25;

            var workers = Enumerable.Range(0, processes)
                .Select(p => StoreWorkerProcess.Start("add-versions", location, VersionsPrefix, "process" + p, perProcess.ToString(CultureInfo.InvariantCulture)))
                .ToList();
            try
            {
                foreach (var worker in workers)
                {
                    var exitCode = worker.WaitForExit();
                    Assert.True(exitCode == 0, "A store worker failed." + worker.Describe());
                }
            }
            finally
            {
                foreach (var worker in workers) worker.Dispose();
            }

            AssertEveryWriteIsPresentOnce(store, Enumerable.Range(0, processes).Select(p => "process" + p), perProcess);
            Assert.Empty(store.FindIncompleteWrites(TimeSpan.Zero, remove: false));
        }

        [Fact]
        public void Threads_incrementing_a_counter_with_replace_if_match_end_at_the_exact_total()
        {
            var store = CreateStore();
            const int writers = 8, perWriter = 25;
            store.CreateDocument("counters/c", Utf8("0"));
            ParallelThreads.Run(writers, _ =>
            {
                for (int i = 0; i < perWriter; i++)
                {
                    while (true)
                    {
                        var current = store.GetDocument("counters/c")!;
                        int value = int.Parse(Text(current.Content), CultureInfo.InvariantCulture);
                        try
                        {
                            store.ReplaceDocument("counters/c", Utf8((value + 1).ToString(CultureInfo.InvariantCulture)), current.ETag);
                            break;
                        }
                        catch (DocumentChangedException)
                        {
                            // someone else incremented first: read again and retry
                        }
                    }
                }
            });

            Assert.Equal((writers * perWriter).ToString(CultureInfo.InvariantCulture), Text(store.GetDocument("counters/c")!.Content));
            Assert.Empty(store.FindIncompleteWrites(TimeSpan.Zero, remove: false));
        }

        [Fact]
        public void Threads_racing_to_create_the_same_key_have_exactly_one_winner()
        {
            var store = CreateStore();
            const int writers = 8;
            for (int round = 0; round < 10; round++)
            {
                var key = "experiments/e" + round.ToString(CultureInfo.InvariantCulture);
                var outcomes = ParallelThreads.Run(writers, w =>
                {
                    try
                    {
                        store.CreateDocument(key, Utf8("writer" + w));
                        return "writer" + w;
                    }
                    catch (DocumentExistsException)
                    {
                        return null;
                    }
                });

                var winners = outcomes.Where(r => r != null).ToList();
                Assert.Single(winners);
                Assert.Equal(winners[0], Text(store.GetDocument(key)!.Content));
            }
        }

        [Fact]
        public void A_replace_and_a_delete_racing_on_the_same_etag_have_exactly_one_winner()
        {
            var store = CreateStore();
            for (int round = 0; round < 20; round++)
            {
                var key = "runs/r" + round.ToString(CultureInfo.InvariantCulture);
                var eTag = store.CreateDocument(key, Utf8("running"));
                var won = ParallelThreads.Run(2, side =>
                {
                    try
                    {
                        if (side == 0) store.ReplaceDocument(key, Utf8("finished"), eTag);
                        else return store.DeleteDocument(key, eTag);
                        return true;
                    }
                    catch (DocumentChangedException)
                    {
                        return false;
                    }
                });
                bool replaced = won[0], deleted = won[1];

                // Never both: a delete must not silently discard a replace that reported success.
                Assert.True(replaced ^ deleted, $"round {round}: replaced {replaced}, deleted {deleted}");
                var read = store.GetDocument(key);
                if (replaced) Assert.Equal("finished", Text(read!.Content));
                else Assert.Null(read);
            }
        }

        private static void AssertEveryWriteIsPresentOnce(IWorkspaceStore store, IEnumerable<string> writers, int perWriter)
        {
            var writerList = writers.ToList();
            var keys = store.ListDocuments(VersionsPrefix);
            var expectedKeys = Enumerable.Range(1, writerList.Count * perWriter).Select(v => VersionsPrefix + StoreKey.VersionSegment(v));
            Assert.Equal(expectedKeys, keys);

            var records = keys.Select(k => VersionWriter.Parse(store.GetDocument(k)!.Content)).ToList();
            foreach (var writer in writerList)
            {
                var sequences = records.Where(r => r.Writer == writer).Select(r => r.Sequence).OrderBy(s => s);
                Assert.Equal(Enumerable.Range(0, perWriter), sequences);
            }
            Assert.All(records, r => Assert.Contains(r.Writer, writerList));
        }
    }
}
