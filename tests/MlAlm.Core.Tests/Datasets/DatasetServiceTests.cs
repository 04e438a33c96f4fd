using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MlAlm.Core.Datasets;
using MlAlm.Core.Errors;
using MlAlm.Core.Tests.Support;
using Xunit;

namespace MlAlm.Core.Tests.Datasets
{
    public class DatasetServiceTests
    {
        private const string Csv = "id,age,plan,active,joined\n1,34,gold,true,2024-01-05\n2,,silver,false,2024-02-11\n3,51,\"gold, plus\",true,2023-12-30\n";

        [Fact]
        public void Import_infers_the_schema_and_numbers_versions()
        {
            using var temp = new TempWorkspace();
            var service = new DatasetService(temp.Workspace);
            var file = temp.WriteFile("customers.csv", Csv);

            var first = service.Import(file, "customers", "first cut");
            Assert.Equal(1, first.Version);
            Assert.Equal(3, first.RowCount);
            Assert.Equal(new[] { "id", "age", "plan", "active", "joined" }, first.Columns.Select(c => c.Name));
            Assert.Equal(new[] { "Number", "Number", "String", "Boolean", "DateTime" }, first.Columns.Select(c => c.Type));
            Assert.Equal(1, first.Columns.Single(c => c.Name == "age").MissingCount);
            Assert.Equal("csv", first.Format);
            Assert.Equal("customers.csv", first.SourceFileName);

            var second = service.Import(file, "customers", null);
            Assert.Equal(2, second.Version);
            Assert.Equal(first.ContentHash, second.ContentHash);
            Assert.Single(temp.Workspace.Store.ListContent()); // identical bytes stored once
            Assert.Equal(2, service.Get("CUSTOMERS").Version); // names compare case-insensitively
            Assert.Equal(1, service.Get("customers", 1).Version);
        }

        [Fact]
        public void Tsv_is_recognised_by_extension()
        {
            using var temp = new TempWorkspace();
            var file = temp.WriteFile("t.tsv", "a\tb\n1\tx,y\n");
            var d = new DatasetService(temp.Workspace).Import(file, "t", null);
            Assert.Equal("tsv", d.Format);
            Assert.Equal(2, d.ColumnCount);
        }

        [Theory]
        [InlineData("ragged.csv", "a,b\n1,2\n3\n", 3)]
        [InlineData("dupes.csv", "a,b,A\n1,2,3\n", 1)]
        [InlineData("empty.csv", "", 1)]
        [InlineData("noheader.csv", "1,2\n3,4\n", 1)]
        [InlineData("quote.csv", "a,b\n1,\"open\n2,3\n", 2)]
        public void Bad_files_name_the_file_and_line_and_write_nothing(string fileName, string text, int line)
        {
            using var temp = new TempWorkspace();
            var service = new DatasetService(temp.Workspace);
            var file = temp.WriteFile(fileName, text);
            var error = Assert.Throws<MlAlmException>(() => service.Import(file, "bad", null));
            Assert.Equal("InvalidDatasetFile", error.ErrorId);
            Assert.StartsWith($"{fileName}, line {line}:", error.Message);
            Assert.Empty(service.List(null, allVersions: true));
            Assert.Empty(temp.Workspace.Store.ListContent());
        }

        [Fact]
        public void A_binary_file_is_refused()
        {
            using var temp = new TempWorkspace();
            var file = temp.WriteFile("image.csv", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D });
            var error = Assert.Throws<MlAlmException>(() => new DatasetService(temp.Workspace).Import(file, "img", null));
            Assert.Contains("image.csv, line 1", error.Message);
            Assert.Empty(temp.Workspace.Store.ListContent());
        }

        [Fact]
        public void Export_writes_the_exact_bytes_and_refuses_to_overwrite_without_force()
        {
            using var temp = new TempWorkspace();
            var service = new DatasetService(temp.Workspace);
            var bytes = new UTF8Encoding(true).GetBytes("name,value\r\n\"a \"\"quoted\"\" one\",1.5\r\nb,2\r\n");
            var file = temp.WriteFile("exact.csv", bytes);
            service.Import(file, "exact", null);

            var target = Path.Combine(temp.Root, "out.csv");
            var written = service.Export("exact", null, target, overwrite: false);
            Assert.Equal(bytes, File.ReadAllBytes(written.FullName));
            var error = Assert.Throws<MlAlmException>(() => service.Export("exact", 1, target, overwrite: false));
            Assert.Equal("ExportFileExists", error.ErrorId);
            service.Export("exact", 1, target, overwrite: true);
            Assert.Single(Directory.GetFiles(temp.Root, "out.csv*")); // no temp file left behind
        }

        [Fact]
        public void Missing_names_and_versions_are_specific_errors()
        {
            using var temp = new TempWorkspace();
            var service = new DatasetService(temp.Workspace);
            Assert.Equal("DatasetNotFound", Assert.Throws<MlAlmException>(() => service.Get("nope")).ErrorId);
            service.Import(temp.WriteFile("a.csv", "x\n1\n"), "a", null);
            var error = Assert.Throws<MlAlmException>(() => service.Get("a", 5));
            Assert.Equal("DatasetVersionNotFound", error.ErrorId);
            Assert.Contains("its versions are 1", error.Message);
            Assert.Throws<MlAlm.Core.Naming.InvalidNameException>(() => service.Get("../etc"));
        }

        [Fact]
        public void Remove_takes_one_version_or_all_and_protects_versions_in_use()
        {
            using var temp = new TempWorkspace();
            var service = new DatasetService(temp.Workspace);
            var file = temp.WriteFile("a.csv", "x\n1\n");
            for (int i = 0; i < 3; i++) service.Import(file, "a", null);
            service.Remove(service.PlanRemoval("a", 2, force: false));
            Assert.Equal(new[] { 1, 3 }, service.List("a", allVersions: true).Select(d => d.Version));

            var experiments = new MlAlm.Core.Experiments.ExperimentService(temp.Workspace);
            experiments.Create("e", null);
            experiments.AddNode("e", "data", "Dataset", new System.Collections.Hashtable { ["dataset"] = "a:3" }, null, null);
            var inUse = Assert.Throws<MlAlmException>(() => service.PlanRemoval("a", null, force: false));
            Assert.Equal("DatasetInUse", inUse.ErrorId);
            Assert.Equal(2, service.List("a", allVersions: true).Count); // nothing removed

            service.Remove(service.PlanRemoval("a", null, force: true));
            Assert.Empty(service.List(null, allVersions: true));
        }

        [Fact]
        public void A_removed_version_number_is_never_handed_out_again()
        {
            using var temp = new TempWorkspace();
            var service = new DatasetService(temp.Workspace);
            var file = temp.WriteFile("a.csv", "x\n1\n");
            for (int i = 0; i < 3; i++) service.Import(file, "a", null);
            service.Remove(service.PlanRemoval("a", 3, force: false));
            Assert.Equal(2, service.LatestVersion("a"));
            Assert.Equal(4, service.Import(temp.WriteFile("b.csv", "x\n2\n"), "a", null).Version);
            Assert.Equal("DatasetVersionNotFound", Assert.Throws<MlAlmException>(() => service.Get("a", 3)).ErrorId);

            service.Remove(service.PlanRemoval("a", null, force: false));
            Assert.Equal("DatasetNotFound", Assert.Throws<MlAlmException>(() => service.Get("a")).ErrorId);
            Assert.Equal(5, service.Import(file, "a", null).Version);
            Assert.Empty(new MlAlm.Core.Workspaces.WorkspaceChecker(temp.Workspace).Check(repair: false));
        }

        [Fact]
        public void Racing_imports_get_distinct_versions()
        {
            using var temp = new TempWorkspace();
            var files = Enumerable.Range(0, 8).Select(i => temp.WriteFile($"f{i}.csv", $"x\n{i}\n")).ToArray();
            var versions = new int[8 * 5];
            Parallel.For(0, versions.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
                versions[i] = new DatasetService(temp.Workspace).Import(files[i % 8], "race", null).Version);
            Assert.Equal(Enumerable.Range(1, versions.Length), versions.OrderBy(v => v));
            Assert.Equal(8, temp.Workspace.Store.ListContent().Count);
        }
    }
}
