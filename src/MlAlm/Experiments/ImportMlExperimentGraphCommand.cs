using System.IO;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Experiments;
using MlAlm.Core.Json;

namespace MlAlm.Commands.Experiments
{
    /// <summary>
    /// Creates an experiment from a graph file (or replaces one's graph with -Overwrite). Every
    /// problem in the file is reported at once, and nothing is created when there is any.
    /// </summary>
    [Cmdlet(VerbsData.Import, "MlExperimentGraph", SupportsShouldProcess = true)]
    [OutputType(typeof(MlExperiment))]
    public sealed class ImportMlExperimentGraphCommand : WorkspaceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>The experiment name; the file's 'name' when omitted.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Replace the graph of an existing experiment of that name.</summary>
        [Parameter]
        public SwitchParameter Overwrite { get; set; }

        protected override void ProcessRecord()
        {
            var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            TryRun(() =>
            {
                if (!File.Exists(file))
                    throw Core.Errors.MlAlmException.NotFound("GraphFileNotFound", $"The graph file '{file}' does not exist.", file);
                string json;
                try
                {
                    json = File.ReadAllText(file, CanonicalJson.Utf8NoBom);
                }
                catch (System.Text.DecoderFallbackException)
                {
                    throw Core.Errors.MlAlmException.InvalidData("InvalidGraphFile", $"The graph file '{file}' is not UTF-8 text.", file);
                }
                if (!ShouldProcess(file, Overwrite ? "Import experiment graph (replacing an existing graph)" : "Import experiment graph")) return;
                WriteObject(new ExperimentService(CurrentWorkspace).ImportGraph(json, System.IO.Path.GetFileName(file), Name, Overwrite, CancellationToken));
            }, file);
        }
    }
}
