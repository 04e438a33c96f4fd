using System.IO;
using System.Linq;
using System.Text;
using MlAlm.Core.Datasets;
using MlAlm.Core.Errors;
using MlAlm.Core.Storage;
using MlAlm.Core.Tests.Support;
using Xunit;

namespace MlAlm.Core.Tests.Datasets
{
    public class ImportStoredContentTests
    {
        private static ContentHash Put(TempWorkspace temp, string text) =>
            temp.Workspace.Store.PutContent(new MemoryStream(Encoding.UTF8.GetBytes(text))).Hash;

        [Fact]
        public void Stored_content_becomes_a_version_after_it_is_inspected()
        {
            using var temp = new TempWorkspace();
            var service = new DatasetService(temp.Workspace);
            var csv = Put(temp, "id,score\n1,0.5\n2,\n");
            var tsv = Put(temp, "id\tscore\n1\t0.5\n");

            var first = service.ImportStoredContent(csv, "scores", "from a job", "job-1.csv");
            Assert.Equal(1, first.Version);
            Assert.Equal(2, first.RowCount);
            Assert.Equal(new[] { "Number", "Number" }, first.Columns.Select(c => c.Type));
            Assert.Equal(1, first.Columns[1].MissingCount);
            Assert.Equal(csv.Hex, first.ContentHash);
            Assert.Equal(Encoding.UTF8.GetByteCount("id,score\n1,0.5\n2,\n"), first.Size);
            Assert.Equal("job-1.csv", first.SourceFileName);
            Assert.Equal("csv", first.Format);

            var second = service.ImportStoredContent(tsv, "scores", null, "no-extension");
            Assert.Equal(2, second.Version);
            Assert.Equal("tsv", second.Format); // sniffed from the header line
            Assert.Equal(new[] { "id", "score" }, second.Columns.Select(c => c.Name));
        }

        [Fact]
        public void Content_that_is_missing_or_not_a_table_adds_no_version()
        {
            using var temp = new TempWorkspace();
            var service = new DatasetService(temp.Workspace);
            var ragged = Put(temp, "a,b\n1,2\n3\n");

            var error = Assert.Throws<MlAlmException>(() => service.ImportStoredContent(ragged, "scores", null, "out.csv"));
            Assert.Equal("InvalidDatasetFile", error.ErrorId);
            Assert.Contains("out.csv, line 3: expected 2 fields but found 1", error.Message);
            Assert.Equal("ContentNotFound", Assert.Throws<MlAlmException>(() => service.ImportStoredContent(ContentHash.Compute(new byte[] { 9 }), "scores", null, "x.csv")).ErrorId);
            Assert.Null(service.LatestVersion("scores"));
        }
    }
}
