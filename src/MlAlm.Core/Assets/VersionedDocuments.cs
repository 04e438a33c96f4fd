using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MlAlm.Core.Naming;
using MlAlm.Core.Storage;

namespace MlAlm.Core.Assets
{
    /// <summary>
    /// Numbered versions of named assets under one root ('datasets', 'models', 'transforms'):
    /// key root/name/0000000007, each name's versions a <see cref="NumberedDocuments"/>.
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

        private NumberedDocuments VersionsOf(string name) =>
            new NumberedDocuments(_store, StoreKey.PrefixOf(_root, NameRules.ToKeySegment(name)));

        public string KeyOf(string name, int version) => VersionsOf(name).KeyOf(version);

        /// <summary>Key segments of every name with at least one version (lower-case).</summary>
        public IReadOnlyList<string> ListNameKeys(CancellationToken ct = default) =>
            _store.ListDocuments(_root + "/", ct)
                .Select(k => k.Split('/'))
                .Where(parts => parts.Length == 3)
                .Select(parts => parts[1])
                .Distinct(StringComparer.Ordinal)
                .ToList();

        public IReadOnlyList<int> ListVersions(string name, CancellationToken ct = default) => VersionsOf(name).List(ct);

        public int? LatestVersion(string name, CancellationToken ct = default) => VersionsOf(name).Latest(ct);

        public StoredDocument? Get(string name, int version, CancellationToken ct = default) => VersionsOf(name).Get(version, ct);

        public bool Exists(string name, int version, CancellationToken ct = default) => Get(name, version, ct) != null;

        public int CreateNext(string name, Func<int, byte[]> documentFor, CancellationToken ct = default) =>
            VersionsOf(name).CreateNext(documentFor, ct);

        public bool Delete(string name, int version, CancellationToken ct = default) => VersionsOf(name).Delete(version, ct);
    }
}
