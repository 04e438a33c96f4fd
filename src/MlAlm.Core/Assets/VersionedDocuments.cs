using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using MlAlm.Core.Naming;
using MlAlm.Core.Storage;

namespace MlAlm.Core.Assets
{
    /// <summary>
    /// Numbered versions of named assets under one root ('datasets', 'models', 'transforms'):
    /// key root/name/0000000007. A new version is created-if-absent, so writers racing for
    /// version N get N and N+1 — nothing overwritten, nothing lost, no lock.
    /// </summary>
    internal sealed class VersionedDocuments
    {
        private readonly IWorkspaceStore _store;
        private readonly string _root;

        public VersionedDocuments(IWorkspaceStore store, AssetType type)
        {
            _store = store;
            Type = type;
            _root = RootOf(type);
        }

        public AssetType Type { get; }

        public static string RootOf(AssetType type) => type switch
        {
            AssetType.Dataset => "datasets",
            AssetType.TrainedModel => "models",
            AssetType.Transform => "transforms",
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };

        public string KeyOf(string name, int version) => StoreKey.Of(_root, NameRules.ToKeySegment(name), StoreKey.VersionSegment(version));

        /// <summary>Key segments of every name with at least one version (lower-case).</summary>
        public IReadOnlyList<string> ListNameKeys(CancellationToken ct = default) =>
            _store.ListDocuments(_root + "/", ct)
                .Select(k => k.Split('/'))
                .Where(parts => parts.Length == 3)
                .Select(parts => parts[1])
                .Distinct(StringComparer.Ordinal)
                .ToList();

        /// <summary>Version numbers of a name, ascending.</summary>
        public IReadOnlyList<int> ListVersions(string name, CancellationToken ct = default)
        {
            var prefix = StoreKey.PrefixOf(_root, NameRules.ToKeySegment(name));
            var versions = new List<int>();
            foreach (var key in _store.ListDocuments(prefix, ct))
            {
                var last = key.Substring(prefix.Length);
                if (last.IndexOf('/') < 0 && int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out int v)) versions.Add(v);
            }
            versions.Sort();
            return versions;
        }

        public int? LatestVersion(string name, CancellationToken ct = default)
        {
            var versions = ListVersions(name, ct);
            return versions.Count == 0 ? (int?)null : versions[versions.Count - 1];
        }

        public StoredDocument? Get(string name, int version, CancellationToken ct = default) => _store.GetDocument(KeyOf(name, version), ct);

        public bool Exists(string name, int version, CancellationToken ct = default) => Get(name, version, ct) != null;

        /// <summary>
        /// Creates the next version. <paramref name="documentFor"/> renders the document for a
        /// candidate version number; it is called again with a higher number when a racing writer
        /// took that one.
        /// </summary>
        public int CreateNext(string name, Func<int, byte[]> documentFor, CancellationToken ct = default)
        {
            int candidate = (LatestVersion(name, ct) ?? 0) + 1;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    _store.CreateDocument(KeyOf(name, candidate), documentFor(candidate), ct);
                    return candidate;
                }
                catch (DocumentExistsException)
                {
                    // Someone else took it: move past everything that exists now, not just +1,
                    // so many racing writers converge in few rounds.
                    candidate = Math.Max(candidate + 1, (LatestVersion(name, ct) ?? 0) + 1);
                }
            }
        }

        public bool Delete(string name, int version, CancellationToken ct = default) => _store.DeleteDocument(KeyOf(name, version), null, ct);
    }
}
