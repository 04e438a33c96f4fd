using System.Management.Automation;
using MlAlm.Commands.Infrastructure;

namespace MlAlm.Commands.Experiments
{
    /// <summary>
    /// A cmdlet that works on one node of an experiment, named by -Experiment and -NodeId, by
    /// position or bound by property name from a piped node (its ExperimentName and NodeId).
    /// </summary>
    public abstract class ExperimentNodeCmdlet : WorkspaceCmdlet
    {
        // Bound by property name from a piped node, not by value nor from an experiment's Name:
        // only a node carries the node id that goes with it.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ExperimentName")]
        [ArgumentCompleter(typeof(ExperimentNameCompleter))]
        [ExperimentNameTransformation]
        [ValidateNotNullOrEmpty]
        public string Experiment { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(NodeIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string NodeId { get; set; } = string.Empty;
    }
}
