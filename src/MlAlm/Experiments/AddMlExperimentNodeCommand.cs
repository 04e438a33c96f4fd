using System.Collections;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Experiments;

namespace MlAlm.Commands.Experiments
{
    /// <summary>Adds a module node to an experiment, with parameters and the edges feeding its inputs.</summary>
    [Cmdlet(VerbsCommon.Add, "MlExperimentNode", SupportsShouldProcess = true)]
    [OutputType(typeof(MlExperimentNode))]
    public sealed class AddMlExperimentNodeCommand : WorkspaceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ExperimentName", "Name")]
        [ArgumentCompleter(typeof(ExperimentNameCompleter))]
        [ExperimentNameTransformation]
        [ValidateNotNullOrEmpty]
        public string Experiment { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string Module { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 2)]
        [ValidateNotNullOrEmpty]
        public string NodeId { get; set; } = string.Empty;

        /// <summary>Parameter name -> value. Asset parameters take 'name' (latest), 'name:version' or an asset object.</summary>
        [Parameter]
        public Hashtable? Parameter { get; set; }

        /// <summary>Input port -> 'node.port' of the output feeding it.</summary>
        [Parameter]
        public Hashtable? Input { get; set; }

        [Parameter]
        public string? Comment { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"experiment '{Experiment}'", $"Add node '{NodeId}' ({Module})")) return;
            TryRun(() => WriteObject(new ExperimentService(CurrentWorkspace).AddNode(
                Experiment, NodeId, Module, PowerShellValues.Unwrap(Parameter), PowerShellValues.Unwrap(Input), Comment, CancellationToken)), NodeId);
        }
    }
}
