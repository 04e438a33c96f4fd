using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MlAlm.Core.Assets;
using MlAlm.Core.Errors;
using MlAlm.Core.Graphs;
using MlAlm.Core.Modules;
using MlAlm.Core.Naming;
using MlAlm.Core.Storage;

namespace MlAlm.Core.Experiments
{
    /// <summary>
    /// Experiments and their graphs: create, list, copy, remove, import/export, node edits and
    /// asset-version updates. Every change is a read-modify-replace guarded by the document's
    /// ETag and retried when another writer got there first, so concurrent edits never clobber
    /// each other; a change that would add a graph problem is refused and writes nothing.
    /// </summary>
    public sealed class ExperimentService
    {
        private const int MaxEditAttempts = 20;
        private readonly MlWorkspace _workspace;
        private readonly WorkspaceAssets _assets;

        public ExperimentService(MlWorkspace workspace)
        {
            _workspace = workspace;
            _assets = new WorkspaceAssets(workspace);
        }

        internal static string KeyOf(string name) => StoreKey.Of("experiments", NameRules.ToKeySegment(name));

        internal static string RunsPrefixOf(string name) => StoreKey.PrefixOf("runs", NameRules.ToKeySegment(name));

        public MlExperiment Create(string name, string? description, CancellationToken ct = default)
        {
            NameRules.Validate(name, "experiment");
            return CreateFrom(new GraphDocument(name, description, new ExperimentGraph()), ct);
        }

        /// <summary>Creates a ready-to-run experiment from a template, generating its dataset when needed.</summary>
        public MlExperiment CreateFromTemplate(string name, string template, string? description, CancellationToken ct = default)
        {
            NameRules.Validate(name, "experiment");
            var graph = ExperimentTemplates.Build(_workspace, template, ct);
            return CreateFrom(new GraphDocument(name, description ?? ExperimentTemplates.Describe(template), graph), ct);
        }

        public MlExperiment Get(string name, CancellationToken ct = default) =>
            TryGet(name, ct) ?? throw NotFound(name);

        public MlExperiment? TryGet(string name, CancellationToken ct = default)
        {
            NameRules.Validate(name, "experiment");
            var stored = _workspace.Store.GetDocument(KeyOf(name), ct);
            return stored == null ? null : ToExperiment(stored);
        }

        public MlExperiment GetById(Guid id, CancellationToken ct = default) =>
            List(null, ct).FirstOrDefault(e => e.Id == id)
            ?? throw MlAlmException.NotFound("ExperimentNotFound", $"There is no experiment with id {id} in the workspace at '{_workspace.Location}'.", id);

        /// <summary>Experiments whose name matches a wildcard pattern (null: all), by name.</summary>
        public IReadOnlyList<MlExperiment> List(string? pattern, CancellationToken ct = default)
        {
            var match = pattern == null ? null : NamePattern.Create(pattern);
            var result = new List<MlExperiment>();
            foreach (var key in _workspace.Store.ListDocuments("experiments/", ct))
            {
                if (match != null && !match.IsMatch(key.Substring("experiments/".Length))) continue;
                var stored = _workspace.Store.GetDocument(key, ct);
                if (stored != null) result.Add(ToExperiment(stored));
            }
            return result.OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ToList();
        }

        /// <summary>
        /// Checks that an experiment may be removed and returns how many runs go with it: one that
        /// has runs is removed only with <paramref name="force"/>, since its history goes too.
        /// </summary>
        public int PlanRemoval(string name, bool force, CancellationToken ct = default)
        {
            var experiment = Get(name, ct);
            int runs = _workspace.Store.ListDocuments(RunsPrefixOf(experiment.Name), ct).Count;
            if (runs > 0 && !force)
                throw new MlAlmException("ExperimentHasRuns", ErrorKind.Conflict,
                    $"Experiment '{experiment.Name}' has {runs} run(s); use -Force to remove it together with its run history.", name);
            return runs;
        }

        /// <summary>Removes an experiment and every run of it (runs first, so a crash never leaves orphans).</summary>
        public void Remove(string name, CancellationToken ct = default)
        {
            var experiment = Get(name, ct);
            foreach (var runKey in _workspace.Store.ListDocuments(RunsPrefixOf(experiment.Name), ct))
                _workspace.Store.DeleteDocument(runKey, null, ct);
            _workspace.Store.DeleteDocument(KeyOf(experiment.Name), null, ct);
        }

        public string ExportGraph(string name, CancellationToken ct = default)
        {
            var experiment = Get(name, ct);
            return GraphJson.Write(new GraphDocument(experiment.Name, experiment.Description, experiment.Graph));
        }

        /// <summary>
        /// Creates an experiment from graph JSON, or replaces an existing one's graph with
        /// <paramref name="overwrite"/>. Every problem in the file is reported at once and nothing
        /// is written when there is any.
        /// </summary>
        public MlExperiment ImportGraph(string json, string sourceName, string? name, bool overwrite, CancellationToken ct = default)
        {
            var problems = new List<GraphProblem>();
            var document = GraphJson.Read(json, problems);
            var finalName = name ?? document.Name;
            if (finalName == null)
                problems.Add(new GraphProblem("InvalidStructure", "$.name", "the file names no experiment: add a 'name' or give -Name"));
            else if (NameRules.FindProblem(finalName) is string nameProblem)
                problems.Add(new GraphProblem("InvalidStructure", name != null ? "-Name" : "$.name", $"'{finalName}' is not a valid experiment name: {nameProblem}"));
            problems.AddRange(GraphValidator.Validate(document.Graph, _assets));
            if (problems.Count > 0) throw new GraphValidationException($"The graph file '{sourceName}'", problems);

            var graph = new GraphDocument(finalName, document.Description, document.Graph);
            var existing = TryGet(finalName!, ct);
            if (existing == null) return CreateFrom(graph, ct);
            if (!overwrite)
                throw MlAlmException.AlreadyExists("ExperimentExists", $"An experiment named '{existing.Name}' already exists; use -Overwrite to replace its graph.", finalName);
            return Edit(finalName!, (g, _) =>
            {
                g.Nodes.Clear();
                g.Edges.Clear();
                g.Nodes.AddRange(document.Graph.Nodes);
                g.Edges.AddRange(document.Graph.Edges);
            }, document.Description, ct);
        }

        /// <summary>
        /// Copies an experiment's graph under a new name, into this or another workspace. Asset
        /// references move to their latest versions unless <paramref name="keepAssetVersions"/>;
        /// assets missing in the destination are copied there (content travels once, by hash).
        /// </summary>
        public MlExperiment Copy(string name, string? newName, MlWorkspace? destination, bool keepAssetVersions, CancellationToken ct = default)
        {
            var source = Get(name, ct);
            return CopyGraph(source.Graph, source.Name, source.Description, newName, destination, keepAssetVersions, ct);
        }

        /// <summary>
        /// Copies a run's frozen graph into a new experiment (as Studio did): asset references move to
        /// their latest versions unless <paramref name="keepAssetVersions"/>.
        /// </summary>
        public MlExperiment CopyRun(MlExperimentRun run, string? newName, MlWorkspace? destination, bool keepAssetVersions, CancellationToken ct = default)
        {
            if (newName == null && (destination == null || destination.Id == _workspace.Id))
                throw MlAlmException.InvalidArgument("NewNameRequired", $"Give -NewName: a copy of run {run.RunId} of '{run.Experiment}' needs a name of its own in this workspace.", run.ToString());
            return CopyGraph(run.Graph, run.Experiment, $"Copied from run {run.RunId} of '{run.Experiment}'.", newName, destination, keepAssetVersions, ct);
        }

        internal MlExperiment CopyGraph(ExperimentGraph sourceGraph, string sourceName, string? description, string? newName, MlWorkspace? destination, bool keepAssetVersions, CancellationToken ct)
        {
            var target = destination ?? _workspace;
            bool sameWorkspace = target.Id == _workspace.Id && target.Location == _workspace.Location;
            if (newName == null && sameWorkspace)
                throw MlAlmException.InvalidArgument("NewNameRequired", $"Give -NewName: a copy in the same workspace needs a name other than '{sourceName}'.", sourceName);
            var finalName = NameRules.Validate(newName ?? sourceName, "experiment");

            var graph = sourceGraph.Clone();
            if (!keepAssetVersions) UpgradeAssets(graph, _ => true, ct);
            if (!sameWorkspace)
            {
                var transfer = new AssetTransfer(_workspace, target);
                foreach (var node in graph.Nodes)
                    foreach (var key in node.Parameters.Keys.ToList())
                        if (node.Parameters[key] is AssetReference asset) node.Parameters[key] = transfer.Copy(asset, ct);
            }
            return new ExperimentService(target).CreateFrom(new GraphDocument(finalName, description, graph), ct);
        }

        public MlExperimentNode AddNode(string experiment, string nodeId, string module, IDictionary? parameters, IDictionary? inputs, string? comment, CancellationToken ct = default)
        {
            var updated = Edit(experiment, (graph, _) =>
            {
                if (!NodeIds.IsValid(nodeId))
                    throw MlAlmException.InvalidArgument("InvalidNodeId", $"'{nodeId}' is not a valid node id: use {NodeIds.Rule}.", nodeId);
                if (graph.FindNode(nodeId) != null)
                    throw MlAlmException.AlreadyExists("NodeExists", $"Experiment '{experiment}' already has a node '{nodeId}'; use Set-MlExperimentNode to change it.", nodeId);
                var definition = ModuleCatalog.Find(module)
                    ?? throw MlAlmException.InvalidArgument("UnknownModule", $"Unknown module '{module}'; known modules: {string.Join(", ", ModuleCatalog.All.Select(m => m.Name))}.", module);
                var node = new GraphNode(nodeId, definition.Name) { Comment = string.IsNullOrEmpty(comment) ? null : comment };
                graph.Nodes.Add(node);
                ApplyParameters(node, definition, parameters, ct);
                ApplyInputs(graph, node, inputs);
            }, null, ct);
            return NodeOf(updated, nodeId);
        }

        /// <summary>Changes a node: parameters and inputs merge (a null value resets a parameter or disconnects an input).</summary>
        public MlExperimentNode SetNode(string experiment, string nodeId, IDictionary? parameters, IDictionary? inputs, string? comment, CancellationToken ct = default)
        {
            var updated = Edit(experiment, (graph, _) =>
            {
                var node = FindNode(graph, experiment, nodeId);
                var definition = ModuleCatalog.Find(node.Module)
                    ?? throw MlAlmException.InvalidData("UnknownModule", $"Node '{nodeId}' uses unknown module '{node.Module}'.", nodeId);
                if (comment != null) node.Comment = comment.Length == 0 ? null : comment;
                ApplyParameters(node, definition, parameters, ct);
                ApplyInputs(graph, node, inputs);
            }, null, ct);
            return NodeOf(updated, nodeId);
        }

        /// <summary>Removes a node and every edge touching it; the inputs it fed become unconnected.</summary>
        public MlExperiment RemoveNode(string experiment, string nodeId, CancellationToken ct = default) =>
            Edit(experiment, (graph, _) =>
            {
                var node = FindNode(graph, experiment, nodeId);
                graph.Nodes.Remove(node);
                graph.Edges.RemoveAll(e => string.Equals(e.From.NodeId, node.Id, StringComparison.OrdinalIgnoreCase) ||
                                           string.Equals(e.To.NodeId, node.Id, StringComparison.OrdinalIgnoreCase));
            }, null, ct);

        /// <summary>
        /// Moves asset references to the latest version: all of them, or those of one asset
        /// (type and name). Naming an asset the experiment does not use is an error.
        /// </summary>
        public MlExperiment UpdateUserAssets(string experiment, AssetType? type, string? assetName, CancellationToken ct = default)
        {
            if (assetName != null) NameRules.Validate(assetName, "asset");
            return Edit(experiment, (graph, _) =>
            {
                int matched = UpgradeAssets(graph, a =>
                    (type == null || a.Type == type) &&
                    (assetName == null || string.Equals(a.Name, assetName, StringComparison.OrdinalIgnoreCase)), ct);
                if (matched == 0 && assetName != null)
                    throw MlAlmException.NotFound("AssetNotUsed", $"Experiment '{experiment}' does not use {(type == null ? "an asset" : "a " + AssetReference.TypeToken(type.Value))} named '{assetName}'.", assetName);
            }, null, ct);
        }

        /// <summary>
        /// Replaces every reference to one asset (any version, or the exact version given) with
        /// another asset version of the same type (the latest when no version is given).
        /// </summary>
        public MlExperiment ReplaceUserAsset(string experiment, AssetType? type, AssetSpec existing, AssetSpec replacement, CancellationToken ct = default)
        {
            return Edit(experiment, (graph, _) =>
            {
                var uses = graph.AssetReferences().Where(a =>
                    (type == null || a.Type == type) &&
                    string.Equals(a.Name, existing.Name, StringComparison.OrdinalIgnoreCase) &&
                    (existing.Version == null || a.Version == existing.Version)).ToList();
                if (uses.Count == 0)
                    throw MlAlmException.NotFound("AssetNotUsed", $"Experiment '{experiment}' does not use '{existing}'.", existing.ToString());
                var types = uses.Select(u => u.Type).Distinct().ToList();
                if (types.Count > 1)
                    throw MlAlmException.InvalidArgument("AmbiguousAsset", $"'{existing.Name}' names a {string.Join(" and a ", types.Select(AssetReference.TypeToken))} in experiment '{experiment}'; give -AssetType.", existing.ToString());
                var newReference = _assets.Resolve(types[0], replacement, ct);
                foreach (var node in graph.Nodes)
                    foreach (var key in node.Parameters.Keys.ToList())
                        if (node.Parameters[key] is AssetReference a && uses.Contains(a)) node.Parameters[key] = newReference;
            }, null, ct);
        }

        private int UpgradeAssets(ExperimentGraph graph, Func<AssetReference, bool> filter, CancellationToken ct)
        {
            int matched = 0;
            foreach (var node in graph.Nodes)
            {
                foreach (var key in node.Parameters.Keys.ToList())
                {
                    if (!(node.Parameters[key] is AssetReference asset) || !filter(asset)) continue;
                    matched++;
                    var latest = _assets.LatestVersion(asset.Type, asset.Name, ct);
                    if (latest.HasValue) node.Parameters[key] = asset.WithVersion(latest.Value);
                }
            }
            return matched;
        }

        /// <summary>Turns PowerShell-style values into graph values: asset names become exact references.</summary>
        private void ApplyParameters(GraphNode node, MlModuleInfo module, IDictionary? parameters, CancellationToken ct)
        {
            if (parameters == null) return;
            foreach (DictionaryEntry entry in parameters)
            {
                var name = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                var existingKey = node.Parameters.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                if (existingKey != null) node.Parameters.Remove(existingKey);
                if (entry.Value == null) continue; // null resets to the default
                var definition = module.FindParameter(name);
                node.Parameters[definition?.Name ?? name] = definition?.Kind == ParameterKind.Asset
                    ? ToAssetReference(definition, entry.Value, ct)
                    : entry.Value is object[] array ? array.ToList() : entry.Value;
            }
        }

        private object ToAssetReference(MlParameterInfo definition, object value, CancellationToken ct)
        {
            var type = definition.AssetType!.Value;
            switch (value)
            {
                case AssetReference reference:
                    return reference;
                case MlDataset dataset:
                    return dataset.ToReference();
                case string text:
                    return _assets.Resolve(type, AssetSpec.Parse(text, AssetReference.TypeToken(type)), ct);
                default:
                    return value; // the validator reports what is wrong with it
            }
        }

        private static void ApplyInputs(ExperimentGraph graph, GraphNode node, IDictionary? inputs)
        {
            if (inputs == null) return;
            foreach (DictionaryEntry entry in inputs)
            {
                var port = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                if (!NodeIds.IsValid(port))
                    throw MlAlmException.InvalidArgument("InvalidInput", $"'{port}' is not a port name.", port);
                graph.Edges.RemoveAll(e => e.To.Equals(new PortAddress(node.Id, port)));
                var source = entry.Value as string;
                if (string.IsNullOrEmpty(source)) continue; // null or empty disconnects
                if (!PortAddress.TryParse(source, out var from))
                    throw MlAlmException.InvalidArgument("InvalidInput", $"Input '{port}' of node '{node.Id}': '{source}' is not 'node.port'.", source);
                graph.Edges.Add(new GraphEdge(from, new PortAddress(node.Id, port)));
            }
        }

        private static GraphNode FindNode(ExperimentGraph graph, string experiment, string nodeId) =>
            graph.FindNode(nodeId) ?? throw MlAlmException.NotFound("NodeNotFound",
                $"Experiment '{experiment}' has no node '{nodeId}'; its nodes: {(graph.Nodes.Count == 0 ? "none" : string.Join(", ", graph.Nodes.Select(n => n.Id).OrderBy(s => s, StringComparer.Ordinal)))}.", nodeId);

        private static MlExperimentNode NodeOf(MlExperiment experiment, string nodeId) =>
            experiment.Nodes.First(n => string.Equals(n.NodeId, nodeId, StringComparison.OrdinalIgnoreCase));

        private MlExperiment CreateFrom(GraphDocument document, CancellationToken ct)
        {
            var now = DateTime.UtcNow;
            var key = KeyOf(document.Name!);
            try
            {
                _workspace.Store.CreateDocument(key, ExperimentDocument.Write(Guid.NewGuid(), now, now, document), ct);
            }
            catch (DocumentExistsException)
            {
                throw MlAlmException.AlreadyExists("ExperimentExists", $"An experiment named '{document.Name}' already exists in the workspace at '{_workspace.Location}'.", document.Name);
            }
            return Get(document.Name!, ct);
        }

        /// <summary>
        /// Read, change, check, replace-if-unchanged; retried when another writer replaced the
        /// document meanwhile. Only problems the change introduces refuse it, so an experiment
        /// whose dataset version was removed can still be repaired by editing.
        /// </summary>
        private MlExperiment Edit(string name, Action<ExperimentGraph, MlExperiment> change, string? newDescription, CancellationToken ct)
        {
            for (int attempt = 1; ; attempt++)
            {
                var current = Get(name, ct);
                var before = new HashSet<string>(GraphValidator.Validate(current.Graph.Clone(), _assets).Select(p => p.ToString()));
                var graph = current.Graph.Clone();
                change(graph, current);
                var introduced = GraphValidator.Validate(graph, _assets).Where(p => !before.Contains(p.ToString())).ToList();
                if (introduced.Count > 0) throw new GraphValidationException($"The change to experiment '{current.Name}'", introduced);
                var document = new GraphDocument(current.Name, newDescription ?? current.Description, graph);
                try
                {
                    _workspace.Store.ReplaceDocument(KeyOf(current.Name), ExperimentDocument.Write(current.Id, current.CreatedUtc, DateTime.UtcNow, document), current.ETag, ct);
                    return Get(current.Name, ct);
                }
                catch (DocumentChangedException) when (attempt < MaxEditAttempts)
                {
                    // Someone else changed it first: apply our change again on top of theirs.
                }
                catch (DocumentChangedException)
                {
                    throw new MlAlmException("ExperimentBusy", ErrorKind.Conflict, $"Experiment '{name}' kept changing under this edit ({MaxEditAttempts} attempts); try again.", name);
                }
            }
        }

        private MlExperiment ToExperiment(StoredDocument stored)
        {
            var (id, created, modified, graph) = ExperimentDocument.Read(stored.Content, stored.Key);
            return new MlExperiment(_workspace, id, graph.Name ?? stored.Key, graph.Description, created, modified, graph.Graph, stored.ETag);
        }

        private MlAlmException NotFound(string name) =>
            MlAlmException.NotFound("ExperimentNotFound", $"There is no experiment named '{name}' in the workspace at '{_workspace.Location}'.", name);
    }
}
