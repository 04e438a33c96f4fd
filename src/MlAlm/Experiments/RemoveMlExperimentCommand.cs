using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Experiments;

namespace MlAlm.Commands.Experiments
{
    /// <summary>Removes an experiment. One that has runs is removed, runs and all, only with -Force.</summary>
    [Cmdlet(VerbsCommon.Remove, "MlExperiment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveMlExperimentCommand : ExperimentCmdlet
    {
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            TryRun(() =>
            {
                var service = new ExperimentService(CurrentWorkspace);
                int runs = service.PlanRemoval(Experiment, Force, CancellationToken);
                var what = runs > 0 ? $"experiment '{Experiment}' and its {runs} run(s)" : $"experiment '{Experiment}'";
                if (ShouldProcess(what, "Remove")) service.Remove(Experiment, CancellationToken);
            }, Experiment);
        }
    }
}
