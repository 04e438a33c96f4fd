using System;
using System.IO;
using MlAlm.Core.Storage;
using Xunit;

namespace MlAlm.Core.Tests.Storage
{
    public abstract partial class WorkspaceStoreContract
    {
        public static TheoryData<string> InvalidKeys => new TheoryData<string>
        {
            "",
            "a\\b",             // Windows path separator
            "..",
            "a/../b",
            "../a",
            "a/./b",
            ".",
            "A",                // upper case: keys are case-normalised before they get here
            "datasets/Iris",
            "a\u0000b",         // control characters
            "a\nb",
            "a\tb",
            "a\u007fb",
            "a//b",             // empty segments
            "/a",
            "a/",
            " a",               // leading / trailing space, trailing dot (Windows strips them)
            "a ",
            "a.",
            "c:/a",
            "a:b",
            "a*b",
            "a?b",
            "a~b",              // reserved for temporary names
            "a@b",
            "caf\u00e9",        // non-ASCII
            "\u0430",           // Cyrillic a, looks like 'a'
        };

        [Theory]
        [MemberData(nameof(InvalidKeys))]
        public void Invalid_keys_are_rejected_before_anything_touches_storage(string key)
        {
            var store = CreateStore();
            var valid = store.CreateDocument("valid", Utf8("x"));
            var before = SnapshotStorage(store);

            Assert.ThrowsAny<ArgumentException>(() => store.GetDocument(key));
            Assert.ThrowsAny<ArgumentException>(() => store.CreateDocument(key, Utf8("x")));
            Assert.ThrowsAny<ArgumentException>(() => store.ReplaceDocument(key, Utf8("x"), valid));
            Assert.ThrowsAny<ArgumentException>(() => store.DeleteDocument(key));
            Assert.ThrowsAny<ArgumentException>(() => store.DeleteDocument(key, valid));

            Assert.Equal(before, SnapshotStorage(store));
        }

        [Fact]
        public void A_key_longer_than_1024_characters_is_rejected()
        {
            var store = CreateStore();
            var key = new string('a', 100) + string.Concat(System.Linq.Enumerable.Repeat("/" + new string('b', 100), 10));
            Assert.True(key.Length > 1024);
            Assert.ThrowsAny<ArgumentException>(() => store.CreateDocument(key, Utf8("x")));
            Assert.Empty(store.ListDocuments(string.Empty));
        }

        [Fact]
        public void A_null_key_is_rejected()
        {
            var store = CreateStore();
            Assert.ThrowsAny<ArgumentException>(() => store.GetDocument(null!));
            Assert.ThrowsAny<ArgumentException>(() => store.CreateDocument(null!, Utf8("x")));
            Assert.ThrowsAny<ArgumentException>(() => store.DeleteDocument(null!));
            Assert.ThrowsAny<ArgumentException>(() => store.ListDocuments(null!));
        }

        [Theory]
        [InlineData("A")]
        [InlineData("a\\")]
        [InlineData("../")]
        [InlineData("..")]
        [InlineData("a/../")]
        [InlineData("a//")]
        [InlineData("/")]
        [InlineData("a\u0001")]
        [InlineData("a/B")]
        [InlineData("a /")]
        public void Invalid_list_prefixes_are_rejected(string prefix)
        {
            var store = CreateStore();
            store.CreateDocument("a/b", Utf8("x"));
            Assert.ThrowsAny<ArgumentException>(() => store.ListDocuments(prefix));
            Assert.ThrowsAny<ArgumentException>(() => store.ListDocumentETags(prefix));
        }

        [Fact]
        public void Null_document_content_or_stream_is_rejected()
        {
            var store = CreateStore();
            var eTag = store.CreateDocument("doc", Utf8("x"));
            var before = SnapshotStorage(store);

            Assert.Throws<ArgumentNullException>(() => store.CreateDocument("other", null!));
            Assert.Throws<ArgumentNullException>(() => store.ReplaceDocument("doc", null!, eTag));
            Assert.Throws<ArgumentNullException>(() => store.PutContent((Stream)null!));

            Assert.Equal(before, SnapshotStorage(store));
        }
    }
}
