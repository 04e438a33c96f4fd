using System.Collections.Specialized;
using System.IO;
using System.Linq;
using MlAlm.Learning.Packages;

namespace MlAlm.Core.Models
{
    /// <summary>Registered trained models: register from a run node or a package file, list, export, remove.</summary>
    public sealed class TrainedModelService : PackageAssetService<MlTrainedModel>
    {
        private static readonly PackageKind Kind =
            new PackageKind(AssetType.TrainedModel, PortType.TrainedModel, "trained model", "TrainedModelNotFound", "TrainedModelInUse", ".mlmodel", Describe);

        public TrainedModelService(MlWorkspace workspace)
            : base(new RegisteredAssets<MlTrainedModel>(workspace, Kind, Present, m => m.Name, m => m.Version, m => m.ContentHash))
        {
        }

        private static void Describe(Stream package, RegisteredAssetDocument document)
        {
            var model = ModelPackage.Read(package);
            document.Learner = model.Learner;
            document.Task = model.Task.ToString();
            document.LabelColumn = model.LabelColumn;
            document.Columns = model.InputColumns.Select(c => new ColumnDocument { Name = c.Name, Type = c.Type.ToString() }).ToList();
        }

        private static MlTrainedModel Present(MlWorkspace workspace, RegisteredAssetDocument d) => new MlTrainedModel(
            workspace, d.Name, d.Version, d.Description, d.Learner ?? string.Empty, d.Task ?? string.Empty, d.LabelColumn,
            d.Columns.Select(c => new MlDatasetColumn(c.Name, c.Type, 0)).ToList(), Metrics(d), Lineage(d), Tags(d),
            d.ContentSha256, d.ContentLength, d.CreatedUtc, d.CreatedBy);

        private static OrderedDictionary Metrics(RegisteredAssetDocument d)
        {
            var metrics = new OrderedDictionary(System.StringComparer.OrdinalIgnoreCase);
            foreach (var m in d.Metrics) metrics[m.Key] = m.Value;
            return metrics;
        }
    }
}
