using System;
using System.Collections.Generic;
using System.Linq;
using MlAlm.Core.Errors;
using MlAlm.Core.Graphs;

namespace MlAlm.Core.WebServices
{
    /// <summary>
    /// Finds, in a finished run, the trained model to serve and the transforms learned on the way
    /// to it: every CleanMissingData and NormalizeData node between a Dataset and the TrainModel
    /// node's data input, in the order they ran.
    /// </summary>
    internal static class RunPipeline
    {
        public sealed class Result
        {
            public Result(string modelNode, IReadOnlyList<string> transformNodes)
            {
                ModelNode = modelNode;
                TransformNodes = transformNodes;
            }

            public string ModelNode { get; }
            public IReadOnlyList<string> TransformNodes { get; }
        }

        private static readonly string[] TransformModules = { "CleanMissingData", "NormalizeData" };

        public static Result Plan(MlExperimentRun run, string? nodeId)
        {
            if (run.Status != RunStatus.Finished)
                throw MlAlmException.InvalidArgument("RunNotFinished", $"Run {run.RunId} of '{run.Experiment}' is {run.Status}; a web service is made from a finished run.", run.ToString());
            var trainers = run.Graph.Nodes.Where(n => n.Module == "TrainModel").ToList();
            GraphNode trainer;
            if (nodeId != null)
                trainer = trainers.FirstOrDefault(n => string.Equals(n.Id, nodeId, StringComparison.OrdinalIgnoreCase))
                    ?? throw MlAlmException.NotFound("NodeNotFound", $"Run {run.RunId} of '{run.Experiment}' has no TrainModel node '{nodeId}'; its TrainModel nodes: {string.Join(", ", trainers.Select(t => t.Id))}.", nodeId);
            else if (trainers.Count == 1)
                trainer = trainers[0];
            else
                throw MlAlmException.InvalidArgument("NodeRequired", $"Run {run.RunId} of '{run.Experiment}' has {trainers.Count} TrainModel nodes; give -NodeId.", run.ToString());

            var path = new List<string>();
            var edge = run.Graph.EdgeInto(trainer.Id, "data");
            while (edge != null)
            {
                var node = run.Graph.FindNode(edge.From.NodeId)!;
                if (TransformModules.Contains(node.Module)) path.Insert(0, node.Id);
                edge = run.Graph.EdgeInto(node.Id, node.Module == "ApplyTransformation" ? "data" : "input");
            }
            return new Result(trainer.Id, path);
        }
    }
}
