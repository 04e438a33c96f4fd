using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Core.Assets;
using MlAlm.Core.Engine;
using MlAlm.Core.Experiments;
using MlAlm.Core.Models;
using MlAlm.Core.WebServices;
using MlAlm.Core.Workspaces;
using MlAlm.Learning.Data;
using MlAlm.Learning.Scoring;
using Xunit;

namespace MlAlm.Host.Tests.Support
{
    /// <summary>
    /// One real workspace for the host tests: the BinaryClassification template run twice (two
    /// different models, registered as versions 1 and 2 of 'churn-model') and a web service 'churn'
    /// made from version 1. Tests that change services make their own with <see cref="NewService"/>.
    /// </summary>
    public sealed class HostWorkspace : IDisposable
    {
        private int _counter;

        public HostWorkspace()
        {
            Root = Path.Combine(Path.GetTempPath(), "mlalm-host-test-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
            Location = Path.Combine(Root, "ws");
            Workspace = WorkspaceFactory.Create(Location, "hosttests");

            var experiments = new ExperimentService(Workspace);
            experiments.CreateFromTemplate("demo", ExperimentTemplates.BinaryClassification, null);
            var engine = new ExperimentEngine(Workspace);
            var models = new TrainedModelService(Workspace);
            models.RegisterFromRun(engine.Start("demo", false), "train", null, ModelName, "first", null);
            experiments.SetNode("demo", "split", new Hashtable { ["fraction"] = 0.4, ["seed"] = 7L }, null, null);
            models.RegisterFromRun(engine.Start("demo", false), "train", null, ModelName, "second", null);

            Services = new WebServiceService(Workspace);
            Services.CreateFromModel(ServiceName, new AssetSpec(ModelName, 1), Array.Empty<AssetSpec>(), "Churn scoring", null);

            using var data = new MemoryStream();
            SyntheticDatasets.WriteBinaryClassification(data, 200, 8, 99);
            data.Position = 0;
            Rows = DataTableReader.Read(data, ',', null, CancellationToken.None);
        }

        public const string ModelName = "churn-model";
        public const string ServiceName = "churn";

        public string Root { get; }
        public string Location { get; }
        public MlWorkspace Workspace { get; }
        public WebServiceService Services { get; }

        /// <summary>200 generated rows with f1..f8 (and a label, which requests need not send).</summary>
        public DataTable Rows { get; }

        public static IReadOnlyList<string> Features { get; } = Enumerable.Range(1, 8).Select(i => "f" + i).ToList();

        /// <summary>A new service (unique name) from the given model version, with its default endpoint.</summary>
        public string NewService(string prefix, int modelVersion = 1, string? environment = null)
        {
            string name = prefix + "-" + Interlocked.Increment(ref _counter);
            Services.CreateFromModel(name, new AssetSpec(ModelName, modelVersion), Array.Empty<AssetSpec>(), null, environment);
            return name;
        }

        public string Key(string service, string endpoint = "default", bool secondary = false)
        {
            var e = Services.GetEndpoint(service, endpoint);
            return secondary ? e.SecondaryKey : e.PrimaryKey;
        }

        public ScoringPipeline Pipeline(string service, string endpoint = "default") => Services.LoadPipeline(service, endpoint);

        /// <summary>The first <paramref name="count"/> rows' features, from row <paramref name="start"/>.</summary>
        public double[][] FeatureRows(int start, int count) =>
            Enumerable.Range(start, count).Select(r => Features.Select(f => ((NumberColumn)Rows[f])[r]).ToArray()).ToArray();

        /// <summary>What the pipeline itself scores for these rows: (Scored Labels, Scored Probabilities) per row.</summary>
        public static (double Label, double Probability)[] Expected(ScoringPipeline pipeline, double[][] rows)
        {
            var table = new DataTable(Features.Select((f, j) => (DataColumn)new NumberColumn(f, rows.Select(r => r[j]).ToArray())));
            var scored = pipeline.Score(table);
            return Enumerable.Range(0, rows.Length)
                .Select(r => ((double)scored["Scored Labels"].GetValue(r)!, (double)scored["Scored Probabilities"].GetValue(r)!)).ToArray();
        }

        public void Dispose()
        {
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [CollectionDefinition(Name)]
    public sealed class HostCollection : ICollectionFixture<HostWorkspace>
    {
        public const string Name = "host workspace";
    }
}
