using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Engine;

namespace MlAlm.Commands.Runs
{
    /// <summary>
    /// Runs an experiment and waits, with progress. Ctrl+C cancels it (the run ends Canceled). A run
    /// that fails is still written, together with an error naming the node and the reason.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "MlExperiment", SupportsShouldProcess = true)]
    [OutputType(typeof(MlExperimentRun))]
    public sealed class StartMlExperimentCommand : ExperimentCmdlet
    {
        /// <summary>Run every node even when an earlier run has outputs for the same inputs.</summary>
        [Parameter]
        public SwitchParameter NoCache { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"experiment '{Experiment}'", "Run")) return;
            var record = new ProgressRecord(3, "Start-MlExperiment", "Running " + Experiment);
            TryRun(() =>
            {
                var run = new ExperimentEngine(CurrentWorkspace).Start(Experiment, NoCache, new RunProgressReporter(this, record), CancellationToken);
                record.RecordType = ProgressRecordType.Completed;
                WriteProgress(record);
                WriteObject(run);
                if (run.Status == RunStatus.Failed)
                    WriteError(new ErrorRecord(new Core.Errors.MlAlmException("ExperimentRunFailed", Core.Errors.ErrorKind.InvalidData,
                        $"Run {run.RunId} of experiment '{run.Experiment}' failed. {run.Error}"), "ExperimentRunFailed", ErrorCategory.InvalidResult, run));
            }, Experiment);
        }

        private sealed class RunProgressReporter : System.IProgress<RunProgress>
        {
            private readonly Cmdlet _cmdlet;
            private readonly ProgressRecord _record;

            public RunProgressReporter(Cmdlet cmdlet, ProgressRecord record)
            {
                _cmdlet = cmdlet;
                _record = record;
            }

            public void Report(RunProgress value)
            {
                _record.StatusDescription = $"Run {value.RunId}: node {value.Index + 1} of {value.Count}, '{value.NodeId}' ({value.Module}): {value.Status}";
                _record.PercentComplete = (int)(100.0 * (value.Index + (value.Status == NodeStatus.Running ? 0 : 1)) / value.Count);
                _cmdlet.WriteProgress(_record);
            }
        }
    }
}
