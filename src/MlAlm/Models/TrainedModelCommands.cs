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
        protected override string Noun => "trained model";
        protected override IPackageAssetService<MlTrainedModel> Service(MlWorkspace workspace) => new TrainedModelService(workspace);
    }

    [Cmdlet(VerbsCommon.Get, "MlTrainedModel")]
    [OutputType(typeof(MlTrainedModel))]
    public sealed class GetMlTrainedModelCommand : GetPackageAssetCommand<MlTrainedModel>
    {
        protected override string Noun => "trained model";
        protected override IPackageAssetService<MlTrainedModel> Service(MlWorkspace workspace) => new TrainedModelService(workspace);
    }

    [Cmdlet(VerbsData.Export, "MlTrainedModel", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportMlTrainedModelCommand : ExportPackageAssetCommand<MlTrainedModel>
    {
        protected override string Noun => "trained model";
        protected override IPackageAssetService<MlTrainedModel> Service(MlWorkspace workspace) => new TrainedModelService(workspace);
    }

    [Cmdlet(VerbsCommon.Remove, "MlTrainedModel", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveMlTrainedModelCommand : RemovePackageAssetCommand<MlTrainedModel>
    {
        protected override int VersionOf(MlTrainedModel asset) => asset.Version;
        protected override string Noun => "trained model";
        protected override IPackageAssetService<MlTrainedModel> Service(MlWorkspace workspace) => new TrainedModelService(workspace);
    }

    [Cmdlet(VerbsCommon.Copy, "MlTrainedModel", SupportsShouldProcess = true)]
    [OutputType(typeof(MlTrainedModel))]
    public sealed class CopyMlTrainedModelCommand : CopyPackageAssetCommand<MlTrainedModel>
    {
        protected override string Noun => "trained model";
        protected override IPackageAssetService<MlTrainedModel> Service(MlWorkspace workspace) => new TrainedModelService(workspace);
    }
}
