using System.IO;
using System.Management.Automation;
using MlAlm.Core.Models;

namespace MlAlm.Commands.Models
{
    [Cmdlet(VerbsLifecycle.Register, "MlTrainedModel", SupportsShouldProcess = true, DefaultParameterSetName = "Run")]
    [Alias("Promote-MlTrainedModel")]
    [OutputType(typeof(MlTrainedModel))]
    public sealed class RegisterMlTrainedModelCommand : RegisterPackageAssetCommand<MlTrainedModel>
    {
        protected override PackageAssetKind<MlTrainedModel> Kind => PackageAssetKinds.TrainedModel;
    }

    [Cmdlet(VerbsCommon.Get, "MlTrainedModel")]
    [OutputType(typeof(MlTrainedModel))]
    public sealed class GetMlTrainedModelCommand : GetPackageAssetCommand<MlTrainedModel>
    {
        protected override PackageAssetKind<MlTrainedModel> Kind => PackageAssetKinds.TrainedModel;
    }

    [Cmdlet(VerbsData.Export, "MlTrainedModel", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportMlTrainedModelCommand : ExportPackageAssetCommand<MlTrainedModel>
    {
        protected override PackageAssetKind<MlTrainedModel> Kind => PackageAssetKinds.TrainedModel;
    }

    [Cmdlet(VerbsCommon.Remove, "MlTrainedModel", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveMlTrainedModelCommand : RemovePackageAssetCommand<MlTrainedModel>
    {
        protected override PackageAssetKind<MlTrainedModel> Kind => PackageAssetKinds.TrainedModel;
    }

    [Cmdlet(VerbsCommon.Copy, "MlTrainedModel", SupportsShouldProcess = true)]
    [OutputType(typeof(MlTrainedModel))]
    public sealed class CopyMlTrainedModelCommand : CopyPackageAssetCommand<MlTrainedModel>
    {
        protected override PackageAssetKind<MlTrainedModel> Kind => PackageAssetKinds.TrainedModel;
    }
}
