using System.Collections.Generic;
using System.Threading;
using MlAlm.Core.Assets;
using MlAlm.Core.Naming;

namespace MlAlm.Commands.Infrastructure
{
    /// <summary>
    /// What Get-MlDataset, Get-MlTrainedModel and Get-MlTransform return for one -Name: every match
    /// of a wildcard (its latest version, or all with -AllVersions), every version of a plain name
    /// with -AllVersions, otherwise the one version -Name and -Version select.
    /// </summary>
    internal static class VersionedAssetQuery
    {
        public static IReadOnlyList<TAsset> Find<TAsset>(IVersionedAssetReader<TAsset> assets, string name, string? version, bool allVersions, string noun, CancellationToken ct)
        {
            if (NamePattern.HasWildcards(name))
            {
                AssetArguments.RefuseVersionWithWildcard(name, version);
                return assets.List(name, allVersions, ct);
            }
            if (allVersions && version == null && name.IndexOf(':') < 0)
            {
                var all = assets.List(NameRules.Validate(name, noun), allVersions: true, ct);
                if (all.Count == 0) assets.Get(name, null, ct); // reports the missing name
                return all;
            }
            var spec = AssetArguments.Read(name, version, noun);
            return new[] { assets.Get(spec.Name, spec.Version, ct) };
        }
    }
}
