using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MlAlm.Core.Errors;
using MlAlm.Core.Json;
using MlAlm.Core.Naming;

namespace MlAlm.Core.Assets
{
    /// <summary>
    /// Reading one kind of versioned asset: one version (latest by default), or every name
    /// matching a wildcard with its latest or all versions. Datasets, trained models and
    /// transforms share this; each supplies its document type and how to present it.
    /// </summary>
    internal sealed class AssetCatalog<TDocument, TAsset> where TDocument : class
    {
        private readonly MlWorkspace _workspace;
        private readonly Func<TDocument, TAsset> _present;
        private readonly string _kind;
        private readonly string _notFoundId;

        public AssetCatalog(MlWorkspace workspace, AssetType type, string notFoundId, Func<TDocument, TAsset> present)
        {
            _workspace = workspace;
            Versions = new VersionedDocuments(workspace.Store, type);
            _kind = type switch { AssetType.Dataset => "dataset", AssetType.TrainedModel => "trained model", _ => "transform" };
            _notFoundId = notFoundId;
            _present = present;
        }

        public VersionedDocuments Versions { get; }

        /// <summary>One version (null: the latest); NotFound names what is missing and what exists.</summary>
        public TAsset Get(string name, int? version, CancellationToken ct)
        {
            NameRules.Validate(name, _kind);
            int resolved = version ?? Versions.LatestVersion(name, ct)
                ?? throw MlAlmException.NotFound(_notFoundId, $"There is no {_kind} named '{name}' in the workspace at '{_workspace.Location}'.", name);
            var stored = Versions.Get(name, resolved, ct);
            if (stored == null)
            {
                var versions = Versions.ListVersions(name, ct);
                throw MlAlmException.NotFound(_notFoundId.Replace("NotFound", "VersionNotFound"), versions.Count == 0
                    ? $"There is no {_kind} named '{name}' in the workspace at '{_workspace.Location}'."
                    : $"{char.ToUpperInvariant(_kind[0]) + _kind.Substring(1)} '{name}' has no version {resolved}; its versions are {string.Join(", ", versions)}.", name + ":" + resolved);
            }
            return _present(DocumentJson.Deserialize<TDocument>(stored.Content, stored.Key));
        }

        /// <summary>Assets whose name matches a wildcard pattern (null: all), latest or every version, by name then version.</summary>
        public IReadOnlyList<TAsset> List(string? pattern, bool allVersions, Func<TAsset, string> nameOf, Func<TAsset, int> versionOf, CancellationToken ct)
        {
            var match = pattern == null ? null : NamePattern.Create(pattern);
            var result = new List<TAsset>();
            foreach (var nameKey in Versions.ListNameKeys(ct))
            {
                if (match != null && !match.IsMatch(nameKey)) continue;
                var versions = Versions.ListVersions(nameKey, ct);
                foreach (var v in allVersions ? versions : versions.Skip(Math.Max(0, versions.Count - 1)))
                {
                    var stored = Versions.Get(nameKey, v, ct);
                    if (stored != null) result.Add(_present(DocumentJson.Deserialize<TDocument>(stored.Content, stored.Key)));
                }
            }
            return result.OrderBy(nameOf, StringComparer.OrdinalIgnoreCase).ThenBy(versionOf).ToList();
        }
    }
}
