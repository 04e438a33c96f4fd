using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Experiments;

namespace MlAlm.Commands.Experiments
{
    /// <summary>
    /// Copies an experiment, or the graph a run froze (as Studio's "copy from run history"), under a
    /// new name, in this workspace or into another. Asset references move to their latest versions
    /// (as Studio did) unless -KeepAssetVersions.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "MlExperiment", SupportsShouldProcess = true, DefaultParameterSetName = ExperimentSet)]
    [OutputType(typeof(MlExperiment))]
    public sealed class CopyMlExperimentCommand : ExperimentOrRunCmdlet
    {
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
            var destination = DestinationWorkspace == null ? "this workspace" : DestinationWorkspace.Location;
            if (!ShouldProcess($"{Source} -> '{NewName ?? Run?.Experiment ?? Experiment}' in {destination}", "Copy experiment")) return;
            TryRun(() =>
            {
                var service = new ExperimentService(Run?.Workspace ?? CurrentWorkspace);
                WriteObject(Run != null
                    ? service.CopyRun(Run, NewName, DestinationWorkspace, KeepAssetVersions, CancellationToken)
                    : service.Copy(Experiment, NewName, DestinationWorkspace, KeepAssetVersions, CancellationToken));
            }, Target);
        }
    }
}
