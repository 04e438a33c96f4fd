using System.Management.Automation;
using MlAlm.Commands.Infrastructure;

namespace MlAlm.Commands.Experiments
{
    /// <summary>
    /// A cmdlet that takes an experiment's graph from the experiment itself (-Experiment) or from
    /// one of its runs (-Run, the graph frozen with the exact asset versions it ran with).
    /// </summary>
    public abstract class ExperimentOrRunCmdlet : WorkspaceCmdlet
    {
        protected const string ExperimentSet = "Experiment";
        protected const string RunSet = "Run";

        // Not bound by property name: a piped run also has an 'Experiment' property, and must bind to -Run.
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ExperimentSet, ValueFromPipeline = true)]
        [Alias("ExperimentName", "Name")]
        [ArgumentCompleter(typeof(ExperimentNameCompleter))]
        [ExperimentNameTransformation]
        [ValidateNotNullOrEmpty]
        public string Experiment { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = RunSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MlExperimentRun? Run { get; set; }

        /// <summary>The graph's source in messages: "run N of 'name'" or "experiment 'name'".</summary>
        protected string Source => Run != null ? $"run {Run.RunId} of '{Run.Experiment}'" : $"experiment '{Experiment}'";

        /// <summary>What an error is about: the run, or the experiment's name.</summary>
        protected object Target => Run ?? (object)Experiment;
    }
}
