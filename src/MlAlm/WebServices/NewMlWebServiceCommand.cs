using System.IO;
using System.Linq;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.WebServices;

namespace MlAlm.Commands.WebServices
{
    /// <summary>
    /// Creates a web service with an endpoint 'default': from a predictive experiment, from a
    /// finished run (its trained model and learned transforms are registered), from a registered
    /// trained model with transforms, or from a definition file exported elsewhere.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "MlWebService", SupportsShouldProcess = true, DefaultParameterSetName = ModelSet)]
    [OutputType(typeof(MlWebService))]
    public sealed class NewMlWebServiceCommand : WorkspaceCmdlet
    {
        private const string ModelSet = "TrainedModel";
        private const string ExperimentSet = "Experiment";
        private const string RunSet = "Run";
        private const string DefinitionSet = "DefinitionFile";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ModelSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ExperimentSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = RunSet)]
        [Parameter(Position = 0, ParameterSetName = DefinitionSet)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>A predictive experiment: WebServiceInput, ApplyTransformation/Transform, ScoreModel/TrainedModel, WebServiceOutput.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ExperimentSet)]
        [ArgumentCompleter(typeof(ExperimentNameCompleter))]
        [ExperimentNameTransformation]
        [ValidateNotNullOrEmpty]
        public string Experiment { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = RunSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MlExperimentRun? Run { get; set; }

        /// <summary>With -Run: the TrainModel node, when the run has several.</summary>
        [Parameter(ParameterSetName = RunSet)]
        [ValidateNotNullOrEmpty]
        public string? NodeId { get; set; }

        /// <summary>A registered trained model: 'name', 'name:version' or the object.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ModelSet, ValueFromPipeline = true)]
        [AssetSpecTransformation]
        [ValidateNotNullOrEmpty]
        public string TrainedModel { get; set; } = string.Empty;

        /// <summary>Registered transforms applied before the model, in order.</summary>
        [Parameter(ParameterSetName = ModelSet)]
        [AssetSpecTransformation]
        public string[] Transform { get; set; } = new string[0];

        /// <summary>A definition file from Export-MlWebServiceDefinition.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DefinitionSet)]
        [ValidateNotNullOrEmpty]
        public string DefinitionFile { get; set; } = string.Empty;

        [Parameter]
        public string? Description { get; set; }

        /// <summary>An environment label for the default endpoint (e.g. staging), so a host started for that environment serves it.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Environment { get; set; }

        protected override void ProcessRecord()
        {
            TryRun(() =>
            {
                var services = new WebServiceService(CurrentWorkspace);
                switch (ParameterSetName)
                {
                    case ExperimentSet:
                        if (ShouldProcess(Name, $"Create web service from experiment '{Experiment}'"))
                            WriteObject(services.CreateFromExperiment(Name!, Experiment, Description, Environment, CancellationToken));
                        break;
                    case RunSet:
                        if (ShouldProcess(Name, $"Create web service from run {Run!.RunId} of '{Run.Experiment}'"))
                            WriteObject(services.CreateFromRun(Name!, Run!, NodeId, Description, Environment, CancellationToken));
                        break;
                    case DefinitionSet:
                        var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(DefinitionFile);
                        if (!File.Exists(file)) throw Core.Errors.MlAlmException.NotFound("DefinitionFileNotFound", $"The definition file '{file}' does not exist.", file);
                        if (ShouldProcess(Name ?? file, "Create web service from definition"))
                            WriteObject(services.CreateFromDefinition(File.ReadAllText(file), System.IO.Path.GetFileName(file), Name, Environment, CancellationToken));
                        break;
                    default:
                        if (ShouldProcess(Name, $"Create web service from trained model '{TrainedModel}'"))
                            WriteObject(services.CreateFromModel(Name!, AssetSpec.Parse(TrainedModel, "trained model"),
                                Transform.Select(t => AssetSpec.Parse(t, "transform")).ToList(), Description, Environment, CancellationToken));
                        break;
                }
            }, Name);
        }
    }
}
