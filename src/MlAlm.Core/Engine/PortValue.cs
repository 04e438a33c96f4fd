using System;
using System.IO;
using MlAlm.Learning.Data;
using MlAlm.Learning.Evaluation;
using MlAlm.Learning.Models;
using MlAlm.Learning.Packages;
using MlAlm.Learning.Transforms;

namespace MlAlm.Core.Engine
{
    /// <summary>
    /// A value flowing along an edge, with the one file format it is stored in: tables as table
    /// files, models and transforms as packages, metrics as JSON. The engine keeps values in
    /// memory for downstream nodes and stores each as content.
    /// </summary>
    internal abstract class PortValue
    {
        public abstract PortType Type { get; }

        public abstract void Write(Stream output);

        public virtual int? Rows => null;
        public virtual int? Columns => null;

        public static PortValue Read(PortType type, Stream input) => type switch
        {
            PortType.DataTable => new TableValue(TableFile.Read(input)),
            PortType.TrainedModel => new ModelValue(ModelPackage.Read(input)),
            PortType.Transform => new TransformValue(TransformPackage.Read(input)),
            PortType.Metrics => new MetricsValue(MetricsJson.Read(input)),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
    }

    internal sealed class TableValue : PortValue
    {
        public TableValue(DataTable table) => Table = table;
        public DataTable Table { get; }
        public override PortType Type => PortType.DataTable;
        public override int? Rows => Table.RowCount;
        public override int? Columns => Table.ColumnCount;
        public override void Write(Stream output) => TableFile.Write(output, Table);
    }

    internal sealed class ModelValue : PortValue
    {
        public ModelValue(TrainedModel model) => Model = model;
        public TrainedModel Model { get; }
        public override PortType Type => PortType.TrainedModel;
        public override void Write(Stream output) => ModelPackage.Write(output, Model);
    }

    internal sealed class TransformValue : PortValue
    {
        public TransformValue(TableTransform transform) => Transform = transform;
        public TableTransform Transform { get; }
        public override PortType Type => PortType.Transform;
        public override void Write(Stream output) => TransformPackage.Write(output, Transform);
    }

    internal sealed class MetricsValue : PortValue
    {
        public MetricsValue(MetricSet metrics) => Metrics = metrics;
        public MetricSet Metrics { get; }
        public override PortType Type => PortType.Metrics;
        public override void Write(Stream output) => MetricsJson.Write(Metrics, output);
    }
}
