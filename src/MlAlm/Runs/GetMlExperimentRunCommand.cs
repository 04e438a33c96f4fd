using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Runs;

namespace MlAlm.Commands.Runs
{
    /// <summary>Lists an experiment's runs, newest first, or gets one run.</summary>
    [Cmdlet(VerbsCommon.Get, "MlExperimentRun")]
    [OutputType(typeof(MlExperimentRun))]
    public sealed class GetMlExperimentRunCommand : ExperimentCmdlet
    {
        [Parameter(Position = 1)]
        [ValidateRange(1, int.MaxValue)]
        public int? RunId { get; set; }

        /// <summary>Only the newest N runs.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? First { get; set; }

        protected override void ProcessRecord()
        {
            var runs = new RunService(CurrentWorkspace);
            TryRun(() =>
            {
                if (RunId.HasValue) WriteObject(runs.Get(Experiment, RunId.Value, CancellationToken));
                else WriteObject(runs.List(Experiment, First, CancellationToken), enumerateCollection: true);
            }, Experiment);
        }
    }
}
