using System;
using MlAlm.Learning.Transforms;

namespace MlAlm.Core.Engine.Modules
{
    internal sealed class SelectColumnsRunner : IModuleRunner
    {
        public string Module => "SelectColumns";

        public void Run(NodeExecution node) =>
            node.Output("output", ColumnSelection.Select(node.Table("input"), node.Columns("columns")!, node.Text("mode") == "Include"));
    }

    internal sealed class CleanMissingDataRunner : IModuleRunner
    {
        public string Module => "CleanMissingData";

        public void Run(NodeExecution node)
        {
            var input = node.Table("input");
            var method = (CleanMethod)Enum.Parse(typeof(CleanMethod), node.Text("method")!);
            var transform = MissingValueCleaner.Fit(input, node.Columns("columns"), method, node.Text("constant"));
            var output = transform.Apply(input);
            node.Log.Add($"{method}: {input.RowCount} rows in, {output.RowCount} rows out.");
            node.Output("output", output);
            node.Output("transform", transform);
        }
    }

    internal sealed class NormalizeDataRunner : IModuleRunner
    {
        public string Module => "NormalizeData";

        public void Run(NodeExecution node)
        {
            var input = node.Table("input");
            var method = (NormalizeMethod)Enum.Parse(typeof(NormalizeMethod), node.Text("method")!);
            var transform = Normalizer.Fit(input, node.Columns("columns"), method);
            node.Output("output", transform.Apply(input));
            node.Output("transform", transform);
        }
    }

    internal sealed class SplitDataRunner : IModuleRunner
    {
        public string Module => "SplitData";

        public void Run(NodeExecution node)
        {
            var input = node.Table("input");
            var (first, second) = DataSplitter.Split(input, node.Number("fraction"), checked((int)node.Integer("seed")), node.Text("stratifyColumn"));
            node.Log.Add($"Split {input.RowCount} rows into {first.RowCount} and {second.RowCount}.");
            node.Output("output1", first);
            node.Output("output2", second);
        }
    }

    internal sealed class ApplyTransformationRunner : IModuleRunner
    {
        public string Module => "ApplyTransformation";

        public void Run(NodeExecution node) => node.Output("output", node.Transform("transform").Apply(node.Table("data")));
    }

    /// <summary>WebServiceInput and WebServiceOutput pass their input through in a training run.</summary>
    internal sealed class PassThroughRunner : IModuleRunner
    {
        public PassThroughRunner(string module) => Module = module;

        public string Module { get; }

        public void Run(NodeExecution node)
        {
            if (node.HasInput("input")) node.Output("output", node.Table("input"));
            else node.Output("output", new MlAlm.Learning.Data.DataTable());
        }
    }
}
