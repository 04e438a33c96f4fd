using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Core.Assets;
using MlAlm.Core.Errors;
using MlAlm.Core.Experiments;
using MlAlm.Core.Graphs;
using MlAlm.Core.Modules;
using MlAlm.Core.Runs;
using MlAlm.Core.Storage;
using MlAlm.Learning.Models;
using Newtonsoft.Json.Linq;

namespace MlAlm.Core.Engine
{
    /// <summary>Reported as a run moves from node to node.</summary>
    public sealed class RunProgress
    {
        internal RunProgress(int runId, string nodeId, string module, int index, int count, NodeStatus status)
        {
            RunId = runId;
            NodeId = nodeId;
            Module = module;
            Index = index;
            Count = count;
            Status = status;
        }

        public int RunId { get; }
        public string NodeId { get; }
        public string Module { get; }

        /// <summary>0-based position of the node in execution order.</summary>
        public int Index { get; }

        public int Count { get; }
        public NodeStatus Status { get; }
    }

    /// <summary>
    /// Runs an experiment: freezes its graph and asset versions in a new run record, executes the
    /// nodes in dependency order, stores every output as content, reuses the outputs of a node
    /// whose module, parameters and inputs match an earlier run, and seals the run Finished,
    /// Failed (naming the node and the reason; what finished is kept) or Canceled.
    /// </summary>
    public sealed class ExperimentEngine
    {
        private readonly MlWorkspace _workspace;

        public ExperimentEngine(MlWorkspace workspace) => _workspace = workspace;

        public MlExperimentRun Start(string experimentName, bool noCache, IProgress<RunProgress>? progress = null, CancellationToken ct = default)
        {
            var experiment = new ExperimentService(_workspace).Get(experimentName, ct);
            var graph = experiment.Graph.Clone();
            var assets = new WorkspaceAssets(_workspace);
            var problems = GraphValidator.Validate(graph, assets).Concat(GraphValidator.FindUnconnectedInputs(graph)).ToList();
            if (graph.Nodes.Count == 0) problems.Add(new GraphProblem("EmptyGraph", "nodes", "the experiment has no nodes; add some with Add-MlExperimentNode"));
            if (problems.Count > 0) throw new GraphValidationException($"Experiment '{experiment.Name}' cannot run: it", problems);

            var order = GraphValidator.TopologicalOrder(graph);
            var frozenAssets = graph.AssetReferences()
                .Select(a => new RunAssetDocument { Type = a.Type, Name = a.Name, Version = a.Version, ContentSha256 = AssetContent.HashOf(_workspace, a, ct).Hex })
                .ToList();
            var records = new RunRecords(_workspace.Store, experiment.Name);
            var now = DateTime.UtcNow;
            RunDocument? created = null;
            int runId = records.Create(id => created = new RunDocument
            {
                RunId = id,
                Experiment = experiment.Name,
                ExperimentId = experiment.Id,
                Status = RunStatus.Running,
                SubmittedUtc = now,
                SubmittedBy = Environment.UserName,
                NoCache = noCache,
                Host = Environment.MachineName,
                ProcessId = Process.GetCurrentProcess().Id,
                HeartbeatUtc = now,
                Graph = JObject.Parse(GraphJson.Write(new GraphDocument(experiment.Name, experiment.Description, graph))),
                Assets = frozenAssets,
                Nodes = order.Select(id => graph.FindNode(id)!).Select(n => new RunNodeDocument { Id = n.Id, Module = n.Module, Status = NodeStatus.NotRun }).ToList(),
            }, ct);
            var eTag = records.Get(runId, ct)!.Value.ETag;

            using (var run = new RunInProgress(records, created!, eTag))
            {
                new NodeLoop(_workspace, graph, run, frozenAssets, noCache, progress).Execute(ct);
            }
            return new RunService(_workspace).Get(experiment.Name, runId, ct);
        }

        /// <summary>The run record this process owns while it runs: saved under a lock, heartbeat on a timer.</summary>
        internal sealed class RunInProgress : IDisposable
        {
            private readonly RunRecords _records;
            private readonly object _sync = new object();
            private readonly Timer _heartbeat;
            private ETag _eTag;

            public RunInProgress(RunRecords records, RunDocument document, ETag eTag)
            {
                _records = records;
                Document = document;
                _eTag = eTag;
                _heartbeat = new Timer(_ => Update(_ => { }), null, RunRecords.HeartbeatInterval, RunRecords.HeartbeatInterval);
            }

            public RunDocument Document { get; }

            /// <summary>Set when another process sealed this run as abandoned (we missed too many heartbeats).</summary>
            public bool LostOwnership { get; private set; }

            public void Update(Action<RunDocument> change)
            {
                lock (_sync)
                {
                    if (LostOwnership) return;
                    change(Document);
                    Document.HeartbeatUtc = DateTime.UtcNow;
                    try
                    {
                        _eTag = _records.Save(Document, _eTag, CancellationToken.None);
                    }
                    catch (DocumentChangedException)
                    {
                        LostOwnership = true;
                    }
                }
            }

            public void Dispose() => _heartbeat.Dispose();
        }

        /// <summary>The node-by-node execution of one run.</summary>
        private sealed class NodeLoop
        {
            private readonly MlWorkspace _workspace;
            private readonly ExperimentGraph _graph;
            private readonly RunInProgress _run;
            private readonly IReadOnlyList<RunAssetDocument> _assets;
            private readonly bool _noCache;
            private readonly IProgress<RunProgress>? _progress;
            private readonly OutputCache _cache;
            private readonly Dictionary<PortAddress, PortValue> _values = new Dictionary<PortAddress, PortValue>();
            private readonly Dictionary<PortAddress, string> _hashes = new Dictionary<PortAddress, string>();

            public NodeLoop(MlWorkspace workspace, ExperimentGraph graph, RunInProgress run, IReadOnlyList<RunAssetDocument> assets, bool noCache, IProgress<RunProgress>? progress)
            {
                _workspace = workspace;
                _graph = graph;
                _run = run;
                _assets = assets;
                _noCache = noCache;
                _progress = progress;
                _cache = new OutputCache(workspace.Store);
            }

            public void Execute(CancellationToken ct)
            {
                var nodes = _run.Document.Nodes;
                for (int i = 0; i < nodes.Count; i++)
                {
                    var record = nodes[i];
                    var node = _graph.FindNode(record.Id)!;
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        ct.ThrowIfCancellationRequested();
                        if (_run.LostOwnership) throw new MlAlmException("RunAbandoned", ErrorKind.Conflict, "Another process marked this run as abandoned because it stopped reporting progress.");
                        _run.Update(r => { record.Status = NodeStatus.Running; record.StartedUtc = DateTime.UtcNow; });
                        _progress?.Report(new RunProgress(_run.Document.RunId, node.Id, node.Module, i, nodes.Count, NodeStatus.Running));
                        var status = RunNode(node, record, ct);
                        _run.Update(r => { record.Status = status; record.DurationSeconds = clock.Elapsed.TotalSeconds; });
                        _progress?.Report(new RunProgress(_run.Document.RunId, node.Id, node.Module, i, nodes.Count, status));
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        Seal(record, NodeStatus.Canceled, clock, RunStatus.Canceled, $"Canceled during node '{node.Id}' ({node.Module}).", null);
                        throw;
                    }
                    catch (Exception e)
                    {
                        var reason = e is MlAlmException || e is ArgumentException || e is InvalidDataException || e is IOException || e is StoreException || e is NotSupportedException || e is Learning.Packages.PackageFormatException
                            ? e.Message
                            : $"{e.GetType().Name}: {e.Message}";
                        Seal(record, NodeStatus.Failed, clock, RunStatus.Failed, $"Node '{node.Id}' ({node.Module}) failed: {reason}", reason);
                        return;
                    }
                }
                _run.Update(r => { r.Status = RunStatus.Finished; r.EndedUtc = DateTime.UtcNow; });
            }

            private void Seal(RunNodeDocument record, NodeStatus nodeStatus, Stopwatch clock, RunStatus runStatus, string runError, string? nodeError)
            {
                _run.Update(r =>
                {
                    record.Status = nodeStatus;
                    record.Error = nodeError ?? (nodeStatus == NodeStatus.Canceled ? "canceled" : null);
                    record.DurationSeconds = clock.Elapsed.TotalSeconds;
                    r.Status = runStatus;
                    r.Error = runError;
                    r.EndedUtc = DateTime.UtcNow;
                });
            }

            private NodeStatus RunNode(GraphNode node, RunNodeDocument record, CancellationToken ct)
            {
                var module = ModuleCatalog.Find(node.Module)!;
                var inputs = new Dictionary<string, PortValue>(StringComparer.OrdinalIgnoreCase);
                var inputHashes = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var port in module.Inputs)
                {
                    var edge = _graph.EdgeInto(node.Id, port.Name);
                    if (edge == null) continue;
                    // PortAddress compares case-insensitively, as node ids and ports do.
                    inputs[port.Name] = _values[edge.From];
                    inputHashes[port.Name] = _hashes[edge.From];
                }
                foreach (var asset in node.Parameters.Values.OfType<AssetReference>())
                    inputHashes["asset:" + AssetReference.TypeToken(asset.Type) + ":" + asset] = _assets.First(a => a.Type == asset.Type && string.Equals(a.Name, asset.Name, StringComparison.OrdinalIgnoreCase) && a.Version == asset.Version).ContentSha256;

                var execution = new NodeExecution(_workspace, node, module, inputs, port => UpstreamModel(node.Id, port), ct);
                var key = OutputCache.KeyOf(module.Name, execution.Parameters, inputHashes);
                var cached = _noCache ? null : _cache.TryGet(key, ct);
                if (cached != null)
                {
                    foreach (var output in cached.Outputs)
                    {
                        var hash = ContentHash.Parse(output.Value.Sha256);
                        Remember(node.Id, output.Key, VerifiedContent.Read(_workspace.Store, hash, s => PortValue.Read(output.Value.Type, s), ct), output.Value.Sha256);
                    }
                    _run.Update(r =>
                    {
                        record.Outputs = cached.Outputs;
                        record.Metrics = cached.Metrics;
                        record.Log = new List<string>(cached.Log) { "Reused the outputs of " + (cached.FirstRun ?? "an earlier run") + "." };
                    });
                    return NodeStatus.Cached;
                }

                ModuleRunners.For(module.Name).Run(execution);
                var outputs = new Dictionary<string, RunOutputDocument>(StringComparer.Ordinal);
                var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var port in module.Outputs)
                {
                    if (!execution.Outputs.TryGetValue(port.Name, out var value))
                        throw new InvalidOperationException($"module {module.Name} produced no '{port.Name}' output");
                    var stored = Store(value, ct);
                    outputs[port.Name] = new RunOutputDocument { Type = value.Type, Sha256 = stored.Hash.Hex, Length = stored.Length, Rows = value.Rows, Columns = value.Columns };
                    Remember(node.Id, port.Name, value, stored.Hash.Hex);
                    if (value is MetricsValue m) foreach (var metric in m.Metrics) metrics[metric.Key] = metric.Value;
                }
                _run.Update(r => { record.Outputs = outputs; record.Metrics = metrics; record.Log = execution.Log; });
                _cache.Put(key, new CachedNode { Module = module.Name, Outputs = outputs, Metrics = metrics, Log = execution.Log, FirstRun = $"run {_run.Document.RunId} of experiment '{_run.Document.Experiment}'" }, ct);
                return NodeStatus.Finished;
            }

            private void Remember(string nodeId, string port, PortValue value, string hash)
            {
                var address = new PortAddress(nodeId, port);
                _values[address] = value;
                _hashes[address] = hash;
            }

            /// <summary>Stores a value as content via a temporary file, so memory does not double for large tables.</summary>
            private ContentInfo Store(PortValue value, CancellationToken ct)
            {
                var path = Path.Combine(Path.GetTempPath(), "mlalm-" + Guid.NewGuid().ToString("N") + ".tmp");
                try
                {
                    using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                        value.Write(file);
                    using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
                        return _workspace.Store.PutContent(file, ct);
                }
                finally
                {
                    try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                }
            }

            /// <summary>The nearest trained model upstream of a node's input, walking edges backwards.</summary>
            private TrainedModel? UpstreamModel(string nodeId, string port)
            {
                var queue = new Queue<GraphEdge>(_graph.Edges.Where(e => e.To.Equals(new PortAddress(nodeId, port))));
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                while (queue.Count > 0)
                {
                    var edge = queue.Dequeue();
                    if (!seen.Add(edge.From.NodeId)) continue;
                    var upstream = _values.Where(v => string.Equals(v.Key.NodeId, edge.From.NodeId, StringComparison.OrdinalIgnoreCase)).Select(v => v.Value).OfType<ModelValue>().FirstOrDefault();
                    if (upstream != null) return upstream.Model;
                    foreach (var next in _graph.Edges.Where(e => string.Equals(e.To.NodeId, edge.From.NodeId, StringComparison.OrdinalIgnoreCase))) queue.Enqueue(next);
                }
                return null;
            }
        }
    }
}
