using System;
using System.Collections.Generic;
using System.Threading;
using MlAlm.Core.Errors;
using MlAlm.Core.Graphs;
using MlAlm.Learning.Data;
using MlAlm.Learning.Evaluation;
using MlAlm.Learning.Models;
using MlAlm.Learning.Transforms;

namespace MlAlm.Core.Engine
{
    /// <summary>Everything a module runner sees of one node: its parameters, its inputs, and where its outputs go.</summary>
    internal sealed class NodeExecution
    {
        private readonly IReadOnlyDictionary<string, PortValue> _inputs;

        private readonly Func<string, TrainedModel?> _upstreamModel;

        public NodeExecution(MlWorkspace workspace, GraphNode node, MlModuleInfo module, IReadOnlyDictionary<string, PortValue> inputs,
            Func<string, TrainedModel?> upstreamModel, CancellationToken cancellationToken)
        {
            _upstreamModel = upstreamModel;
            Workspace = workspace;
            Node = node;
            Module = module;
            Parameters = module.EffectiveParameters(node.Parameters);
            _inputs = inputs;
            CancellationToken = cancellationToken;
        }

        public MlWorkspace Workspace { get; }
        public GraphNode Node { get; }
        public MlModuleInfo Module { get; }
        public IReadOnlyDictionary<string, object> Parameters { get; }
        public CancellationToken CancellationToken { get; }

        public Dictionary<string, PortValue> Outputs { get; } = new Dictionary<string, PortValue>(StringComparer.OrdinalIgnoreCase);
        public List<string> Log { get; } = new List<string>();

        /// <summary>The nearest trained model upstream of an input (e.g. the model that scored a table), if any.</summary>
        public TrainedModel? UpstreamModel(string port) => _upstreamModel(port);

        public bool HasInput(string port) => _inputs.ContainsKey(port);

        public DataTable Table(string port) => Input<TableValue>(port).Table;
        public TrainedModel Model(string port) => Input<ModelValue>(port).Model;
        public TableTransform Transform(string port) => Input<TransformValue>(port).Transform;

        public string? Text(string name) => Parameters.TryGetValue(name, out var v) ? (string)v : null;
        public double Number(string name) => (double)Parameters[name];
        public long Integer(string name) => (long)Parameters[name];
        public bool Flag(string name) => (bool)Parameters[name];
        public IReadOnlyList<string>? Columns(string name) => Parameters.TryGetValue(name, out var v) ? (string[])v : null;
        public AssetReference Asset(string name) => (AssetReference)Parameters[name];

        public void Output(string port, DataTable table) => Outputs[port] = new TableValue(table);
        public void Output(string port, TrainedModel model) => Outputs[port] = new ModelValue(model);
        public void Output(string port, TableTransform transform) => Outputs[port] = new TransformValue(transform);
        public void Output(string port, MetricSet metrics) => Outputs[port] = new MetricsValue(metrics);

        private T Input<T>(string port) where T : PortValue =>
            _inputs.TryGetValue(port, out var value) && value is T typed
                ? typed
                : throw new MlAlmException("InputMissing", ErrorKind.InvalidData, $"Input '{port}' of node '{Node.Id}' has no value.", Node.Id);
    }

    /// <summary>Runs one module. Implementations map parameters to a Learning call and nothing else.</summary>
    internal interface IModuleRunner
    {
        string Module { get; }

        void Run(NodeExecution node);
    }
}
