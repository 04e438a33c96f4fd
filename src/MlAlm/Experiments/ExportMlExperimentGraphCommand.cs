using System.IO;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Experiments;
using MlAlm.Core.Json;

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
            TryRun(() =>
            {
                if (NoClobber && File.Exists(file))
                    throw Core.Errors.MlAlmException.AlreadyExists("ExportFileExists", $"The file '{file}' already exists and -NoClobber was given.", file);
                var json = Run != null
                    ? new Core.Runs.RunService(Run.Workspace).ExportGraph(Run)
                    : new ExperimentService(CurrentWorkspace).ExportGraph(Experiment, CancellationToken);
                if (!ShouldProcess(file, $"Export graph of {Source}")) return;
                File.WriteAllText(file, json, CanonicalJson.Utf8NoBom);
                WriteFile(new FileInfo(file));
            }, Target);
        }
    }
}
