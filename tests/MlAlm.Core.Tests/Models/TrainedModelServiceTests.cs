using System.Collections;
using System.IO;
using System.Linq;
using MlAlm.Core.Engine;
using MlAlm.Core.Errors;
using MlAlm.Core.Experiments;
using MlAlm.Core.Models;
using MlAlm.Core.Tests.Support;
using Xunit;

namespace MlAlm.Core.Tests.Models
{
    public class TrainedModelServiceTests
    {
        [Fact]
        public void A_model_registered_from_a_run_records_lineage_and_metrics()
        {
            using var temp = new TempWorkspace();
            new ExperimentService(temp.Workspace).CreateFromTemplate("demo", ExperimentTemplates.BinaryClassification, null);
            var run = new ExperimentEngine(temp.Workspace).Start("demo", false);
            var models = new TrainedModelService(temp.Workspace);

            var model = models.RegisterFromRun(run, "train", null, "churn-model", "first", new Hashtable { ["stage"] = "dev" });
            Assert.Equal(1, model.Version);
            Assert.Equal("LogisticRegression", model.Learner);
            Assert.Equal("BinaryClassification", model.Task);
            Assert.Equal("label", model.LabelColumn);
            Assert.Equal(8, model.InputColumns.Count);
            Assert.Equal(run.Metrics["AUC"], model.Metrics["AUC"]);
            Assert.Equal("demo", model.Lineage!.Experiment);
            Assert.Equal(run.RunId, model.Lineage.RunId);
            Assert.Equal("train", model.Lineage.NodeId);
            Assert.Equal("model", model.Lineage.Port);
            Assert.Equal(new[] { "template-binary:1" }, model.Lineage.Datasets.Select(d => d.ToString()));
            Assert.Equal("dev", model.Tags["stage"]);

            var transform = new TransformService(temp.Workspace).RegisterFromRun(run, "normalize", null, "scaling", null, null);
            Assert.Equal("NormalizeData", transform.Kind);

            Assert.Equal("WrongOutputType", Assert.Throws<MlAlmException>(() => models.RegisterFromRun(run, "split", "output1", "x", null, null)).ErrorId);
        }

        [Fact]
        public void Export_and_register_from_file_round_trip_by_hash_and_bad_files_are_refused()
        {
            using var temp = new TempWorkspace();
            new ExperimentService(temp.Workspace).CreateFromTemplate("demo", ExperimentTemplates.Regression, null);
            var run = new ExperimentEngine(temp.Workspace).Start("demo", false);
            var models = new TrainedModelService(temp.Workspace);
            var first = models.RegisterFromRun(run, "train", null, "price", null, null);

            var file = models.Export("price", null, temp.Root, overwrite: false);
            Assert.Equal("price-1.mlmodel", file.Name);
            var second = models.RegisterFromFile(file.FullName, "price", "from file", null);
            Assert.Equal(2, second.Version);
            Assert.Equal(first.ContentHash, second.ContentHash);
            Assert.Null(second.Lineage);
            Assert.Equal("BoostedDecisionTree", second.Learner);

            var junk = temp.WriteFile("junk.mlmodel", "not a package");
            Assert.Equal("InvalidPackageFile", Assert.Throws<MlAlmException>(() => models.RegisterFromFile(junk, "price", null, null)).ErrorId);
            Assert.Equal(2, models.List("price", allVersions: true).Count);
        }

        [Fact]
        public void A_model_version_an_experiment_uses_is_removed_only_with_force()
        {
            using var temp = new TempWorkspace();
            var experiments = new ExperimentService(temp.Workspace);
            experiments.CreateFromTemplate("demo", ExperimentTemplates.BinaryClassification, null);
            var run = new ExperimentEngine(temp.Workspace).Start("demo", false);
            var models = new TrainedModelService(temp.Workspace);
            models.RegisterFromRun(run, "train", null, "m", null, null);
            experiments.Create("predictive", null);
            experiments.AddNode("predictive", "model", "TrainedModel", new Hashtable { ["model"] = "m" }, null, null);

            Assert.Equal("TrainedModelInUse", Assert.Throws<MlAlmException>(() => models.PlanRemoval("m", null, force: false)).ErrorId);
            models.Remove(models.PlanRemoval("m", 1, force: true));
            Assert.Equal("TrainedModelNotFound", Assert.Throws<MlAlmException>(() => models.Get("m")).ErrorId);
        }
    }
}
