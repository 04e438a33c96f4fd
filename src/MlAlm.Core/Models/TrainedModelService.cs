using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Learning.Packages;

namespace MlAlm.Core.Models
{
    /// <summary>Registered trained models: register from a run node or a package file, list, export, remove.</summary>
    public sealed class TrainedModelService : IPackageAssetService<MlTrainedModel>
    {
        private readonly RegisteredAssets<MlTrainedModel> _assets;

        public TrainedModelService(MlWorkspace workspace)
        {
            var kind = new PackageKind(AssetType.TrainedModel, PortType.TrainedModel, "trained model", "TrainedModelNotFound", "TrainedModelInUse", ".mlmodel", Describe);
            _assets = new RegisteredAssets<MlTrainedModel>(workspace, kind, d => Present(workspace, d), m => m.Name, m => m.Version);
        }

        public MlTrainedModel RegisterFromRun(MlExperimentRun run, string nodeId, string? port, string name, string? description, IDictionary? tags, CancellationToken ct = default) =>
            _assets.RegisterFromRun(run, nodeId, port, name, description, tags, ct);

        public MlTrainedModel RegisterFromFile(string path, string name, string? description, IDictionary? tags, CancellationToken ct = default) =>
            _assets.RegisterFromFile(path, name, description, tags, ct);

        public MlTrainedModel Get(string name, int? version = null, CancellationToken ct = default) => _assets.Get(name, version, ct);

        public MlTrainedModel CopyTo(string name, int? version, MlWorkspace destination, CancellationToken ct = default)
        {
            var copied = _assets.CopyTo(name, version, destination, ct);
            return new TrainedModelService(destination).Get(copied.Name, copied.Version, ct);
        }

        public IReadOnlyList<MlTrainedModel> List(string? pattern, bool allVersions, CancellationToken ct = default) => _assets.List(pattern, allVersions, ct);

        public FileInfo Export(string name, int? version, string path, bool overwrite, CancellationToken ct = default) =>
            _assets.Export(name, version, path, overwrite, m => m.ContentHash, ct);

        public IReadOnlyList<MlTrainedModel> PlanRemoval(string name, int? version, bool force, CancellationToken ct = default) =>
            _assets.PlanRemoval(name, version, force, ct);

        public void Remove(IEnumerable<MlTrainedModel> models, CancellationToken ct = default) => _assets.Remove(models, ct);

        private static void Describe(Stream package, RegisteredAssetDocument document)
        {
            var model = ModelPackage.Read(package);
            document.Learner = model.Learner;
            document.Task = model.Task.ToString();
            document.LabelColumn = model.LabelColumn;
            document.Columns = model.InputColumns.Select(c => new ColumnDocument { Name = c.Name, Type = c.Type.ToString() }).ToList();
        }

        internal static MlTrainedModel Present(MlWorkspace workspace, RegisteredAssetDocument d) => new MlTrainedModel(
            workspace, d.Name, d.Version, d.Description, d.Learner ?? string.Empty, d.Task ?? string.Empty, d.LabelColumn,
            d.Columns.Select(c => new MlDatasetColumn(c.Name, c.Type, 0)).ToList(), Metrics(d), Lineage(d), Tags(d),
            d.ContentSha256, d.ContentLength, d.CreatedUtc, d.CreatedBy);

        internal static OrderedDictionary Metrics(RegisteredAssetDocument d)
        {
            var metrics = new OrderedDictionary(System.StringComparer.OrdinalIgnoreCase);
            foreach (var m in d.Metrics) metrics[m.Key] = m.Value;
            return metrics;
        }

        internal static MlLineage? Lineage(RegisteredAssetDocument d) => d.Lineage == null ? null : new MlLineage(
            d.Lineage.Experiment, d.Lineage.ExperimentId, d.Lineage.RunId, d.Lineage.NodeId, d.Lineage.Port,
            d.Lineage.Datasets.Select(x => new AssetReference(AssetType.Dataset, x.Name, x.Version)).ToList(),
            d.Lineage.WorkspaceId, d.Lineage.Workspace);

        internal static Hashtable Tags(RegisteredAssetDocument d)
        {
            var tags = new Hashtable(System.StringComparer.OrdinalIgnoreCase);
            foreach (var t in d.Tags) tags[t.Key] = t.Value;
            return tags;
        }
    }
}
