using System.IO;
using System.Linq;
using MlAlm.Learning.Packages;

namespace MlAlm.Core.Models
{
    /// <summary>Registered transforms: register from a run node or a package file, list, export, remove.</summary>
    public sealed class TransformService : PackageAssetService<MlTransform>
    {
        private static readonly PackageKind Kind =
            new PackageKind(AssetType.Transform, PortType.Transform, "transform", "TransformNotFound", "TransformInUse", ".mltransform", Describe);

        public TransformService(MlWorkspace workspace)
            : base(new RegisteredAssets<MlTransform>(workspace, Kind, Present, t => t.Name, t => t.Version, t => t.ContentHash))
        {
        }

        private static void Describe(Stream package, RegisteredAssetDocument document)
        {
            var transform = TransformPackage.Read(package);
            document.TransformKind = transform.Kind;
            document.Columns = transform.Columns.Select(c => new ColumnDocument { Name = c.Name, Type = c.Type.ToString() }).ToList();
        }

        private static MlTransform Present(MlWorkspace workspace, RegisteredAssetDocument d) => new MlTransform(
            workspace, d.Name, d.Version, d.Description, d.TransformKind ?? string.Empty,
            d.Columns.Select(c => new MlDatasetColumn(c.Name, c.Type, 0)).ToList(), Lineage(d), Tags(d),
            d.ContentSha256, d.ContentLength, d.CreatedUtc, d.CreatedBy);
    }
}
