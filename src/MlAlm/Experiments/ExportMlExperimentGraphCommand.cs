using System.IO;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Experiments;

namespace MlAlm.Commands.Experiments
{
    /// <summary>Writes an experiment's graph as deterministic JSON (stable order, LF), ready for source control.</summary>
    [Cmdlet(VerbsData.Export, "MlExperimentGraph", SupportsShouldProcess = true, DefaultParameterSetName = ExperimentSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportMlExperimentGraphCommand : ExperimentOrRunCmdlet
    {
        /// <summary>The file to write (replaced if it exists, unless -NoClobber).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        protected override void ProcessRecord()
        {
            var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            TryRun(() => ExportJsonFile(file, NoClobber, $"Export graph of {Source}", () => Run != null
                ? new Core.Runs.RunService(Run.Workspace).ExportGraph(Run)
                : new ExperimentService(CurrentWorkspace).ExportGraph(Experiment, CancellationToken)), Target);
        }
    }
}
