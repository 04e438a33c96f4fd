using System;
using System.Linq;
using MlAlm.Core.Assets;
using MlAlm.Core.Datasets;
using MlAlm.Core.Storage;
using MlAlm.Learning.Data;
using MlAlm.Learning.Models;
using MlAlm.Learning.Packages;
using MlAlm.Learning.Transforms;

namespace MlAlm.Core.Engine.Modules
{
    /// <summary>Dataset: reads a dataset version, with the column types inferred when it was imported.</summary>
    internal sealed class DatasetRunner : IModuleRunner
    {
        public string Module => "Dataset";

        public void Run(NodeExecution node)
        {
            var reference = node.Asset("dataset");
            var dataset = new DatasetService(node.Workspace).Get(reference.Name, reference.Version, node.CancellationToken);
            var schema = new TableSchema(dataset.RowCount, dataset.Columns.Select(c => new ColumnSchema(c.Name, (ColumnType)Enum.Parse(typeof(ColumnType), c.Type), c.MissingCount)));
            using var content = node.Workspace.Store.OpenContent(ContentHash.Parse(dataset.ContentHash), node.CancellationToken);
            var table = DataTableReader.Read(content, dataset.Format == "tsv" ? '\t' : ',', schema, dataset.SourceFileName, node.CancellationToken);
            node.Log.Add($"Read dataset {reference}: {table.RowCount} rows, {table.ColumnCount} columns.");
            node.Output("output", table);
        }
    }

    /// <summary>TrainedModel: reads a registered model version's package.</summary>
    internal sealed class TrainedModelRunner : IModuleRunner
    {
        public string Module => "TrainedModel";

        public void Run(NodeExecution node)
        {
            var reference = node.Asset("model");
            using var content = AssetContent.Open(node.Workspace, reference, node.CancellationToken);
            var model = ModelPackage.Read(content);
            node.Log.Add($"Read trained model {reference}: {model.Learner} ({model.Task}).");
            node.Output("model", model);
        }
    }

    /// <summary>Transform: reads a registered transform version's package.</summary>
    internal sealed class TransformRunner : IModuleRunner
    {
        public string Module => "Transform";

        public void Run(NodeExecution node)
        {
            var reference = node.Asset("transform");
            using var content = AssetContent.Open(node.Workspace, reference, node.CancellationToken);
            var transform = TransformPackage.Read(content);
            node.Log.Add($"Read transform {reference}: {transform.Kind}.");
            node.Output("transform", transform);
        }
    }
}
