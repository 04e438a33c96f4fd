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
    public sealed class ExportMlExperimentGraphCommand : WorkspaceCmdlet
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

        /// <summary>A run, whose frozen graph (with the exact asset versions it ran with) is exported.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RunSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MlExperimentRun? Run { get; set; }

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
                if (!ShouldProcess(file, Run != null ? $"Export graph of run {Run.RunId} of '{Run.Experiment}'" : $"Export graph of experiment '{Experiment}'")) return;
                File.WriteAllText(file, json, CanonicalJson.Utf8NoBom);
                WriteFile(new FileInfo(file));
            }, Run ?? (object)Experiment);
        }
    }
}
