using System.Collections;
using System.IO;
using System.Linq;
using MlAlm.Core.Engine;
using MlAlm.Core.Errors;
using MlAlm.Core.Experiments;
using MlAlm.Core.Models;
using MlAlm.Core.Tests.Support;
using MlAlm.Core.WebServices;
using MlAlm.Learning.Data;
using Xunit;

namespace MlAlm.Core.Tests.WebServices
{
    public class WebServiceServiceTests
    {
        /// <summary>A workspace with a finished binary-classification run and its model registered as 'demo-model'.</summary>
        private static MlExperimentRun TrainedWorkspace(TempWorkspace temp)
        {
            new ExperimentService(temp.Workspace).CreateFromTemplate("demo", ExperimentTemplates.BinaryClassification, null);
            var run = new ExperimentEngine(temp.Workspace).Start("demo", false);
            new TrainedModelService(temp.Workspace).RegisterFromRun(run, "train", null, "demo-model", null, null);
            new TransformService(temp.Workspace).RegisterFromRun(run, "normalize", null, "demo-scaling", null, null);
            return run;
        }

        [Fact]
        public void A_service_from_a_model_has_a_default_endpoint_with_keys_and_the_input_schema()
        {
            using var temp = new TempWorkspace();
            TrainedWorkspace(temp);
            var services = new WebServiceService(temp.Workspace);
            var service = services.CreateFromModel("scoring", AssetSpec.Parse("demo-model", "m"), new[] { AssetSpec.Parse("demo-scaling", "t") }, null, "staging");
            Assert.Equal(new[] { "default" }, service.Endpoints);
            Assert.Equal(Enumerable.Range(1, 8).Select(i => "f" + i), service.InputSchema.Select(c => c.Name));
            Assert.Equal(new[] { "Scored Labels", "Scored Probabilities" }, service.OutputSchema.Select(c => c.Name));
            var endpoint = services.GetEndpoint("scoring", "default");
            Assert.Equal("staging", endpoint.Environment);
            Assert.Equal(43, endpoint.PrimaryKey.Length);
            Assert.NotEqual(endpoint.PrimaryKey, endpoint.SecondaryKey);
            Assert.Equal("demo-model:1", endpoint.TrainedModel!.ToString());
            Assert.Equal("WebServiceExists", Assert.Throws<MlAlmException>(() => services.CreateFromModel("scoring", AssetSpec.Parse("demo-model", "m"), new AssetSpec[0], null, null)).ErrorId);
            Assert.Equal("AssetNotFound", Assert.Throws<MlAlmException>(() => services.CreateFromModel("other", AssetSpec.Parse("nope", "m"), new AssetSpec[0], null, null)).ErrorId);
        }

        [Fact]
        public void The_loaded_pipeline_scores_like_the_run_did()
        {
            using var temp = new TempWorkspace();
            var run = TrainedWorkspace(temp);
            var services = new WebServiceService(temp.Workspace);
            services.CreateFromRun("from-run", run, null, null, null);
            var pipeline = services.LoadPipeline("from-run", "default");
            Assert.Single(pipeline.Transforms); // the run's NormalizeData, registered as from-run-normalize
            var rows = new MlAlm.Core.Runs.RunService(temp.Workspace).SaveNodeOutput(run, "data", null, Path.Combine(temp.Root, "rows.csv"), false);
            var table = DataTableReader.ReadFile(rows.FullName, ',', null, default);
            var scored = pipeline.Score(table);
            Assert.Equal(table.RowCount, scored.RowCount);
            var probabilities = (NumberColumn)scored["Scored Probabilities"];
            Assert.All(Enumerable.Range(0, scored.RowCount), r => Assert.InRange(probabilities[r], 0.0, 1.0));
            Assert.NotNull(new TrainedModelService(temp.Workspace).Get("from-run").Lineage);
        }

        [Fact]
        public void Endpoints_are_added_patched_synced_rekeyed_and_removed()
        {
            using var temp = new TempWorkspace();
            var run = TrainedWorkspace(temp);
            var models = new TrainedModelService(temp.Workspace);
            models.RegisterFromRun(run, "train", null, "demo-model", "v2", null);
            var services = new WebServiceService(temp.Workspace);
            services.CreateFromModel("svc", AssetSpec.Parse("demo-model:1", "m"), new AssetSpec[0], null, null);

            var canary = services.AddEndpoint("svc", "canary", 2, "production");
            Assert.Equal("demo-model:1", canary.TrainedModel!.ToString());
            Assert.Equal(2, canary.MaxConcurrentCalls);
            var patched = services.UpdateEndpoint("svc", "canary", AssetSpec.Parse("demo-model", "m"), null, null);
            Assert.Equal("demo-model:2", patched.TrainedModel!.ToString());
            Assert.Equal(canary.Revision + 1, patched.Revision);
            Assert.Equal("demo-model:1", services.GetEndpoint("svc", "default").TrainedModel!.ToString());

            var synced = services.SyncEndpoint("svc", "canary");
            Assert.Equal("demo-model:1", synced.TrainedModel!.ToString());

            var rekeyed = services.ResetKey("svc", "canary", EndpointKeyType.Secondary);
            Assert.Equal(synced.PrimaryKey, rekeyed.PrimaryKey);
            Assert.NotEqual(synced.SecondaryKey, rekeyed.SecondaryKey);

            Assert.Equal("DefaultEndpointRequired", Assert.Throws<MlAlmException>(() => services.RemoveEndpoint("svc", "default")).ErrorId);
            services.RemoveEndpoint("svc", "canary");
            Assert.Equal("EndpointNotFound", Assert.Throws<MlAlmException>(() => services.GetEndpoint("svc", "canary")).ErrorId);
            services.Remove("svc");
            Assert.Empty(services.List(null));
            Assert.Empty(temp.Workspace.Store.ListDocuments("services/"));
        }

        [Fact]
        public void A_predictive_experiment_compiles_to_a_pipeline_and_bad_ones_are_explained()
        {
            using var temp = new TempWorkspace();
            TrainedWorkspace(temp);
            var experiments = new ExperimentService(temp.Workspace);
            experiments.Create("predictive", null);
            experiments.AddNode("predictive", "in", "WebServiceInput", null, null, null);
            experiments.AddNode("predictive", "scaling", "Transform", new Hashtable { ["transform"] = "demo-scaling" }, null, null);
            experiments.AddNode("predictive", "apply", "ApplyTransformation", null, new Hashtable { ["transform"] = "scaling.transform", ["data"] = "in.output" }, null);
            experiments.AddNode("predictive", "model", "TrainedModel", new Hashtable { ["model"] = "demo-model" }, null, null);
            experiments.AddNode("predictive", "score", "ScoreModel", null, new Hashtable { ["model"] = "model.model", ["data"] = "apply.output" }, null);
            experiments.AddNode("predictive", "pick", "SelectColumns", new Hashtable { ["columns"] = new object[] { "Scored Probabilities" } }, new Hashtable { ["input"] = "score.output" }, null);
            experiments.AddNode("predictive", "out", "WebServiceOutput", null, new Hashtable { ["input"] = "pick.output" }, null);

            var services = new WebServiceService(temp.Workspace);
            var service = services.CreateFromExperiment("predict", "predictive", null, null);
            Assert.Equal(new[] { "Scored Probabilities" }, service.OutputSchema.Select(c => c.Name));
            Assert.Single(services.GetEndpoint("predict", "default").Transforms);

            experiments.Create("training-only", null);
            experiments.AddNode("training-only", "in", "WebServiceInput", null, null, null);
            var error = Assert.Throws<MlAlmException>(() => services.CreateFromExperiment("nope", "training-only", null, null));
            Assert.Equal("NotAPredictiveExperiment", error.ErrorId);
        }

        [Fact]
        public void A_definition_deploys_into_another_workspace_only_when_every_asset_is_there()
        {
            using var source = new TempWorkspace();
            using var target = new TempWorkspace("target");
            TrainedWorkspace(source);
            var services = new WebServiceService(source.Workspace);
            services.CreateFromModel("svc", AssetSpec.Parse("demo-model", "m"), new[] { AssetSpec.Parse("demo-scaling", "t") }, null, null);
            services.AddEndpoint("svc", "canary", null, "production");
            var definition = services.ExportDefinition("svc");
            Assert.Equal(definition, services.ExportDefinition("svc"));
            Assert.DoesNotContain(services.GetEndpoint("svc", "default").PrimaryKey, definition);

            var targetServices = new WebServiceService(target.Workspace);
            var missing = Assert.Throws<MlAlmException>(() => targetServices.CreateFromDefinition(definition, "svc.json", null, null));
            Assert.Equal("DefinitionAssetsMissing", missing.ErrorId);
            Assert.Contains("trainedModel demo-model:1", missing.Message);
            Assert.Contains("transform demo-scaling:1", missing.Message);
            Assert.Empty(targetServices.List(null));

            var exported = new TrainedModelService(source.Workspace).Export("demo-model", 1, source.Root, false);
            new TrainedModelService(target.Workspace).RegisterFromFile(exported.FullName, "demo-model", null, null);
            var transform = new TransformService(source.Workspace).Export("demo-scaling", 1, source.Root, false);
            new TransformService(target.Workspace).RegisterFromFile(transform.FullName, "demo-scaling", null, null);
            var deployed = targetServices.CreateFromDefinition(definition, "svc.json", null, null);
            Assert.Equal(new[] { "default", "canary" }, deployed.Endpoints);
            Assert.Equal("production", targetServices.GetEndpoint("svc", "canary").Environment);
        }
    }
}
