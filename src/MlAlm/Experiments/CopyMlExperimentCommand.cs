using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Experiments;

namespace MlAlm.Commands.Experiments
{
    /// <summary>
    /// Copies an experiment under a new name, in this workspace or into another. Asset references
    /// move to their latest versions (as Studio did) unless -KeepAssetVersions.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "MlExperiment", SupportsShouldProcess = true)]
    [OutputType(typeof(MlExperiment))]
    public sealed class CopyMlExperimentCommand : WorkspaceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ExperimentName", "Name")]
        [ArgumentCompleter(typeof(ExperimentNameCompleter))]
        [ExperimentNameTransformation]
        [ValidateNotNullOrEmpty]
        public string Experiment { get; set; } = string.Empty;

        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? NewName { get; set; }

        /// <summary>Another workspace (object or path) to copy into; the assets the graph uses travel with it.</summary>
        [Parameter]
        [WorkspaceTransformation]
        [ValidateNotNull]
        public MlWorkspace? DestinationWorkspace { get; set; }

        [Parameter]
        public SwitchParameter KeepAssetVersions { get; set; }

        protected override void ProcessRecord()
        {
            var target = DestinationWorkspace == null ? "this workspace" : DestinationWorkspace.Location;
            if (!ShouldProcess($"experiment '{Experiment}' -> '{NewName ?? Experiment}' in {target}", "Copy experiment")) return;
            TryRun(() => WriteObject(new ExperimentService(CurrentWorkspace).Copy(Experiment, NewName, DestinationWorkspace, KeepAssetVersions, CancellationToken)), Experiment);
        }
    }
}
