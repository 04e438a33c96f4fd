using System.IO;
using System.Linq;
using MlAlm.Core.Datasets;
using MlAlm.Core.Errors;
using MlAlm.Core.Experiments;
using MlAlm.Core.Storage;
using MlAlm.Core.Tests.Support;
using MlAlm.Core.Workspaces;
using Xunit;

namespace MlAlm.Core.Tests.Workspaces
{
    public class WorkspaceTests
    {
        [Fact]
        public void Create_open_and_open_or_create()
        {
            using var temp = new TempWorkspace("mine");
            var location = temp.Workspace.Location;
            var opened = WorkspaceFactory.Open(location);
            Assert.Equal(temp.Workspace.Id, opened.Id);
            Assert.Equal("mine", opened.Name);
            Assert.Equal("WorkspaceExists", Assert.Throws<MlAlmException>(() => WorkspaceFactory.Create(location, null)).ErrorId);

            var fresh = Path.Combine(temp.Root, "fresh");
            Assert.Equal("WorkspaceNotFound", Assert.Throws<MlAlmException>(() => WorkspaceFactory.Open(fresh)).ErrorId);
            var created = WorkspaceFactory.OpenOrCreate(fresh);
            Assert.Equal(created.Id, WorkspaceFactory.OpenOrCreate(fresh).Id);
            Assert.Equal("fresh", created.Name);
        }

        [Fact]
        public void Opening_a_directory_that_is_not_a_workspace_creates_nothing_in_it()
        {
            using var temp = new TempWorkspace();
            var plain = Directory.CreateDirectory(Path.Combine(temp.Root, "plain")).FullName;
            Assert.Equal("WorkspaceNotFound", Assert.Throws<MlAlmException>(() => WorkspaceFactory.Open(plain)).ErrorId);
            Assert.Empty(Directory.EnumerateFileSystemEntries(plain));
        }

        [Fact]
        public void A_file_or_a_uri_without_a_valid_container_is_not_a_workspace_location()
        {
            using var temp = new TempWorkspace();
            var file = temp.WriteFile("x.txt", "x");
            Assert.Equal("InvalidWorkspaceLocation", Assert.Throws<MlAlmException>(() => WorkspaceFactory.OpenOrCreate(file)).ErrorId);
            Assert.Equal("InvalidWorkspaceLocation", Assert.Throws<MlAlmException>(() => WorkspaceFactory.Open("https://example.invalid/")).ErrorId);
            Assert.Equal("InvalidWorkspaceLocation", Assert.Throws<MlAlmException>(() => WorkspaceFactory.Open("https://example.invalid/Bad_Container")).ErrorId);
        }

        [Fact]
        public void A_container_uri_without_any_credential_fails_with_a_store_error_naming_the_container()
        {
            // No SAS, no matching connection string: DefaultAzureCredential, which finds no
            // identity here (or, on a signed-in machine, cannot reach the made-up host).
            var error = Assert.ThrowsAny<MlAlm.Core.Storage.StoreException>(() => WorkspaceFactory.Open("https://example.invalid/team"));
            Assert.Contains("https://example.invalid/team", error.Message);
        }

        [Fact]
        public void Checker_reports_corruption_and_missing_assets_and_repairs_what_it_can()
        {
            using var temp = new TempWorkspace();
            var data = new DatasetService(temp.Workspace);
            var dataset = data.Import(temp.WriteFile("a.csv", "x,y\n1,2\n"), "a", null);
            var experiments = new ExperimentService(temp.Workspace);
            experiments.Create("e", null);
            experiments.AddNode("e", "d", "Dataset", new System.Collections.Hashtable { ["dataset"] = "a:1" }, null, null);
            Assert.Empty(new WorkspaceChecker(temp.Workspace).Check(repair: false).ToList());

            var blob = Directory.GetFiles(Path.Combine(temp.Workspace.Location, "content"), dataset.ContentHash, SearchOption.AllDirectories).Single();
            File.WriteAllText(blob, "x,y\n9,9\n");
            data.Remove(data.PlanRemoval("a", 1, force: true));
            data.Import(temp.WriteFile("b.csv", "x\n1\n"), "b", null);

            var problems = new WorkspaceChecker(temp.Workspace).Check(repair: true).ToList();
            Assert.Contains(problems, p => p.Kind == "CorruptedContent" && p.Target == dataset.ContentHash && p.Repaired);
            Assert.Contains(problems, p => p.Kind == "MissingAsset" && p.Message.Contains("a:1"));
            Assert.False(temp.Workspace.Store.ContentExists(ContentHash.Parse(dataset.ContentHash)));
        }
    }
}
