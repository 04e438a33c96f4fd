using System.Collections.Generic;
using System.Threading;

namespace MlAlm.Core.Assets
{
    /// <summary>
    /// Reading one kind of versioned asset, the same for datasets, trained models and transforms,
    /// so their Get-* cmdlets select versions by one set of rules.
    /// </summary>
    public interface IVersionedAssetReader<TAsset>
    {
        /// <summary>One version; the latest when <paramref name="version"/> is null.</summary>
        TAsset Get(string name, int? version, CancellationToken ct);

        /// <summary>The assets whose name matches a wildcard pattern (null: all), latest or every version.</summary>
        IReadOnlyList<TAsset> List(string? pattern, bool allVersions, CancellationToken ct);
    }
}
