using System.IO;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.WebServices;

namespace MlAlm.Commands.WebServices
{
    /// <summary>Writes a web service definition (endpoints and the exact asset versions they serve; no keys) for deployment into another workspace.</summary>
    [Cmdlet(VerbsData.Export, "MlWebServiceDefinition", SupportsShouldProcess = true, DefaultParameterSetName = ServiceSet)]
    [Alias("Export-MlWebServiceDefinitionFromExperiment")]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportMlWebServiceDefinitionCommand : WorkspaceCmdlet
    {
        private const string ServiceSet = "WebService";
        private const string ExperimentSet = "Experiment";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ServiceSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ArgumentCompleter(typeof(WebServiceNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string WebService { get; set; } = string.Empty;

        /// <summary>A predictive experiment, exported as the service it would deploy as.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ExperimentSet)]
        [ArgumentCompleter(typeof(ExperimentNameCompleter))]
        [ExperimentNameTransformation]
        [ValidateNotNullOrEmpty]
        public string Experiment { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        protected override void ProcessRecord()
        {
            var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            TryRun(() => ExportJsonFile(file, NoClobber, "Export web service definition", () =>
            {
                var services = new WebServiceService(CurrentWorkspace);
                return ParameterSetName == ExperimentSet
                    ? services.ExportDefinitionFromExperiment(Experiment, CancellationToken)
                    : services.ExportDefinition(WebService, CancellationToken);
            }), file);
        }
    }
}
