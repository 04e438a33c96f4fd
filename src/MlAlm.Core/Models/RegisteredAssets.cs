using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Core.Assets;
using MlAlm.Core.Engine;
using MlAlm.Core.Errors;
using MlAlm.Core.Experiments;
using MlAlm.Core.Json;
using MlAlm.Core.Naming;
using MlAlm.Core.Runs;
using MlAlm.Core.Storage;
using MlAlm.Learning.Packages;

namespace MlAlm.Core.Models
{
    /// <summary>
    /// Registering, reading, exporting and removing package assets (trained models, transforms):
    /// the same steps for both kinds, told apart by a <see cref="PackageKind"/>. A version records
    /// its lineage (run, node, upstream dataset versions) and the run's metrics.
    /// </summary>
    internal sealed class RegisteredAssets<TAsset>
    {
        private readonly MlWorkspace _workspace;
        private readonly PackageKind _kind;
        private readonly AssetCatalog<RegisteredAssetDocument, TAsset> _catalog;
        private readonly Func<MlWorkspace, RegisteredAssetDocument, TAsset> _present;
        private readonly Func<TAsset, string> _nameOf;
        private readonly Func<TAsset, int> _versionOf;
        private readonly Func<TAsset, string> _contentHashOf;

        /// <param name="present">Makes the asset object of a version's document in a workspace (this one, or a copy's destination).</param>
        public RegisteredAssets(MlWorkspace workspace, PackageKind kind, Func<MlWorkspace, RegisteredAssetDocument, TAsset> present,
            Func<TAsset, string> nameOf, Func<TAsset, int> versionOf, Func<TAsset, string> contentHashOf)
        {
            _workspace = workspace;
            _kind = kind;
            _catalog = new AssetCatalog<RegisteredAssetDocument, TAsset>(workspace, kind.Type, kind.NotFoundId, d => present(workspace, d));
            _present = present;
            _nameOf = nameOf;
            _versionOf = versionOf;
            _contentHashOf = contentHashOf;
        }

        public TAsset RegisterFromRun(MlExperimentRun run, string nodeId, string? port, string name, string? description, IDictionary? tags, CancellationToken ct)
        {
            NameRules.Validate(name, _kind.Noun);
            var runs = new RunService(run.Workspace);
            var output = port == null ? SingleOutputOfKind(run, nodeId) : runs.FindOutput(run, nodeId, port);
            if (output.Type != _kind.Port)
                throw MlAlmException.InvalidArgument("WrongOutputType", $"Output '{nodeId}.{output.Port}' of run {run.RunId} is a {output.Type}, not a {_kind.Port}.", nodeId);
            var hash = ContentHash.Parse(output.ContentHash);
            var document = NewDocument(name, description, tags);
            VerifiedContent.Read(run.Workspace.Store, hash, s => { _kind.Describe(s, document); return true; }, ct);
            if (run.Workspace.Id != _workspace.Id)
            {
                using var content = run.Workspace.Store.OpenContent(hash, ct);
                _workspace.Store.PutContent(content, ct);
            }
            document.ContentSha256 = hash.Hex;
            document.ContentLength = output.Size;
            document.Metrics = run.Metrics.Keys.Cast<string>().ToDictionary(k => k, k => (double)run.Metrics[k]!);
            document.Lineage = new LineageDocument
            {
                Experiment = run.Experiment,
                ExperimentId = run.ExperimentId,
                RunId = run.RunId,
                NodeId = run.Nodes.First(n => string.Equals(n.NodeId, nodeId, StringComparison.OrdinalIgnoreCase)).NodeId,
                Port = output.Port,
                Datasets = UpstreamDatasets(run, nodeId).Select(d => new AssetReferenceDocument { Name = d.Name, Version = d.Version }).ToList(),
            };
            return Create(name, document, ct);
        }

        public TAsset RegisterFromFile(string path, string name, string? description, IDictionary? tags, CancellationToken ct)
        {
            NameRules.Validate(name, _kind.Noun);
            if (!File.Exists(path)) throw MlAlmException.NotFound("PackageFileNotFound", $"The file '{path}' does not exist.", path);
            var document = NewDocument(name, description, tags);
            document.SourceFileName = Path.GetFileName(path);
            using (var file = File.OpenRead(path))
            {
                try
                {
                    _kind.Describe(file, document);
                }
                catch (Exception e) when (e is PackageFormatException || e is InvalidDataException || e is Newtonsoft.Json.JsonException)
                {
                    throw MlAlmException.InvalidData("InvalidPackageFile", $"'{Path.GetFileName(path)}' is not a {_kind.Noun} package: {e.Message}", path, e);
                }
            }
            ContentInfo stored;
            using (var file = File.OpenRead(path)) stored = _workspace.Store.PutContent(file, ct);
            document.ContentSha256 = stored.Hash.Hex;
            document.ContentLength = stored.Length;
            return Create(name, document, ct);
        }

        public TAsset Get(string name, int? version, CancellationToken ct) => _catalog.Get(name, version, ct);

        /// <summary>Copies a version (the latest by default) into another workspace; returns the copy, read there.</summary>
        public TAsset CopyTo(string name, int? version, MlWorkspace destination, CancellationToken ct)
        {
            var asset = Get(name, version, ct);
            var copied = AssetTransfer.CopyBetween(_workspace, destination, new AssetReference(_kind.Type, _nameOf(asset), _versionOf(asset)), ct);
            return new RegisteredAssets<TAsset>(destination, _kind, _present, _nameOf, _versionOf, _contentHashOf).Get(copied.Name, copied.Version, ct);
        }

        public IReadOnlyList<TAsset> List(string? pattern, bool allVersions, CancellationToken ct) =>
            _catalog.List(pattern, allVersions, _nameOf, _versionOf, ct);

        public FileInfo Export(string name, int? version, string path, bool overwrite, CancellationToken ct)
        {
            var asset = Get(name, version, ct);
            return ContentExport.ToFile(_workspace.Store, ContentHash.Parse(_contentHashOf(asset)), path,
                $"{_nameOf(asset)}-{_versionOf(asset).ToString(CultureInfo.InvariantCulture)}{_kind.Extension}", overwrite, null, ct);
        }

        /// <summary>The versions a removal takes; a version an experiment uses is refused unless forced.</summary>
        public IReadOnlyList<TAsset> PlanRemoval(string name, int? version, bool force, CancellationToken ct)
        {
            var targets = version.HasValue
                ? new List<TAsset> { Get(name, version, ct) }
                : List(NameRules.Validate(name, _kind.Noun), allVersions: true, ct).ToList();
            if (targets.Count == 0) Get(name, null, ct); // throws NotFound
            if (force) return targets;
            var references = targets.Select(t => new AssetReference(_kind.Type, _nameOf(t), _versionOf(t))).ToList();
            var users = new ExperimentService(_workspace).List(null, ct)
                .Where(e => e.UserAssets.Any(references.Contains)).Select(e => e.Name).ToList();
            if (users.Count > 0)
                throw new MlAlmException(_kind.InUseId, ErrorKind.Conflict,
                    $"{char.ToUpperInvariant(_kind.Noun[0])}{_kind.Noun.Substring(1)} '{(version.HasValue ? name + ":" + version : name)}' is used by experiment(s) {string.Join(", ", users)}; use -Force to remove it anyway.", name);
            return targets;
        }

        public void Remove(IEnumerable<TAsset> assets, CancellationToken ct)
        {
            foreach (var asset in assets) _catalog.Versions.Delete(_nameOf(asset), _versionOf(asset), ct);
        }

        private TAsset Create(string name, RegisteredAssetDocument document, CancellationToken ct)
        {
            int version = _catalog.Versions.CreateNext(name, v =>
            {
                document.Name = name;
                document.Version = v;
                return DocumentJson.Serialize(document);
            }, ct);
            return Get(name, version, ct);
        }

        private static RegisteredAssetDocument NewDocument(string name, string? description, IDictionary? tags)
        {
            var document = new RegisteredAssetDocument { Name = name, Description = description, CreatedUtc = DateTime.UtcNow, CreatedBy = Environment.UserName };
            if (tags != null)
                foreach (DictionaryEntry tag in tags)
                    document.Tags[Convert.ToString(tag.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty;
            return document;
        }

        private MlRunOutput SingleOutputOfKind(MlExperimentRun run, string nodeId)
        {
            var node = run.Nodes.FirstOrDefault(n => string.Equals(n.NodeId, nodeId, StringComparison.OrdinalIgnoreCase))
                ?? throw MlAlmException.NotFound("NodeNotFound", $"Run {run.RunId} of '{run.Experiment}' has no node '{nodeId}'.", nodeId);
            var matching = node.Outputs.Where(o => o.Type == _kind.Port).ToList();
            if (matching.Count == 1) return matching[0];
            if (matching.Count == 0)
                throw MlAlmException.InvalidArgument("WrongOutputType", node.Outputs.Count == 0
                    ? $"Node '{node.NodeId}' has no stored outputs (its status in run {run.RunId} is {node.Status})."
                    : $"Node '{node.NodeId}' has no {_kind.Port} output; its outputs: {string.Join(", ", node.Outputs)}.", nodeId);
            throw MlAlmException.InvalidArgument("PortRequired", $"Node '{node.NodeId}' has several {_kind.Port} outputs; give -Port.", nodeId);
        }

        /// <summary>Dataset versions feeding a node, found by walking the run's graph backwards.</summary>
        private static IEnumerable<AssetReference> UpstreamDatasets(MlExperimentRun run, string nodeId)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var pending = new Stack<string>();
            pending.Push(nodeId);
            var found = new List<AssetReference>();
            while (pending.Count > 0)
            {
                var id = pending.Pop();
                if (!seen.Add(id)) continue;
                var node = run.Graph.FindNode(id);
                if (node == null) continue;
                found.AddRange(node.Parameters.Values.OfType<AssetReference>().Where(a => a.Type == AssetType.Dataset));
                foreach (var edge in run.Graph.Edges.Where(e => string.Equals(e.To.NodeId, id, StringComparison.OrdinalIgnoreCase))) pending.Push(edge.From.NodeId);
            }
            return found.Distinct().OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.Version);
        }
    }

    /// <summary>What distinguishes trained models from transforms in registration.</summary>
    internal sealed class PackageKind
    {
        public PackageKind(AssetType type, PortType port, string noun, string notFoundId, string inUseId, string extension, Action<Stream, RegisteredAssetDocument> describe)
        {
            Type = type;
            Port = port;
            Noun = noun;
            NotFoundId = notFoundId;
            InUseId = inUseId;
            Extension = extension;
            Describe = describe;
        }

        public AssetType Type { get; }
        public PortType Port { get; }
        public string Noun { get; }
        public string NotFoundId { get; }
        public string InUseId { get; }
        public string Extension { get; }

        /// <summary>Reads a package (throwing PackageFormatException when it is not one) and records what it holds.</summary>
        public Action<Stream, RegisteredAssetDocument> Describe { get; }
    }
}
