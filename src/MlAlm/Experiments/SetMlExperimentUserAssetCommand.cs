using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Experiments;

namespace MlAlm.Commands.Experiments
{
    /// <summary>Points an experiment's references to one asset at another asset version of the same type.</summary>
    [Cmdlet(VerbsCommon.Set, "MlExperimentUserAsset", SupportsShouldProcess = true)]
    [Alias("Replace-MlExperimentUserAsset")]
    [OutputType(typeof(MlExperiment))]
    public sealed class SetMlExperimentUserAssetCommand : ExperimentCmdlet
    {
        /// <summary>The asset in use: 'name' (any version), 'name:version', or an asset object.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [AssetSpecTransformation]
        [ValidateNotNullOrEmpty]
        public string ExistingAsset { get; set; } = string.Empty;

        /// <summary>Its replacement: 'name' (latest), 'name:version', or an asset object.</summary>
        [Parameter(Mandatory = true, Position = 2)]
        [AssetSpecTransformation]
        [ValidateNotNullOrEmpty]
        public string NewAsset { get; set; } = string.Empty;

        /// <summary>Which kind of asset, when a dataset and a model share a name.</summary>
        [Parameter]
        public AssetType? AssetType { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"experiment '{Experiment}'", $"Replace '{ExistingAsset}' with '{NewAsset}'")) return;
            TryRun(() => WriteObject(new ExperimentService(CurrentWorkspace).ReplaceUserAsset(
                Experiment, AssetType, AssetSpec.Parse(ExistingAsset, "asset"), AssetSpec.Parse(NewAsset, "asset"), CancellationToken)), Experiment);
        }
    }
}
