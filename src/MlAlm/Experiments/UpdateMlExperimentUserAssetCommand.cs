using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Experiments;

namespace MlAlm.Commands.Experiments
{
    /// <summary>Moves an experiment's asset references to their latest versions: all, or one asset's.</summary>
    [Cmdlet(VerbsData.Update, "MlExperimentUserAsset", SupportsShouldProcess = true, DefaultParameterSetName = AllSet)]
    [OutputType(typeof(MlExperiment))]
    public sealed class UpdateMlExperimentUserAssetCommand : ExperimentCmdlet
    {
        private const string AllSet = "All";
        private const string OneSet = "One";

        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = OneSet)]
        [ValidateNotNullOrEmpty]
        public string AssetName { get; set; } = string.Empty;

        [Parameter(ParameterSetName = OneSet)]
        public AssetType? AssetType { get; set; }

        protected override void ProcessRecord()
        {
            var what = ParameterSetName == AllSet ? "all assets" : $"asset '{AssetName}'";
            if (!ShouldProcess($"experiment '{Experiment}'", $"Update {what} to the latest version")) return;
            TryRun(() => WriteObject(new ExperimentService(CurrentWorkspace).UpdateUserAssets(
                Experiment, ParameterSetName == AllSet ? null : AssetType, ParameterSetName == AllSet ? null : AssetName, CancellationToken)), Experiment);
        }
    }
}
