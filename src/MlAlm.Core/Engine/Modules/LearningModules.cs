using System.Linq;
using MlAlm.Learning.Evaluation;
using MlAlm.Learning.Models;

namespace MlAlm.Core.Engine.Modules
{
    internal sealed class TrainModelRunner : IModuleRunner
    {
        public string Module => "TrainModel";

        public void Run(NodeExecution node)
        {
            var parameters = node.Parameters.ToDictionary(p => p.Key, p => (object?)p.Value);
            var model = Trainer.Train(node.Table("data"), TrainingSpec.FromParameters(parameters), node.CancellationToken);
            if (model.Training != null) node.Log.AddRange(model.Training.Log);
            node.Output("model", model);
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
