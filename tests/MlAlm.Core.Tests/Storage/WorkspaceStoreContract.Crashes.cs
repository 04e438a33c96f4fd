using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using MlAlm.Core.Storage;
using Xunit;

namespace MlAlm.Core.Tests.Storage
{
    public abstract partial class WorkspaceStoreContract
    {
        [Fact]
        public void A_process_killed_while_storing_a_large_blob_leaves_no_partial_content()
        {
            var store = CreateStore();
            var earlier = store.PutContent(new MemoryStream(Utf8("stored before the crash")));

            using (var worker = StoreWorkerProcess.Start("put-endless", StoreLocationForChildProcess(store)))
            {
                worker.WaitForLine(line => line == "started");
                // Several MiB in: the blob is well under way and can never complete on its own.
                worker.WaitForLine(line => line.StartsWith("progress ", StringComparison.Ordinal) &&
                                           long.Parse(line.Substring(9), CultureInfo.InvariantCulture) >= 8L * 1024 * 1024);
                worker.Kill();
            }

            Assert.Equal(new[] { earlier.Hash }, store.ListContent());
            AssertAllContentVerifies(store);
            // What the crash left is recent, so a sensible threshold leaves it alone...
            Assert.Empty(store.FindIncompleteWrites(TimeSpan.FromHours(1), remove: false));
            // ...and a zero threshold finds it and cleans it up.
            Assert.NotEmpty(store.FindIncompleteWrites(TimeSpan.Zero, remove: true));
            // A request the killed process had already sent can still land after that (a block on
            // its way to a Blob service): it is as invisible as the rest, and the next clean-up
            // takes it. Nothing may be left for good.
            CleanUpUntilQuiet(store);
            Assert.Empty(store.FindIncompleteWrites(TimeSpan.Zero, remove: false));
            Assert.Equal(new[] { earlier.Hash }, store.ListContent());
            // The store carries on normally.
            var after = store.PutContent(new MemoryStream(Utf8("stored after the crash")));
            Assert.True(store.ContentExists(after.Hash));
        }

        [Fact]
        public void A_process_killed_while_writing_documents_leaves_only_complete_documents()
        {
            var store = CreateStore();
            const string prefix = "crash/";

            using (var worker = StoreWorkerProcess.Start("write-documents", StoreLocationForChildProcess(store), prefix, "w"))
            {
                worker.WaitForLine(line => line == "started");
                worker.WaitForLine(line => line.StartsWith("progress ", StringComparison.Ordinal) &&
                                           int.Parse(line.Substring(9), CultureInfo.InvariantCulture) >= 12);
                worker.Kill();
            }

            // A write the killed process had already sent can still land, whole, just after the
            // kill (a Put Blob the service received before the connection closed): look once the
            // listing has stopped changing.
            var keys = ListWhenSettled(store, prefix);
            Assert.Contains(prefix + "counter", keys);
            Assert.True(keys.Count >= 13, $"Expected at least 12 documents and the counter, found {keys.Count}.");
            foreach (var key in keys)
            {
                var document = store.GetDocument(key);
                Assert.NotNull(document);
                AssertCompleteCheckedDocument(key, document!.Content);
            }

            store.FindIncompleteWrites(TimeSpan.Zero, remove: true);
            Assert.Empty(store.FindIncompleteWrites(TimeSpan.Zero, remove: false));
            Assert.Equal(keys, store.ListDocuments(prefix));
            // Every surviving document can still be replaced and deleted.
            var counter = store.GetDocument(prefix + "counter")!;
            store.ReplaceDocument(prefix + "counter", Utf8("{}"), counter.ETag);
            Assert.True(store.DeleteDocument(prefix + "counter"));
        }

        // Cleans up incomplete writes until none has appeared for three seconds (30 s at most). One
        // empty listing is not enough: a block the service received just before the kill can be
        // stored a moment after a clean-up, which a single look would miss.
        private static void CleanUpUntilQuiet(IWorkspaceStore store)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            var quietSince = DateTime.UtcNow;
            while (DateTime.UtcNow < deadline)
            {
                if (store.FindIncompleteWrites(TimeSpan.Zero, remove: true).Count > 0)
                    quietSince = DateTime.UtcNow;
                else if (DateTime.UtcNow - quietSince >= TimeSpan.FromSeconds(3))
                    return;
                System.Threading.Thread.Sleep(250);
            }
        }

        private static IReadOnlyList<string> ListWhenSettled(IWorkspaceStore store, string prefix)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            var keys = store.ListDocuments(prefix);
            while (DateTime.UtcNow < deadline)
            {
                System.Threading.Thread.Sleep(1000);
                var again = store.ListDocuments(prefix);
                if (again.SequenceEqual(keys)) return keys;
                keys = again;
            }
            return keys;
        }

        // The worker writes JSON whose payload carries its own SHA-256: a torn or mixed write
        // would fail to parse or fail the hash.
        private static void AssertCompleteCheckedDocument(string key, byte[] content)
        {
            using var json = JsonDocument.Parse(content);
            var payload = Convert.FromBase64String(json.RootElement.GetProperty("Payload").GetString()!);
            var declared = json.RootElement.GetProperty("PayloadSha256").GetString()!;
            Assert.True(
                string.Equals(Convert.ToHexString(SHA256.HashData(payload)), declared, StringComparison.OrdinalIgnoreCase),
                $"The document '{key}' is not the document that was written.");
        }

        private static void AssertAllContentVerifies(IWorkspaceStore store)
        {
            foreach (var hash in store.ListContent())
            {
                using var stream = store.OpenContent(hash);
                stream.CopyTo(Stream.Null); // throws ContentCorruptedException on a partial blob
            }
        }
    }
}
