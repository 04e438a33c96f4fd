using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Datasets;

namespace MlAlm.Commands.Datasets
{
    /// <summary>Copies a dataset version into another workspace (local to Blob and back); its content travels once, by hash.</summary>
    [Cmdlet(VerbsCommon.Copy, "MlDataset", SupportsShouldProcess = true)]
    [OutputType(typeof(MlDataset))]
    public sealed class CopyMlDatasetCommand : WorkspaceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DatasetNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>A version number or 'latest' (the default).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Version { get; set; }

        /// <summary>The workspace to copy into: an MlWorkspace, a path or a container URI.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [WorkspaceTransformation]
        [ValidateNotNull]
        public MlWorkspace? DestinationWorkspace { get; set; }

        protected override void ProcessRecord()
        {
            TryRun(() =>
            {
                var spec = AssetArguments.Read(Name, Version, "dataset");
                if (!ShouldProcess($"dataset '{spec}' -> {DestinationWorkspace!.Location}", "Copy dataset")) return;
                WriteObject(new DatasetService(CurrentWorkspace).CopyTo(spec.Name, spec.Version, DestinationWorkspace, CancellationToken));
            }, Name);
        }
    }
}
