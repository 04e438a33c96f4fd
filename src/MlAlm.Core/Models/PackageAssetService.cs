using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace MlAlm.Core.Models
{
    /// <summary>
    /// A service for one kind of package asset (trained models, transforms): every operation is
    /// <see cref="RegisteredAssets{TAsset}"/>'s, so a kind only says what it is and how its
    /// documents become asset objects.
    /// </summary>
    public abstract class PackageAssetService<TAsset> : IPackageAssetService<TAsset>
    {
        private readonly RegisteredAssets<TAsset> _assets;

        private protected PackageAssetService(RegisteredAssets<TAsset> assets)
        {
            _assets = assets;
        }

        public TAsset RegisterFromRun(MlExperimentRun run, string nodeId, string? port, string name, string? description, IDictionary? tags, CancellationToken ct = default) =>
            _assets.RegisterFromRun(run, nodeId, port, name, description, tags, ct);

        public TAsset RegisterFromFile(string path, string name, string? description, IDictionary? tags, CancellationToken ct = default) =>
            _assets.RegisterFromFile(path, name, description, tags, ct);

        public TAsset Get(string name, int? version = null, CancellationToken ct = default) => _assets.Get(name, version, ct);

        public TAsset CopyTo(string name, int? version, MlWorkspace destination, CancellationToken ct = default) =>
            _assets.CopyTo(name, version, destination, ct);

        public IReadOnlyList<TAsset> List(string? pattern, bool allVersions, CancellationToken ct = default) => _assets.List(pattern, allVersions, ct);

        public FileInfo Export(string name, int? version, string path, bool overwrite, CancellationToken ct = default) =>
            _assets.Export(name, version, path, overwrite, ct);

        public IReadOnlyList<TAsset> PlanRemoval(string name, int? version, bool force, CancellationToken ct = default) =>
            _assets.PlanRemoval(name, version, force, ct);

        public void Remove(IEnumerable<TAsset> assets, CancellationToken ct = default) => _assets.Remove(assets, ct);

        private protected static MlLineage? Lineage(RegisteredAssetDocument d) => d.Lineage == null ? null : new MlLineage(
            d.Lineage.Experiment, d.Lineage.ExperimentId, d.Lineage.RunId, d.Lineage.NodeId, d.Lineage.Port,
            d.Lineage.Datasets.Select(x => new AssetReference(AssetType.Dataset, x.Name, x.Version)).ToList(),
            d.Lineage.WorkspaceId, d.Lineage.Workspace);

        private protected static Hashtable Tags(RegisteredAssetDocument d)
        {
            var tags = new Hashtable(System.StringComparer.OrdinalIgnoreCase);
            foreach (var t in d.Tags) tags[t.Key] = t.Value;
            return tags;
        }
    }
}
