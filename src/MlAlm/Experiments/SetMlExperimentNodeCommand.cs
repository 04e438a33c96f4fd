using System.Collections;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Experiments;

namespace MlAlm.Commands.Experiments
{
    /// <summary>Changes a node: parameters and inputs merge into what it has; $null resets a parameter or disconnects an input.</summary>
    [Cmdlet(VerbsCommon.Set, "MlExperimentNode", SupportsShouldProcess = true)]
    [OutputType(typeof(MlExperimentNode))]
    public sealed class SetMlExperimentNodeCommand : ExperimentNodeCmdlet
    {
        [Parameter]
        public Hashtable? Parameter { get; set; }

        [Parameter]
        public Hashtable? Input { get; set; }

        /// <summary>A new comment; an empty string clears it.</summary>
        [Parameter]
        public string? Comment { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"node '{NodeId}' of experiment '{Experiment}'", "Set")) return;
            TryRun(() =>
            {
                var node = new ExperimentService(CurrentWorkspace).SetNode(
                    Experiment, NodeId, PowerShellValues.Unwrap(Parameter), PowerShellValues.Unwrap(Input), Comment, CancellationToken);
                if (PassThru) WriteObject(node);
            }, NodeId);
        }
    }
}
