using System.IO;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Datasets;

namespace MlAlm.Commands.Datasets
{
    /// <summary>Writes a dataset version's exact bytes to a file.</summary>
    [Cmdlet(VerbsData.Export, "MlDataset", SupportsShouldProcess = true)]
    [Alias("Download-MlDataset")]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportMlDatasetCommand : WorkspaceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DatasetNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Version { get; set; }

        /// <summary>The file to write, or a directory to write the original file name into.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Replace an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var destination = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            TryRun(() =>
            {
                var spec = AssetArguments.Read(Name, Version, "dataset");
                if (!ShouldProcess($"dataset '{spec}' -> {destination}", "Export dataset")) return;
                WriteFile(new DatasetService(CurrentWorkspace).Export(spec.Name, spec.Version, destination, Force, CancellationToken));
            }, Name);
        }
    }
}
