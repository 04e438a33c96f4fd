using System.IO;
using System.Management.Automation;
using MlAlm.Core.Models;

namespace MlAlm.Commands.Models
{
    [Cmdlet(VerbsLifecycle.Register, "MlTransform", SupportsShouldProcess = true, DefaultParameterSetName = "Run")]
    [Alias("Promote-MlTransform")]
    [OutputType(typeof(MlTransform))]
    public sealed class RegisterMlTransformCommand : RegisterPackageAssetCommand<MlTransform>
    {
        protected override PackageAssetKind<MlTransform> Kind => PackageAssetKinds.Transform;
    }

    [Cmdlet(VerbsCommon.Get, "MlTransform")]
    [OutputType(typeof(MlTransform))]
    public sealed class GetMlTransformCommand : GetPackageAssetCommand<MlTransform>
    {
        protected override PackageAssetKind<MlTransform> Kind => PackageAssetKinds.Transform;
    }

    [Cmdlet(VerbsData.Export, "MlTransform", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportMlTransformCommand : ExportPackageAssetCommand<MlTransform>
    {
        protected override PackageAssetKind<MlTransform> Kind => PackageAssetKinds.Transform;
    }

    [Cmdlet(VerbsCommon.Remove, "MlTransform", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveMlTransformCommand : RemovePackageAssetCommand<MlTransform>
    {
        protected override PackageAssetKind<MlTransform> Kind => PackageAssetKinds.Transform;
    }

    [Cmdlet(VerbsCommon.Copy, "MlTransform", SupportsShouldProcess = true)]
    [OutputType(typeof(MlTransform))]
    public sealed class CopyMlTransformCommand : CopyPackageAssetCommand<MlTransform>
    {
        protected override PackageAssetKind<MlTransform> Kind => PackageAssetKinds.Transform;
    }
}
