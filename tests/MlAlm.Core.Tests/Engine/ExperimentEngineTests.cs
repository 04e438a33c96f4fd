using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Core.Engine;
using MlAlm.Core.Errors;
using MlAlm.Core.Experiments;
using MlAlm.Core.Graphs;
using MlAlm.Core.Runs;
using MlAlm.Core.Tests.Storage;
using MlAlm.Core.Tests.Support;
using MlAlm.Core.Workspaces;
using MlAlm.Learning.Data;
using Xunit;

namespace MlAlm.Core.Tests.Engine
{
    public class ExperimentEngineTests
    {
        private static MlExperimentRun RunTemplate(TempWorkspace temp, string template = ExperimentTemplates.BinaryClassification, string name = "demo")
        {
            new ExperimentService(temp.Workspace).CreateFromTemplate(name, template, null);
            return new ExperimentEngine(temp.Workspace).Start(name, noCache: false);
        }

        [Fact]
        public void A_template_runs_end_to_end_on_real_learners()
        {
            using var temp = new TempWorkspace();
            var run = RunTemplate(temp);
            Assert.Equal(RunStatus.Finished, run.Status);
            Assert.All(run.Nodes, n => Assert.Equal(NodeStatus.Finished, n.Status));
            Assert.True((double)run.Metrics["AUC"]! > 0.8, "AUC " + run.Metrics["AUC"]);
            Assert.InRange((double)run.Metrics["Accuracy"]!, 0.7, 1.0);
            var split = run.Nodes.Single(n => n.NodeId == "split");
            Assert.Equal(3500, split.Outputs.Single(o => o.Port == "output1").Rows);
            Assert.Equal(1500, split.Outputs.Single(o => o.Port == "output2").Rows);
            Assert.Equal(1, run.RunId);
            Assert.Contains(run.Assets, a => a.Name == "template-binary" && a.Version == 1);
        }

        [Fact]
        public void A_regression_template_trains_boosted_trees()
        {
            using var temp = new TempWorkspace();
            var run = RunTemplate(temp, ExperimentTemplates.Regression);
            Assert.Equal(RunStatus.Finished, run.Status);
            Assert.True((double)run.Metrics["R2"]! > 0.5, "R2 " + run.Metrics["R2"]);
            Assert.True((double)run.Metrics["RMSE"]! > 0);
        }

        [Fact]
        public void Unchanged_nodes_are_reused_and_changed_ones_rerun()
        {
            using var temp = new TempWorkspace();
            var first = RunTemplate(temp);
            var engine = new ExperimentEngine(temp.Workspace);

            var second = engine.Start("demo", noCache: false);
            Assert.All(second.Nodes, n => Assert.Equal(NodeStatus.Cached, n.Status));
            Assert.Equal(first.Metrics["AUC"], second.Metrics["AUC"]);

            new ExperimentService(temp.Workspace).SetNode("demo", "split", new Hashtable { ["seed"] = 7 }, null, null);
            var third = engine.Start("demo", noCache: false);
            Assert.Equal(NodeStatus.Cached, third.Nodes.Single(n => n.NodeId == "data").Status);
            Assert.Equal(NodeStatus.Cached, third.Nodes.Single(n => n.NodeId == "normalize").Status);
            foreach (var id in new[] { "split", "train", "score", "evaluate" })
                Assert.Equal(NodeStatus.Finished, third.Nodes.Single(n => n.NodeId == id).Status);

            var fourth = engine.Start("demo", noCache: true);
            Assert.All(fourth.Nodes, n => Assert.Equal(NodeStatus.Finished, n.Status));

            var history = new RunService(temp.Workspace).List("demo");
            Assert.Equal(new[] { 4, 3, 2, 1 }, history.Select(r => r.RunId));
            Assert.Equal(new[] { 4, 3 }, new RunService(temp.Workspace).List("demo", first: 2).Select(r => r.RunId));

            var differences = new RunService(temp.Workspace).Compare(first, third);
            Assert.Contains(differences, d => d.Kind == "Parameter" && d.NodeId == "split" && d.Name == "seed" && (string?)d.ReferenceValue == "42" && (string?)d.DifferenceValue == "7");
            Assert.Contains(differences, d => d.Kind == "Metric" && d.Name == "AUC"); // metric names keep their case
        }

        [Fact]
        public void A_failing_node_fails_the_run_naming_it_and_keeps_what_finished()
        {
            using var temp = new TempWorkspace();
            var experiments = new ExperimentService(temp.Workspace);
            experiments.CreateFromTemplate("demo", ExperimentTemplates.BinaryClassification, null);
            experiments.SetNode("demo", "train", new Hashtable { ["labelColumn"] = "no_such_column" }, null, null);
            var run = new ExperimentEngine(temp.Workspace).Start("demo", noCache: false);
            Assert.Equal(RunStatus.Failed, run.Status);
            Assert.Contains("'train'", run.Error);
            Assert.Contains("no_such_column", run.Error);
            var train = run.Nodes.Single(n => n.NodeId == "train");
            Assert.Equal(NodeStatus.Failed, train.Status);
            Assert.Empty(train.Outputs);
            Assert.Equal(NodeStatus.NotRun, run.Nodes.Single(n => n.NodeId == "score").Status);
            Assert.Equal(NodeStatus.Finished, run.Nodes.Single(n => n.NodeId == "split").Status);
            Assert.Equal(2, run.Nodes.Single(n => n.NodeId == "split").Outputs.Count);
        }

        [Fact]
        public void A_graph_that_cannot_run_creates_no_run()
        {
            using var temp = new TempWorkspace();
            var experiments = new ExperimentService(temp.Workspace);
            experiments.Create("broken", null);
            experiments.AddNode("broken", "score", "ScoreModel", null, null, null);
            var error = Assert.Throws<GraphValidationException>(() => new ExperimentEngine(temp.Workspace).Start("broken", false));
            Assert.Contains(error.Problems, p => p.Code == "UnconnectedInput");
            Assert.Empty(new RunService(temp.Workspace).List("broken"));
        }

        [Fact]
        public void Cancelling_seals_the_run_as_canceled()
        {
            using var temp = new TempWorkspace();
            new ExperimentService(temp.Workspace).CreateFromTemplate("demo", ExperimentTemplates.BinaryClassification, null);
            using var cancel = new CancellationTokenSource();
            var progress = new SynchronousProgress(p => { if (p.NodeId == "split" && p.Status == NodeStatus.Finished) cancel.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() => new ExperimentEngine(temp.Workspace).Start("demo", false, progress, cancel.Token));
            var run = new RunService(temp.Workspace).List("demo").Single();
            Assert.Equal(RunStatus.Canceled, run.Status);
            Assert.Equal(NodeStatus.Canceled, run.Nodes.Single(n => n.NodeId == "train").Status);
            Assert.Equal(NodeStatus.NotRun, run.Nodes.Single(n => n.NodeId == "evaluate").Status);
            Assert.NotNull(run.EndedUtc);
        }

        [Fact]
        public void A_run_whose_process_is_killed_is_read_back_as_failed_with_no_partial_output()
        {
            using var temp = new TempWorkspace();
            var data = temp.WriteFile("big.csv", "");
            using (var file = File.Create(data)) SyntheticDatasets.WriteRegression(file, 200_000, 10, 5);
            new MlAlm.Core.Datasets.DatasetService(temp.Workspace).Import(data, "big", null);
            var experiments = new ExperimentService(temp.Workspace);
            experiments.Create("slow", null);
            experiments.AddNode("slow", "data", "Dataset", new Hashtable { ["dataset"] = "big" }, null, null);
            experiments.AddNode("slow", "train", "TrainModel", new Hashtable { ["learner"] = "BoostedDecisionTree", ["task"] = "Regression", ["labelColumn"] = "target", ["numberOfTrees"] = 100000 }, new Hashtable { ["data"] = "data.output" }, null);

            using (var worker = StoreWorkerProcess.Start("run-experiment", temp.Workspace.Location, "slow"))
            {
                worker.WaitForLine(line => line == "node train Running");
                Thread.Sleep(500);
                worker.Kill();
            }

            var run = new RunService(WorkspaceFactory.Open(temp.Workspace.Location)).Get("slow", 1);
            Assert.Equal(RunStatus.Failed, run.Status);
            Assert.Contains("'train'", run.Error);
            Assert.Equal(NodeStatus.Finished, run.Nodes.Single(n => n.NodeId == "data").Status);
            var train = run.Nodes.Single(n => n.NodeId == "train");
            Assert.Equal(NodeStatus.Failed, train.Status);
            Assert.Empty(train.Outputs);
            Assert.DoesNotContain(new WorkspaceChecker(temp.Workspace).Check(repair: false), p => p.Kind != "IncompleteWrite");
        }

        [Fact]
        public void Node_outputs_save_as_csv_packages_and_json()
        {
            using var temp = new TempWorkspace();
            var run = RunTemplate(temp);
            var runs = new RunService(temp.Workspace);

            var csv = runs.SaveNodeOutput(run, "split", "output2", temp.Root, overwrite: false);
            Assert.EndsWith(".csv", csv.Name);
            var table = DataTableReader.ReadFile(csv.FullName, ',', null, CancellationToken.None);
            Assert.Equal(1500, table.RowCount);

            var model = runs.SaveNodeOutput(run, "train", null, Path.Combine(temp.Root, "model.mlmodel"), overwrite: false);
            Assert.True(model.Length > 0);
            var metrics = runs.SaveNodeOutput(run, "evaluate", null, Path.Combine(temp.Root, "metrics.json"), overwrite: false);
            Assert.Contains("AUC", File.ReadAllText(metrics.FullName));

            Assert.Equal("PortRequired", Assert.Throws<MlAlmException>(() => runs.SaveNodeOutput(run, "split", null, temp.Root, false)).ErrorId);
            Assert.Equal("OutputFileExists", Assert.Throws<MlAlmException>(() => runs.SaveNodeOutput(run, "train", null, model.FullName, false)).ErrorId);
        }

        [Fact]
        public void Copying_a_run_makes_an_experiment_of_its_graph()
        {
            using var temp = new TempWorkspace();
            var run = RunTemplate(temp);
            var experiments = new ExperimentService(temp.Workspace);
            experiments.SetNode("demo", "split", new Hashtable { ["fraction"] = 0.5 }, null, null);
            var copy = experiments.CopyRun(run, "from-run-1", null, keepAssetVersions: true);
            Assert.Equal(0.7, copy.Nodes.Single(n => n.NodeId == "split").Parameters["fraction"]);
            Assert.Equal(run.Assets, copy.UserAssets);
            Assert.Equal(RunStatus.Finished, new ExperimentEngine(temp.Workspace).Start("from-run-1", false).Status);
        }

        private sealed class SynchronousProgress : IProgress<RunProgress>
        {
            private readonly Action<RunProgress> _report;
            public SynchronousProgress(Action<RunProgress> report) => _report = report;
            public void Report(RunProgress value) => _report(value);
        }
    }
}
