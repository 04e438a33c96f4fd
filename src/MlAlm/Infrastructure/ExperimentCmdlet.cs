using System.Management.Automation;

namespace MlAlm.Commands.Infrastructure
{
    /// <summary>
    /// A cmdlet that works on one experiment, named by -Experiment: a name or an MlExperiment, by
    /// position, piped in, or bound by property name from an object that names one (an
    /// experiment's Name, a run's Experiment), so every such cmdlet accepts the same arguments.
    /// </summary>
    public abstract class ExperimentCmdlet : WorkspaceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ExperimentName", "Name")]
        [ArgumentCompleter(typeof(ExperimentNameCompleter))]
        [ExperimentNameTransformation]
        [ValidateNotNullOrEmpty]
        public string Experiment { get; set; } = string.Empty;
    }
}
