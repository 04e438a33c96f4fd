using System.Threading;
using MlAlm.Core.Errors;
using MlAlm.Core.Graphs;

namespace MlAlm.Core.Assets
{
    /// <summary>Looks up asset versions of any type in one workspace (for graph checks and upgrades).</summary>
    internal sealed class WorkspaceAssets : IAssetVersionLookup
    {
        private readonly MlWorkspace _workspace;

        public WorkspaceAssets(MlWorkspace workspace) => _workspace = workspace;

        public bool Exists(AssetReference reference) => Versions(reference.Type).Exists(reference.Name, reference.Version);

        public int? LatestVersion(AssetType type, string name, CancellationToken ct = default) => Versions(type).LatestVersion(name, ct);

        /// <summary>Turns 'name' or 'name:N' into an exact reference, checking that it exists.</summary>
        public AssetReference Resolve(AssetType type, AssetSpec spec, CancellationToken ct = default)
        {
            string kind = AssetReference.TypeToken(type);
            if (spec.Version.HasValue)
            {
                var reference = new AssetReference(type, spec.Name, spec.Version.Value);
                if (!Exists(reference))
                    throw MlAlmException.NotFound("AssetNotFound", $"The {kind} '{reference}' does not exist in the workspace at '{_workspace.Location}'.", spec.ToString());
                return reference;
            }
            var latest = LatestVersion(type, spec.Name, ct)
                ?? throw MlAlmException.NotFound("AssetNotFound", $"There is no {kind} named '{spec.Name}' in the workspace at '{_workspace.Location}'.", spec.ToString());
            return new AssetReference(type, spec.Name, latest);
        }

        internal VersionedDocuments Versions(AssetType type) => new VersionedDocuments(_workspace.Store, type);
    }
}
