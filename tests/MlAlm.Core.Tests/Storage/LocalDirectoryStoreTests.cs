using System;
using System.IO;
using System.Linq;
using System.Text;
using MlAlm.Core.Storage;
using MlAlm.Core.Storage.Local;
using Xunit;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>What only the local backend promises: its on-disk layout and housekeeping.</summary>
    public sealed class LocalDirectoryStoreTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "mlalm-store-tests", Guid.NewGuid().ToString("N"));

        [Fact]
        public void Open_creates_the_directory_tree_and_reports_the_full_path()
        {
            var nested = Path.Combine(_root, "a", "b");
            var store = LocalDirectoryStore.Open(nested);

            Assert.Equal(Path.GetFullPath(nested), store.Location);
            Assert.True(Directory.Exists(Path.Combine(nested, "docs")));
            Assert.True(Directory.Exists(Path.Combine(nested, "content")));
            Assert.True(Directory.Exists(Path.Combine(nested, "tmp")));
            // Opening again, also through another instance, sees the same data.
            store.CreateDocument("x", Encoding.UTF8.GetBytes("1"));
            Assert.NotNull(LocalDirectoryStore.Open(nested).GetDocument("x"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("  ")]
        public void Open_requires_a_directory(string directory)
        {
            Assert.Throws<ArgumentException>(() => LocalDirectoryStore.Open(directory));
        }

        [Fact]
        public void Documents_are_plain_files_and_content_is_stored_by_hash()
        {
            var store = LocalDirectoryStore.Open(_root);
            store.CreateDocument("datasets/iris", Encoding.UTF8.GetBytes("{\"v\":1}"));
            var info = store.PutContent(new MemoryStream(Encoding.UTF8.GetBytes("bytes")));

            Assert.Equal("{\"v\":1}", File.ReadAllText(Path.Combine(_root, "docs", "datasets", "iris", "@0000000001", "data")));
            Assert.True(File.Exists(Path.Combine(_root, "content", info.Hash.Hex.Substring(0, 2), info.Hash.Hex)));
        }

        [Fact]
        public void Superseded_generations_give_up_their_data_but_keep_their_number()
        {
            var store = LocalDirectoryStore.Open(_root);
            var eTag = store.CreateDocument("runs/r1", new byte[10_000]);
            for (int i = 0; i < 5; i++) eTag = store.ReplaceDocument("runs/r1", new byte[10_000], eTag);

            var folder = Path.Combine(_root, "docs", "runs", "r1");
            var generations = Directory.GetDirectories(folder).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Equal(Enumerable.Range(1, 6).Select(g => "@" + g.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)), generations);
            // Only the newest still holds bytes; the others are markers that keep their number taken.
            var dataFiles = Directory.GetFiles(folder, "data", SearchOption.AllDirectories);
            Assert.Equal(new[] { Path.Combine(folder, "@0000000006", "data") }, dataFiles);
        }

        [Fact]
        public void Windows_device_names_are_escaped_on_disk()
        {
            var store = LocalDirectoryStore.Open(_root);
            store.CreateDocument("con/aux.json", Encoding.UTF8.GetBytes("x"));

            Assert.True(File.Exists(Path.Combine(_root, "docs", "!con", "!aux.json", "@0000000001", "data")));
            Assert.Equal(new[] { "con/aux.json" }, store.ListDocuments(string.Empty));
        }

        [Fact]
        public void Foreign_files_and_folders_in_the_tree_are_not_documents_or_content()
        {
            var store = LocalDirectoryStore.Open(_root);
            store.CreateDocument("a", Encoding.UTF8.GetBytes("x"));
            Directory.CreateDirectory(Path.Combine(_root, "docs", "Upper Case"));
            Directory.CreateDirectory(Path.Combine(_root, "docs", "empty-folder"));
            Directory.CreateDirectory(Path.Combine(_root, "docs", "!not-a-device"));
            File.WriteAllText(Path.Combine(_root, "docs", "a", "notes.txt"), "hello");
            Directory.CreateDirectory(Path.Combine(_root, "content", "zz"));
            File.WriteAllText(Path.Combine(_root, "content", "zz", "not-a-hash"), "x");
            File.WriteAllText(Path.Combine(_root, "content", "readme"), "x");

            Assert.Equal(new[] { "a" }, store.ListDocuments(string.Empty));
            Assert.Empty(store.ListContent());
        }

        [Fact]
        public void FindIncompleteWrites_describes_and_removes_leftovers_only_past_the_threshold()
        {
            var store = LocalDirectoryStore.Open(_root);
            var leftover = Path.Combine(_root, "tmp", "~content-abc");
            File.WriteAllBytes(leftover, new byte[123]);
            File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddHours(-3));
            var recent = Path.Combine(_root, "tmp", "~doc-def");
            Directory.CreateDirectory(recent);
            File.WriteAllBytes(Path.Combine(recent, "data"), new byte[7]);

            var found = store.FindIncompleteWrites(TimeSpan.FromHours(1), remove: false);
            Assert.Single(found);
            Assert.Contains("~content-abc", found[0]);
            Assert.Contains("123 bytes", found[0]);

            store.FindIncompleteWrites(TimeSpan.FromHours(1), remove: true);
            Assert.False(File.Exists(leftover));
            Assert.True(Directory.Exists(recent));

            Assert.Throws<ArgumentOutOfRangeException>(() => store.FindIncompleteWrites(TimeSpan.FromSeconds(-1), remove: false));
        }

        [Fact]
        public void Normal_writes_leave_nothing_in_the_scratch_folder()
        {
            var store = LocalDirectoryStore.Open(_root);
            var eTag = store.CreateDocument("d", new byte[] { 1 });
            eTag = store.ReplaceDocument("d", new byte[] { 2 }, eTag);
            Assert.Throws<DocumentExistsException>(() => store.CreateDocument("d", new byte[] { 3 }));
            Assert.Throws<DocumentChangedException>(() => store.ReplaceDocument("d", new byte[] { 3 }, new ETag("1")));
            store.DeleteDocument("d", eTag);
            store.PutContent(new MemoryStream(new byte[] { 4 }));
            store.PutContent(new MemoryStream(new byte[] { 4 }));

            Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_root, "tmp")));
        }

        public void Dispose()
        {
            try
            {
                if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
