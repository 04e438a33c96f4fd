using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Experiments;

namespace MlAlm.Commands.Experiments
{
    /// <summary>Removes a node and every edge touching it.</summary>
    [Cmdlet(VerbsCommon.Remove, "MlExperimentNode", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class RemoveMlExperimentNodeCommand : ExperimentNodeCmdlet
    {
        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"node '{NodeId}' of experiment '{Experiment}'", "Remove")) return;
            TryRun(() => new ExperimentService(CurrentWorkspace).RemoveNode(Experiment, NodeId, CancellationToken), NodeId);
        }
    }
}
