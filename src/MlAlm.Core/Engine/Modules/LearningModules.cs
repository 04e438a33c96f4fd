using MlAlm.Learning.Evaluation;
using MlAlm.Learning.Models;

namespace MlAlm.Core.Engine.Modules
{
    internal sealed class TrainModelRunner : IModuleRunner
    {
        public string Module => "TrainModel";

        public void Run(NodeExecution node)
        {
            var spec = new TrainingSpec
            {
                Learner = node.Text("learner")!,
                Task = node.Text("task")!,
                LabelColumn = node.Text("labelColumn")!,
                FeatureColumns = node.Columns("featureColumns"),
                L2Regularization = node.Number("l2Regularization"),
                MaxIterations = checked((int)node.Integer("maxIterations")),
                Tolerance = node.Number("tolerance"),
                NumberOfTrees = checked((int)node.Integer("numberOfTrees")),
                NumberOfLeaves = checked((int)node.Integer("numberOfLeaves")),
                LearningRate = node.Number("learningRate"),
                MinimumSamplesPerLeaf = checked((int)node.Integer("minimumSamplesPerLeaf")),
                NumberOfBins = checked((int)node.Integer("numberOfBins")),
                Seed = checked((int)node.Integer("seed")),
            };
            var result = Trainer.Train(node.Table("data"), spec, node.CancellationToken);
            node.Log.AddRange(result.Log);
            node.Output("model", result.Model);
        }
    }

    internal sealed class ScoreModelRunner : IModuleRunner
    {
        public string Module => "ScoreModel";

        public void Run(NodeExecution node) =>
            node.Output("output", node.Model("model").Score(node.Table("data"), node.Flag("appendColumns")));
    }

    internal sealed class EvaluateModelRunner : IModuleRunner
    {
        public string Module => "EvaluateModel";

        public void Run(NodeExecution node)
        {
            var scored = node.Table("scored");
            var label = node.Text("labelColumn") ?? node.UpstreamModel("scored")?.LabelColumn
                ?? throw new System.ArgumentException("Give 'labelColumn': no trained model feeds the scored rows, so the label column is unknown.");
            node.Output("metrics", Evaluator.Evaluate(scored, label));
        }
    }
}
