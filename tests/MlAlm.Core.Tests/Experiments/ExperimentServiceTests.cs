using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MlAlm.Core.Datasets;
using MlAlm.Core.Errors;
using MlAlm.Core.Experiments;
using MlAlm.Core.Graphs;
using MlAlm.Core.Tests.Support;
using Xunit;

namespace MlAlm.Core.Tests.Experiments
{
    public class ExperimentServiceTests
    {
        private static ExperimentService WithPipeline(TempWorkspace temp)
        {
            var data = new DatasetService(temp.Workspace);
            var file = temp.WriteFile("churn.csv", "age,plan,churned\n30,gold,1\n41,silver,0\n");
            data.Import(file, "churn", null);
            data.Import(file, "churn", null);
            var experiments = new ExperimentService(temp.Workspace);
            experiments.Create("training", "churn model");
            experiments.AddNode("training", "data", "Dataset", new Hashtable { ["dataset"] = "churn:1" }, null, "raw rows");
            experiments.AddNode("training", "split", "SplitData", new Hashtable { ["fraction"] = 0.8, ["seed"] = 7 }, new Hashtable { ["input"] = "data.output" }, null);
            experiments.AddNode("training", "train", "TrainModel",
                new Hashtable { ["learner"] = "LogisticRegression", ["labelColumn"] = "churned", ["featureColumns"] = new object[] { "age", "plan" } },
                new Hashtable { ["data"] = "split.output1" }, null);
            return experiments;
        }

        [Fact]
        public void Nodes_and_edges_build_up_and_read_back()
        {
            using var temp = new TempWorkspace();
            var experiment = WithPipeline(temp).Get("training");
            Assert.Equal(3, experiment.NodeCount);
            Assert.Equal(2, experiment.EdgeCount);
            Assert.Equal("split.output1", experiment.Nodes.Single(n => n.NodeId == "train").Inputs["data"]);
            Assert.Equal(new AssetReference(AssetType.Dataset, "churn", 1), Assert.Single(experiment.UserAssets));
            Assert.Equal(new[] { "age", "plan" }, (string[])experiment.Nodes.Single(n => n.NodeId == "train").Parameters["featureColumns"]!);
        }

        [Fact]
        public void A_bad_edit_is_refused_and_changes_nothing()
        {
            using var temp = new TempWorkspace();
            var service = WithPipeline(temp);
            var before = service.ExportGraph("training");
            var bad = Assert.Throws<GraphValidationException>(() =>
                service.SetNode("training", "split", new Hashtable { ["fraction"] = 2.0, ["bogus"] = 1 }, new Hashtable { ["input"] = "train.model" }, null));
            // range, unknown parameter, port type, and the cycle split -> train -> split
            Assert.Equal(new[] { "Cycle", "InvalidParameterValue", "PortTypeMismatch", "UnknownParameter" }, bad.Problems.Select(p => p.Code).OrderBy(c => c));
            Assert.Equal(before, service.ExportGraph("training"));
            Assert.Equal("NodeExists", Assert.Throws<MlAlmException>(() => service.AddNode("training", "split", "SplitData", null, null, null)).ErrorId);
            Assert.Equal("AssetNotFound", Assert.Throws<MlAlmException>(() => service.AddNode("training", "d2", "Dataset", new Hashtable { ["dataset"] = "nope" }, null, null)).ErrorId);
        }

        [Fact]
        public void Set_merges_and_null_resets_or_disconnects()
        {
            using var temp = new TempWorkspace();
            var service = WithPipeline(temp);
            var node = service.SetNode("training", "split", new Hashtable { ["seed"] = null, ["stratifyColumn"] = "churned" }, null, "stratified");
            Assert.False(node.Parameters.ContainsKey("seed"));
            Assert.Equal(0.8, node.Parameters["fraction"]);
            Assert.Equal("stratified", node.Comment);
            node = service.SetNode("training", "train", null, new Hashtable { ["data"] = null }, null);
            Assert.Empty(node.Inputs);
            Assert.Equal(1, service.Get("training").EdgeCount);
        }

        [Fact]
        public void Removing_a_node_removes_its_edges()
        {
            using var temp = new TempWorkspace();
            var service = WithPipeline(temp);
            var experiment = service.RemoveNode("training", "split");
            Assert.Equal(2, experiment.NodeCount);
            Assert.Equal(0, experiment.EdgeCount);
            Assert.Equal("NodeNotFound", Assert.Throws<MlAlmException>(() => service.RemoveNode("training", "split")).ErrorId);
        }

        [Fact]
        public void Export_import_round_trip_is_byte_identical()
        {
            using var temp = new TempWorkspace();
            var service = WithPipeline(temp);
            var exported = service.ExportGraph("training");
            Assert.Equal(exported, service.ExportGraph("training"));
            var copy = service.ImportGraph(exported.Replace("\"name\": \"training\"", "\"name\": \"imported\""), "g.json", null, overwrite: false);
            Assert.Equal("imported", copy.Name);
            Assert.Equal(exported, service.ExportGraph("imported").Replace("\"name\": \"imported\"", "\"name\": \"training\""));
            Assert.Equal("ExperimentExists", Assert.Throws<MlAlmException>(() => service.ImportGraph(exported, "g.json", null, overwrite: false)).ErrorId);

            var edited = exported.Replace("\"seed\": 7", "\"seed\": 8");
            service.ImportGraph(edited, "g.json", null, overwrite: true);
            Assert.Equal(edited, service.ExportGraph("training"));
        }

        [Fact]
        public void An_import_with_problems_creates_nothing()
        {
            using var temp = new TempWorkspace();
            var service = WithPipeline(temp);
            var broken = service.ExportGraph("training")
                .Replace("\"name\": \"training\"", "\"name\": \"broken\"")
                .Replace("\"version\": 1", "\"version\": 42")
                .Replace("\"module\": \"SplitData\"", "\"module\": \"SplitDta\"");
            var error = Assert.Throws<GraphValidationException>(() => service.ImportGraph(broken, "broken.json", null, overwrite: false));
            Assert.Contains(error.Problems, p => p.Code == "MissingAsset");
            Assert.Contains(error.Problems, p => p.Code == "UnknownModule");
            Assert.Contains("broken.json", error.Message);
            Assert.Null(service.TryGet("broken"));
        }

        [Fact]
        public void User_assets_update_to_latest_and_can_be_replaced()
        {
            using var temp = new TempWorkspace();
            var service = WithPipeline(temp);
            Assert.Equal(2, service.UpdateUserAssets("training", AssetType.Dataset, "churn").UserAssets.Single().Version);
            Assert.Equal("AssetNotUsed", Assert.Throws<MlAlmException>(() => service.UpdateUserAssets("training", null, "other")).ErrorId);

            new DatasetService(temp.Workspace).Import(temp.WriteFile("other.csv", "age,plan,churned\n1,a,0\n"), "other", null);
            var replaced = service.ReplaceUserAsset("training", null, AssetSpec.Parse("churn", "asset"), AssetSpec.Parse("other", "asset"));
            Assert.Equal(new AssetReference(AssetType.Dataset, "other", 1), replaced.UserAssets.Single());
        }

        [Fact]
        public void Copy_upgrades_assets_unless_told_to_keep_them()
        {
            using var temp = new TempWorkspace();
            var service = WithPipeline(temp);
            Assert.Equal(2, service.Copy("training", "upgraded", null, keepAssetVersions: false).UserAssets.Single().Version);
            Assert.Equal(1, service.Copy("training", "kept", null, keepAssetVersions: true).UserAssets.Single().Version);
            Assert.Equal("NewNameRequired", Assert.Throws<MlAlmException>(() => service.Copy("training", null, null, false)).ErrorId);
        }

        [Fact]
        public void Copy_into_another_workspace_carries_the_assets_once()
        {
            using var temp = new TempWorkspace();
            using var other = new TempWorkspace("other");
            var service = WithPipeline(temp);
            var copied = service.Copy("training", null, other.Workspace, keepAssetVersions: true);
            Assert.Equal("training", copied.Name);
            var reference = copied.UserAssets.Single();
            var dataset = new DatasetService(other.Workspace).Get(reference.Name, reference.Version);
            Assert.Equal(new DatasetService(temp.Workspace).Get("churn", 1).ContentHash, dataset.ContentHash);

            service.Copy("training", "again", other.Workspace, keepAssetVersions: true);
            Assert.Single(new DatasetService(other.Workspace).List(null, allVersions: true)); // reused, not duplicated
            Assert.Single(other.Workspace.Store.ListContent());
        }

        [Fact]
        public void Removing_an_experiment_with_runs_needs_force_and_takes_the_runs()
        {
            using var temp = new TempWorkspace();
            var service = WithPipeline(temp);
            temp.Workspace.Store.CreateDocument("runs/training/0000000001", new byte[] { (byte)'{', (byte)'}' });
            Assert.Equal("ExperimentHasRuns", Assert.Throws<MlAlmException>(() => service.PlanRemoval("training", force: false)).ErrorId);
            Assert.Equal(1, service.PlanRemoval("training", force: true));
            service.Remove("training");
            Assert.Null(service.TryGet("training"));
            Assert.Empty(temp.Workspace.Store.ListDocuments("runs/"));
        }

        [Fact]
        public void Lookup_by_wildcard_and_id()
        {
            using var temp = new TempWorkspace();
            var service = new ExperimentService(temp.Workspace);
            var a = service.Create("alpha", null);
            service.Create("beta", null);
            service.Create("Alpine", null);
            Assert.Equal(new[] { "alpha", "Alpine" }, service.List("al*").Select(e => e.Name));
            Assert.Equal("alpha", service.GetById(a.Id).Name);
            Assert.Equal("ExperimentExists", Assert.Throws<MlAlmException>(() => service.Create("ALPHA", null)).ErrorId);
        }

        [Fact]
        public void Concurrent_editors_lose_no_change()
        {
            using var temp = new TempWorkspace();
            var service = new ExperimentService(temp.Workspace);
            service.Create("busy", null);
            Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
                new ExperimentService(temp.Workspace).AddNode("busy", "n" + i, "WebServiceInput", null, null, null));
            Assert.Equal(16, service.Get("busy").NodeCount);
        }
    }
}
