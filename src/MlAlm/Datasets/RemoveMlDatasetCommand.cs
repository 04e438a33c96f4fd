using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Datasets;

namespace MlAlm.Commands.Datasets
{
    /// <summary>
    /// Removes one dataset version, or every version of a dataset. A version that an experiment
    /// still uses is removed only with -Force, since the experiment could no longer run.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "MlDataset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveMlDatasetCommand : WorkspaceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DatasetNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>The version to remove; every version when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Version { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            TryRun(() =>
            {
                var spec = AssetArguments.Read(Name, Version, "dataset");
                var service = new DatasetService(CurrentWorkspace);
                int? version = spec.Version ?? (spec.ExplicitLatest ? service.Get(spec.Name, null, CancellationToken).Version : (int?)null);
                var targets = service.PlanRemoval(spec.Name, version, Force, CancellationToken);
                var what = version.HasValue ? $"dataset '{spec.Name}:{version}'" : $"all {targets.Count} version(s) of dataset '{spec.Name}'";
                if (ShouldProcess(what, "Remove")) service.Remove(targets, CancellationToken);
            }, Name);
        }
    }
}
