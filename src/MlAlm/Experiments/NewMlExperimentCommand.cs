using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Experiments;

namespace MlAlm.Commands.Experiments
{
    [Cmdlet(VerbsCommon.New, "MlExperiment", SupportsShouldProcess = true)]
    [OutputType(typeof(MlExperiment))]
    public sealed class NewMlExperimentCommand : WorkspaceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Description { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess(Name, "Create experiment")) return;
            TryRun(() => WriteObject(new ExperimentService(CurrentWorkspace).Create(Name, Description, CancellationToken)), Name);
        }
    }
}
