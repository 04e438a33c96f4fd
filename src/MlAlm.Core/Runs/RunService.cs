using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Core.Engine;
using MlAlm.Core.Errors;
using MlAlm.Core.Experiments;
using MlAlm.Core.Graphs;
using MlAlm.Core.Json;
using MlAlm.Core.Storage;
using MlAlm.Learning.Data;

namespace MlAlm.Core.Runs
{
    /// <summary>The run history: list (newest first), read, compare, and save node outputs.</summary>
    public sealed class RunService
    {
        private readonly MlWorkspace _workspace;

        public RunService(MlWorkspace workspace) => _workspace = workspace;

        /// <summary>Runs of an experiment, newest first; at most <paramref name="first"/> when given.</summary>
        public IReadOnlyList<MlExperimentRun> List(string experiment, int? first = null, CancellationToken ct = default)
        {
            var name = new ExperimentService(_workspace).Get(experiment, ct).Name;
            var records = new RunRecords(_workspace.Store, name);
            var ids = records.ListIds(ct).Reverse();
            if (first.HasValue) ids = ids.Take(first.Value);
            return ids.Select(id => records.Get(id, ct)).Where(r => r != null).Select(r => ToRun(r!.Value.Document)).ToList();
        }

        public MlExperimentRun Get(string experiment, int runId, CancellationToken ct = default)
        {
            var name = new ExperimentService(_workspace).Get(experiment, ct).Name;
            var record = new RunRecords(_workspace.Store, name).Get(runId, ct)
                ?? throw MlAlmException.NotFound("RunNotFound", $"Experiment '{name}' has no run {runId}.", experiment + "#" + runId);
            return ToRun(record.Document);
        }

        public IReadOnlyList<MlRunDifference> Compare(MlExperimentRun reference, MlExperimentRun difference) =>
            RunComparer.Compare(reference, difference).ToList();

        /// <summary>A run's frozen graph in the graph file format.</summary>
        public string ExportGraph(MlExperimentRun run) =>
            GraphJson.Write(new GraphDocument(run.Experiment, null, run.Graph));

        /// <summary>
        /// Writes one node output to a file: tables as CSV, models and transforms as their package
        /// files, metrics as JSON. The port may be omitted when the node has one output.
        /// </summary>
        public FileInfo SaveNodeOutput(MlExperimentRun run, string nodeId, string? port, string path, bool overwrite, CancellationToken ct = default)
        {
            var output = FindOutput(run, nodeId, port);
            var target = Path.GetFullPath(path);
            if (Directory.Exists(target)) target = Path.Combine(target, $"{run.Experiment}-{run.RunId}-{nodeId}-{output.Port}{Extension(output.Type)}");
            if (File.Exists(target) && !overwrite)
                throw MlAlmException.AlreadyExists("OutputFileExists", $"The file '{target}' already exists; use -Force to replace it.", target);
            var temp = target + ".~" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                var hash = ContentHash.Parse(output.ContentHash);
                using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    if (output.Type == PortType.DataTable)
                        DataTableWriter.Write(VerifiedContent.Read(_workspace.Store, hash, TableFile.Read, ct), file);
                    else
                        using (var content = _workspace.Store.OpenContent(hash, ct)) content.CopyTo(file);
                    file.Flush(true);
                }
                if (File.Exists(target)) File.Delete(target);
                File.Move(temp, target);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            return new FileInfo(target);
        }

        internal static string Extension(PortType type) => type switch
        {
            PortType.DataTable => ".csv",
            PortType.TrainedModel => ".mlmodel",
            PortType.Transform => ".mltransform",
            _ => ".json",
        };

        internal MlRunOutput FindOutput(MlExperimentRun run, string nodeId, string? port)
        {
            var node = run.Nodes.FirstOrDefault(n => string.Equals(n.NodeId, nodeId, StringComparison.OrdinalIgnoreCase))
                ?? throw MlAlmException.NotFound("NodeNotFound", $"Run {run.RunId} of '{run.Experiment}' has no node '{nodeId}'; its nodes: {string.Join(", ", run.Nodes.Select(n => n.NodeId))}.", nodeId);
            if (node.Outputs.Count == 0)
                throw MlAlmException.NotFound("NodeOutputNotFound", $"Node '{node.NodeId}' has no stored outputs: its status in run {run.RunId} is {node.Status}.", nodeId);
            if (port == null)
            {
                if (node.Outputs.Count == 1) return node.Outputs[0];
                throw MlAlmException.InvalidArgument("PortRequired", $"Node '{node.NodeId}' has several outputs ({string.Join(", ", node.Outputs.Select(o => o.Port))}); give -Port.", nodeId);
            }
            return node.Outputs.FirstOrDefault(o => string.Equals(o.Port, port, StringComparison.OrdinalIgnoreCase))
                ?? throw MlAlmException.NotFound("NodeOutputNotFound", $"Node '{node.NodeId}' has no output '{port}'; its outputs: {string.Join(", ", node.Outputs.Select(o => o.Port))}.", port);
        }

        private MlExperimentRun ToRun(RunDocument d)
        {
            var problems = new List<GraphProblem>();
            var graph = GraphJson.Read(d.Graph.ToString(Newtonsoft.Json.Formatting.None), problems).Graph;
            GraphValidator.Validate(graph, null);
            var nodes = d.Nodes.Select(n => new MlRunNode(d.Experiment, d.RunId, n.Id, n.Module, n.Status, n.StartedUtc,
                n.DurationSeconds.HasValue ? TimeSpan.FromSeconds(n.DurationSeconds.Value) : (TimeSpan?)null,
                n.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => new MlRunOutput(o.Key, o.Value.Type, o.Value.Sha256, o.Value.Length, o.Value.Rows, o.Value.Columns)).ToList(),
                Ordered(n.Metrics), n.Log, n.Error)).ToList();
            return new MlExperimentRun(_workspace, d.Experiment, d.ExperimentId, d.RunId, d.Status, d.SubmittedUtc, d.EndedUtc, d.SubmittedBy, d.NoCache, d.Error,
                d.Assets.Select(a => new AssetReference(a.Type, a.Name, a.Version)).ToList(), nodes, graph);
        }

        private static OrderedDictionary Ordered(Dictionary<string, double> metrics)
        {
            var result = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var m in metrics) result[m.Key] = m.Value;
            return result;
        }
    }
}
