using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using MlAlm.Core.Assets;

namespace MlAlm.Core.Models
{
    /// <summary>
    /// What registering, reading, exporting and removing package assets takes, the same for
    /// trained models and transforms, so the cmdlets for both share one set of base classes.
    /// </summary>
    public interface IPackageAssetService<TAsset> : IVersionedAssetReader<TAsset>
    {
        TAsset RegisterFromRun(MlExperimentRun run, string nodeId, string? port, string name, string? description, IDictionary? tags, CancellationToken ct);
        TAsset RegisterFromFile(string path, string name, string? description, IDictionary? tags, CancellationToken ct);
        FileInfo Export(string name, int? version, string path, bool overwrite, CancellationToken ct);
        IReadOnlyList<TAsset> PlanRemoval(string name, int? version, bool force, CancellationToken ct);
        void Remove(IEnumerable<TAsset> assets, CancellationToken ct);

        /// <summary>Copies a version (the latest by default) into another workspace, content once by hash; returns the copy.</summary>
        TAsset CopyTo(string name, int? version, MlWorkspace destination, CancellationToken ct);
    }

}
