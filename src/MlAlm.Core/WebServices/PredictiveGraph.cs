using System;
using System.Collections.Generic;
using System.Linq;
using MlAlm.Core.Errors;
using MlAlm.Core.Graphs;

namespace MlAlm.Core.WebServices
{
    /// <summary>
    /// Reads a predictive experiment as a pipeline: from WebServiceOutput back to WebServiceInput
    /// through SelectColumns (the output columns), ScoreModel (fed by a TrainedModel node) and
    /// ApplyTransformation steps (each fed by a Transform node). Anything else on that path is
    /// reported, naming the node.
    /// </summary>
    internal static class PredictiveGraph
    {
        public static (IReadOnlyList<AssetReference> Transforms, AssetReference Model, IReadOnlyList<string>? OutputColumns) Compile(string experiment, ExperimentGraph graph)
        {
            GraphNode Single(string module) =>
                graph.Nodes.Where(n => n.Module == module).ToList() is var found && found.Count == 1
                    ? found[0]
                    : throw Invalid(experiment, $"a predictive experiment needs exactly one {module} node; it has {graph.Nodes.Count(n => n.Module == module)}");

            var input = Single("WebServiceInput");
            var output = Single("WebServiceOutput");
            IReadOnlyList<string>? outputColumns = null;
            AssetReference? model = null;
            var transforms = new List<AssetReference>();

            var current = Feeder(graph, output, "input", experiment);
            while (!string.Equals(current.Id, input.Id, StringComparison.OrdinalIgnoreCase))
            {
                switch (current.Module)
                {
                    case "SelectColumns" when model != null || outputColumns != null:
                        throw Invalid(experiment, $"node '{current.Id}': SelectColumns may only choose the output columns, after ScoreModel");
                    case "SelectColumns":
                        if (current.Parameters.TryGetValue("mode", out var mode) && (string)mode == "Exclude")
                            throw Invalid(experiment, $"node '{current.Id}': name the output columns with mode Include");
                        outputColumns = (string[])current.Parameters["columns"];
                        current = Feeder(graph, current, "input", experiment);
                        break;
                    case "ScoreModel" when model == null:
                        var modelNode = Feeder(graph, current, "model", experiment);
                        if (modelNode.Module != "TrainedModel")
                            throw Invalid(experiment, $"node '{current.Id}' scores with node '{modelNode.Id}' ({modelNode.Module}); a predictive experiment scores with a registered model: use a TrainedModel node");
                        model = (AssetReference)modelNode.Parameters["model"];
                        current = Feeder(graph, current, "data", experiment);
                        break;
                    case "ApplyTransformation" when model != null:
                        var transformNode = Feeder(graph, current, "transform", experiment);
                        if (transformNode.Module != "Transform")
                            throw Invalid(experiment, $"node '{current.Id}' applies node '{transformNode.Id}' ({transformNode.Module}); use a registered transform in a Transform node");
                        transforms.Insert(0, (AssetReference)transformNode.Parameters["transform"]);
                        current = Feeder(graph, current, "data", experiment);
                        break;
                    default:
                        throw Invalid(experiment, $"node '{current.Id}' ({current.Module}) cannot be part of a web service's path; between WebServiceInput and WebServiceOutput only ApplyTransformation, ScoreModel and SelectColumns may stand");
                }
            }
            if (model == null) throw Invalid(experiment, "no ScoreModel node lies between WebServiceInput and WebServiceOutput");
            return (transforms, model, outputColumns);
        }

        private static GraphNode Feeder(ExperimentGraph graph, GraphNode node, string port, string experiment)
        {
            var edge = graph.EdgeInto(node.Id, port)
                ?? throw Invalid(experiment, $"input '{port}' of node '{node.Id}' is not connected");
            return graph.FindNode(edge.From.NodeId)!;
        }

        private static MlAlmException Invalid(string experiment, string problem) =>
            MlAlmException.InvalidData("NotAPredictiveExperiment", $"Experiment '{experiment}' is not a predictive experiment: {problem}.", experiment);
    }
}
