using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Learning.Packages;

namespace MlAlm.Core.Models
{
    /// <summary>Registered transforms: register from a run node or a package file, list, export, remove.</summary>
    public sealed class TransformService : IPackageAssetService<MlTransform>
    {
        private readonly RegisteredAssets<MlTransform> _assets;

        public TransformService(MlWorkspace workspace)
        {
            var kind = new PackageKind(AssetType.Transform, PortType.Transform, "transform", "TransformNotFound", "TransformInUse", ".mltransform", Describe);
            _assets = new RegisteredAssets<MlTransform>(workspace, kind, d => Present(workspace, d), t => t.Name, t => t.Version);
        }

        public MlTransform RegisterFromRun(MlExperimentRun run, string nodeId, string? port, string name, string? description, IDictionary? tags, CancellationToken ct = default) =>
            _assets.RegisterFromRun(run, nodeId, port, name, description, tags, ct);

        public MlTransform RegisterFromFile(string path, string name, string? description, IDictionary? tags, CancellationToken ct = default) =>
            _assets.RegisterFromFile(path, name, description, tags, ct);

        public MlTransform Get(string name, int? version = null, CancellationToken ct = default) => _assets.Get(name, version, ct);

        public MlTransform CopyTo(string name, int? version, MlWorkspace destination, CancellationToken ct = default)
        {
            var copied = _assets.CopyTo(name, version, destination, ct);
            return new TransformService(destination).Get(copied.Name, copied.Version, ct);
        }

        public IReadOnlyList<MlTransform> List(string? pattern, bool allVersions, CancellationToken ct = default) => _assets.List(pattern, allVersions, ct);

        public FileInfo Export(string name, int? version, string path, bool overwrite, CancellationToken ct = default) =>
            _assets.Export(name, version, path, overwrite, t => t.ContentHash, ct);

        public IReadOnlyList<MlTransform> PlanRemoval(string name, int? version, bool force, CancellationToken ct = default) =>
            _assets.PlanRemoval(name, version, force, ct);

        public void Remove(IEnumerable<MlTransform> transforms, CancellationToken ct = default) => _assets.Remove(transforms, ct);

        private static void Describe(Stream package, RegisteredAssetDocument document)
        {
            var transform = TransformPackage.Read(package);
            document.TransformKind = transform.Kind;
            document.Columns = transform.Columns.Select(c => new ColumnDocument { Name = c.Name, Type = c.Type.ToString() }).ToList();
        }

        private static MlTransform Present(MlWorkspace workspace, RegisteredAssetDocument d) => new MlTransform(
            workspace, d.Name, d.Version, d.Description, d.TransformKind ?? string.Empty,
            d.Columns.Select(c => new MlDatasetColumn(c.Name, c.Type, 0)).ToList(), TrainedModelService.Lineage(d), TrainedModelService.Tags(d),
            d.ContentSha256, d.ContentLength, d.CreatedUtc, d.CreatedBy);
    }
}
