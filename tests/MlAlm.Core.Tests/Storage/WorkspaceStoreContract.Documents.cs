using System;
using System.Collections.Generic;
using System.Linq;
using MlAlm.Core.Storage;
using Xunit;

namespace MlAlm.Core.Tests.Storage
{
    public abstract partial class WorkspaceStoreContract
    {
        [Fact]
        public void GetDocument_of_a_missing_key_returns_null()
        {
            var store = CreateStore();
            Assert.Null(store.GetDocument("datasets/iris/versions/0000000001"));
        }

        [Fact]
        public void CreateDocument_then_GetDocument_round_trips_bytes_and_etag()
        {
            var store = CreateStore();
            // Not just ASCII: the store keeps bytes, it does not interpret text.
            var bytes = Utf8("{\"name\":\"iris\",\"note\":\"caf\u00e9 \u2713\"}").Concat(new byte[] { 0, 255, 10 }).ToArray();

            var eTag = store.CreateDocument("datasets/iris", bytes);
            var read = store.GetDocument("datasets/iris");

            Assert.NotNull(read);
            Assert.Equal("datasets/iris", read!.Key);
            Assert.Equal(bytes, read.Content);
            Assert.Equal(eTag, read.ETag);
            Assert.False(string.IsNullOrEmpty(eTag.Value));
        }

        [Fact]
        public void CreateDocument_stores_an_empty_document()
        {
            var store = CreateStore();
            var eTag = store.CreateDocument("empty", Array.Empty<byte>());
            var read = store.GetDocument("empty");
            Assert.NotNull(read);
            Assert.Empty(read!.Content);
            Assert.Equal(eTag, read.ETag);
            Assert.Equal(new[] { "empty" }, store.ListDocuments(string.Empty));
        }

        [Fact]
        public void CreateDocument_over_an_existing_document_throws_and_keeps_the_original()
        {
            var store = CreateStore();
            var eTag = store.CreateDocument("experiments/e1", Utf8("original"));

            var ex = Assert.Throws<DocumentExistsException>(() => store.CreateDocument("experiments/e1", Utf8("intruder")));

            Assert.Equal("experiments/e1", ex.Key);
            var read = store.GetDocument("experiments/e1")!;
            Assert.Equal("original", Text(read.Content));
            Assert.Equal(eTag, read.ETag);
        }

        [Fact]
        public void ReplaceDocument_with_the_current_etag_replaces_and_changes_the_etag()
        {
            var store = CreateStore();
            var first = store.CreateDocument("runs/r1", Utf8("queued"));

            var second = store.ReplaceDocument("runs/r1", Utf8("running"), first);

            Assert.NotEqual(first, second);
            var read = store.GetDocument("runs/r1")!;
            Assert.Equal("running", Text(read.Content));
            Assert.Equal(second, read.ETag);
        }

        [Fact]
        public void ReplaceDocument_with_a_stale_etag_throws_and_changes_nothing()
        {
            var store = CreateStore();
            var stale = store.CreateDocument("runs/r1", Utf8("queued"));
            var current = store.ReplaceDocument("runs/r1", Utf8("running"), stale);

            var ex = Assert.Throws<DocumentChangedException>(() => store.ReplaceDocument("runs/r1", Utf8("lost update"), stale));

            Assert.Equal("runs/r1", ex.Key);
            var read = store.GetDocument("runs/r1")!;
            Assert.Equal("running", Text(read.Content));
            Assert.Equal(current, read.ETag);
        }

        [Fact]
        public void ReplaceDocument_of_a_missing_document_throws_and_creates_nothing()
        {
            var store = CreateStore();
            var eTagOfAnotherKey = store.CreateDocument("other", Utf8("x"));

            Assert.Throws<DocumentChangedException>(() => store.ReplaceDocument("missing", Utf8("y"), eTagOfAnotherKey));

            Assert.Null(store.GetDocument("missing"));
            Assert.Equal(new[] { "other" }, store.ListDocuments(string.Empty));
        }

        [Fact]
        public void ReplaceDocument_with_an_etag_the_store_never_issued_throws()
        {
            var store = CreateStore();
            store.CreateDocument("doc", Utf8("x"));

            foreach (var foreign in new[] { "\"0x8DBE5C9E7E5D3A1\"", "0", "-1", "abc", "99999999999999999999999" })
                Assert.Throws<DocumentChangedException>(() => store.ReplaceDocument("doc", Utf8("y"), new ETag(foreign)));

            Assert.Equal("x", Text(store.GetDocument("doc")!.Content));
        }

        [Fact]
        public void DeleteDocument_of_a_missing_document_returns_false_with_or_without_etag()
        {
            var store = CreateStore();
            var eTagOfAnotherKey = store.CreateDocument("other", Utf8("x"));

            Assert.False(store.DeleteDocument("missing"));
            Assert.False(store.DeleteDocument("missing", eTagOfAnotherKey));
            Assert.Equal(new[] { "other" }, store.ListDocuments(string.Empty));
        }

        [Fact]
        public void DeleteDocument_with_the_current_etag_deletes()
        {
            var store = CreateStore();
            var eTag = store.CreateDocument("models/m1", Utf8("x"));

            Assert.True(store.DeleteDocument("models/m1", eTag));

            Assert.Null(store.GetDocument("models/m1"));
            Assert.Empty(store.ListDocuments(string.Empty));
        }

        [Fact]
        public void DeleteDocument_with_a_stale_etag_is_refused_and_keeps_the_document()
        {
            var store = CreateStore();
            var stale = store.CreateDocument("models/m1", Utf8("v1"));
            var current = store.ReplaceDocument("models/m1", Utf8("v2"), stale);

            Assert.Throws<DocumentChangedException>(() => store.DeleteDocument("models/m1", stale));

            var read = store.GetDocument("models/m1")!;
            Assert.Equal("v2", Text(read.Content));
            Assert.Equal(current, read.ETag);
        }

        [Fact]
        public void DeleteDocument_without_etag_deletes_and_a_second_delete_returns_false()
        {
            var store = CreateStore();
            store.CreateDocument("models/m1", Utf8("x"));

            Assert.True(store.DeleteDocument("models/m1"));
            Assert.False(store.DeleteDocument("models/m1"));
            Assert.Null(store.GetDocument("models/m1"));
        }

        [Fact]
        public void A_deleted_document_can_be_created_again_and_old_etags_never_match_it()
        {
            var store = CreateStore();
            var v1 = store.CreateDocument("services/s1", Utf8("first life"));
            var v2 = store.ReplaceDocument("services/s1", Utf8("first life, edited"), v1);
            Assert.True(store.DeleteDocument("services/s1", v2));

            var reborn = store.CreateDocument("services/s1", Utf8("second life"));

            var read = store.GetDocument("services/s1")!;
            Assert.Equal("second life", Text(read.Content));
            Assert.Equal(reborn, read.ETag);
            Assert.NotEqual(v1, reborn);
            Assert.NotEqual(v2, reborn);
            // A writer still holding an ETag from the first life must not overwrite the second.
            Assert.Throws<DocumentChangedException>(() => store.ReplaceDocument("services/s1", Utf8("zombie"), v1));
            Assert.Throws<DocumentChangedException>(() => store.ReplaceDocument("services/s1", Utf8("zombie"), v2));
            Assert.Throws<DocumentChangedException>(() => store.DeleteDocument("services/s1", v2));
            Assert.Equal("second life", Text(store.GetDocument("services/s1")!.Content));
        }

        [Fact]
        public void ReplaceDocument_after_a_delete_throws_and_does_not_resurrect_the_document()
        {
            var store = CreateStore();
            var eTag = store.CreateDocument("endpoints/e1", Utf8("x"));
            Assert.True(store.DeleteDocument("endpoints/e1"));

            Assert.Throws<DocumentChangedException>(() => store.ReplaceDocument("endpoints/e1", Utf8("y"), eTag));

            Assert.Null(store.GetDocument("endpoints/e1"));
            Assert.Empty(store.ListDocuments(string.Empty));
        }

        [Fact]
        public void Many_replacements_always_read_back_the_latest_with_a_new_etag_each_time()
        {
            var store = CreateStore();
            var eTag = store.CreateDocument("jobs/j1", Utf8("0"));
            var seen = new HashSet<ETag> { eTag };
            for (int i = 1; i <= 40; i++)
            {
                eTag = store.ReplaceDocument("jobs/j1", Utf8(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), eTag);
                Assert.True(seen.Add(eTag), $"ETag {eTag} was issued twice.");
                var read = store.GetDocument("jobs/j1")!;
                Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(read.Content));
                Assert.Equal(eTag, read.ETag);
            }
        }

        [Fact]
        public void A_key_and_keys_below_it_are_separate_documents()
        {
            var store = CreateStore();
            store.CreateDocument("a", Utf8("parent"));
            store.CreateDocument("a/b", Utf8("child"));
            store.CreateDocument("a/b/c", Utf8("grandchild"));

            Assert.Equal("parent", Text(store.GetDocument("a")!.Content));
            Assert.Equal("child", Text(store.GetDocument("a/b")!.Content));
            Assert.True(store.DeleteDocument("a/b"));
            Assert.Equal("grandchild", Text(store.GetDocument("a/b/c")!.Content));
            Assert.Equal(new[] { "a", "a/b/c" }, store.ListDocuments(string.Empty));
        }

        [Fact]
        public void Keys_that_are_windows_device_names_work_like_any_other()
        {
            // Valid store keys everywhere (and fine blob names); a file-system backend must cope.
            var store = CreateStore();
            var keys = new[] { "con", "aux.json", "nul/lpt1", "x/com1.txt", "prn/y" };
            foreach (var key in keys) store.CreateDocument(key, Utf8(key));

            foreach (var key in keys) Assert.Equal(key, Text(store.GetDocument(key)!.Content));
            Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), store.ListDocuments(string.Empty));
            Assert.Equal(new[] { "nul/lpt1" }, store.ListDocuments("nul/"));
        }

        [Fact]
        public void ListDocuments_returns_exactly_the_live_keys_under_a_prefix_in_ordinal_order()
        {
            var store = CreateStore();
            // Inserted out of order; ' ' < '-' < '.' < '/' < '0' < '_' < 'b' in ordinal order.
            foreach (var key in new[] { "k/ab", "k/a_b", "k/a0", "k/a/b", "k/a.b", "k/a-b", "k/a b", "k/a", "j/a", "l" })
                store.CreateDocument(key, Utf8(key));
            store.CreateDocument("k/deleted", Utf8("x"));
            store.DeleteDocument("k/deleted");

            Assert.Equal(
                new[] { "k/a", "k/a b", "k/a-b", "k/a.b", "k/a/b", "k/a0", "k/a_b", "k/ab" },
                store.ListDocuments("k/"));
            Assert.Equal(
                new[] { "j/a", "k/a", "k/a b", "k/a-b", "k/a.b", "k/a/b", "k/a0", "k/a_b", "k/ab", "l" },
                store.ListDocuments(string.Empty));
            Assert.Empty(store.ListDocuments("m"));
        }

        [Fact]
        public void ListDocuments_with_a_trailing_slash_does_not_match_siblings_sharing_a_partial_segment()
        {
            var store = CreateStore();
            foreach (var key in new[] { "a/b", "a/b/x", "a/b/y/z", "a/bc/x", "a/bc", "a/b x/q", "ab/x" })
                store.CreateDocument(key, Utf8(key));

            Assert.Equal(new[] { "a/b/x", "a/b/y/z" }, store.ListDocuments("a/b/"));
            // Without the slash it is a plain string prefix, as documented.
            Assert.Equal(new[] { "a/b", "a/b x/q", "a/b/x", "a/b/y/z", "a/bc", "a/bc/x" }, store.ListDocuments("a/b"));
            Assert.Equal(new[] { "a/bc", "a/bc/x" }, store.ListDocuments("a/bc"));
            Assert.Equal(new[] { "ab/x" }, store.ListDocuments("ab"));
        }

        [Fact]
        public void ListDocumentETags_lists_the_same_keys_with_the_ETags_a_read_returns()
        {
            var store = CreateStore();
            foreach (var key in new[] { "s/b/x", "s/a", "s/a b", "s/b", "t/a" })
                store.CreateDocument(key, Utf8(key));
            store.CreateDocument("s/gone", Utf8("x"));
            store.DeleteDocument("s/gone");

            var listed = store.ListDocumentETags("s/");
            Assert.Equal(store.ListDocuments("s/"), listed.Select(d => d.Key));
            Assert.Equal(new[] { "s/a", "s/a b", "s/b", "s/b/x" }, listed.Select(d => d.Key));
            foreach (var document in listed) Assert.Equal(store.GetDocument(document.Key)!.ETag, document.ETag);
            Assert.Equal(5, store.ListDocumentETags(string.Empty).Count);
            Assert.Empty(store.ListDocumentETags("u"));
        }

        [Fact]
        public void A_listed_ETag_changes_with_every_write_and_only_then()
        {
            var store = CreateStore();
            var first = store.CreateDocument("w/doc", Utf8("1"));
            store.CreateDocument("w/other", Utf8("o"));
            ETag Listed() => store.ListDocumentETags("w/").Single(d => d.Key == "w/doc").ETag;

            Assert.Equal(first, Listed());
            Assert.Equal(first, Listed()); // listing twice, or writing another document, changes nothing
            var second = store.ReplaceDocument("w/doc", Utf8("2"), Listed());
            Assert.NotEqual(first, second);
            Assert.Equal(second, Listed());
            // Even a write of the same bytes is a new version.
            var third = store.ReplaceDocument("w/doc", Utf8("2"), second);
            Assert.Equal(third, Listed());
            Assert.NotEqual(second, third);
            // Deleted and created again: an ETag listed before the delete never matches.
            store.DeleteDocument("w/doc");
            Assert.DoesNotContain(store.ListDocumentETags("w/"), d => d.Key == "w/doc");
            var recreated = store.CreateDocument("w/doc", Utf8("1"));
            Assert.Equal(recreated, Listed());
            Assert.DoesNotContain(Listed(), new[] { first, second, third });
            Assert.Throws<DocumentChangedException>(() => store.ReplaceDocument("w/doc", Utf8("x"), third));
        }

        [Fact]
        public void ListDocuments_of_versions_lists_them_in_numeric_order()
        {
            var store = CreateStore();
            foreach (var v in new[] { 10, 2, 1, 100, 9 })
                store.CreateDocument(StoreKey.Of("datasets", "iris", "versions", StoreKey.VersionSegment(v)), Utf8("v"));

            var prefix = StoreKey.PrefixOf("datasets", "iris", "versions");
            var versions = store.ListDocuments(prefix).Select(k => int.Parse(k.Substring(prefix.Length), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(new[] { 1, 2, 9, 10, 100 }, versions);
        }
    }
}
