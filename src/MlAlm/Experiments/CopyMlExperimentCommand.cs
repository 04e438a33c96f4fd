using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Experiments;

namespace MlAlm.Commands.Experiments
{
    /// <summary>
    /// Copies an experiment under a new name, in this workspace or into another. Asset references
    /// move to their latest versions (as Studio did) unless -KeepAssetVersions.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "MlExperiment", SupportsShouldProcess = true, DefaultParameterSetName = ExperimentSet)]
    [OutputType(typeof(MlExperiment))]
    public sealed class CopyMlExperimentCommand : WorkspaceCmdlet
    {
        private const string ExperimentSet = "Experiment";
        private const string RunSet = "Run";

        // Not bound by property name: a piped run also has an 'Experiment' property, and must bind to -Run.
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ExperimentSet, ValueFromPipeline = true)]
        [Alias("ExperimentName", "Name")]
        [ArgumentCompleter(typeof(ExperimentNameCompleter))]
        [ExperimentNameTransformation]
        [ValidateNotNullOrEmpty]
        public string Experiment { get; set; } = string.Empty;

        /// <summary>A run whose frozen graph becomes the new experiment (as Studio's "copy from run history").</summary>
        [Parameter(Mandatory = true, ParameterSetName = RunSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MlExperimentRun? Run { get; set; }

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
            var source = Run != null ? $"run {Run.RunId} of '{Run.Experiment}'" : $"experiment '{Experiment}'";
            if (!ShouldProcess($"{source} -> '{NewName ?? Run?.Experiment ?? Experiment}' in {target}", "Copy experiment")) return;
            TryRun(() =>
            {
                var service = new ExperimentService(Run?.Workspace ?? CurrentWorkspace);
                WriteObject(Run != null
                    ? service.CopyRun(Run, NewName, DestinationWorkspace, KeepAssetVersions, CancellationToken)
                    : service.Copy(Experiment, NewName, DestinationWorkspace, KeepAssetVersions, CancellationToken));
            }, Run ?? (object)Experiment);
        }
    }
}
