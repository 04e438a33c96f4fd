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

        /// <summary>Start from a ready-to-run template (its generated dataset is imported on first use).</summary>
        [Parameter]
        [ValidateSet("BinaryClassification", "Regression", IgnoreCase = true)]
        public string? Template { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess(Name, Template == null ? "Create experiment" : $"Create experiment from template {Template}")) return;
            var service = new ExperimentService(CurrentWorkspace);
            TryRun(() => WriteObject(Template == null
                ? service.Create(Name, Description, CancellationToken)
                : service.CreateFromTemplate(Name, Template, Description, CancellationToken)), Name);
        }
    }
}
