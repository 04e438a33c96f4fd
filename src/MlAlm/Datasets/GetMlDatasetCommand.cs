using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Datasets;

namespace MlAlm.Commands.Datasets
{
    [Cmdlet(VerbsCommon.Get, "MlDataset")]
    [OutputType(typeof(MlDataset))]
    public sealed class GetMlDatasetCommand : WorkspaceCmdlet
    {
        /// <summary>Dataset names; wildcards allowed; 'name:version' selects a version.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(DatasetNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>A version number or 'latest' (the default).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Version { get; set; }

        [Parameter]
        public SwitchParameter AllVersions { get; set; }

        protected override void ProcessRecord()
        {
            var service = new DatasetService(CurrentWorkspace);
            if (Name == null)
            {
                TryRun(() => WriteObject(service.List(null, AllVersions, CancellationToken), enumerateCollection: true), null);
                return;
            }
            foreach (var name in Name)
                TryRun(() => WriteObject(VersionedAssetQuery.Find(service, name, Version, AllVersions, "dataset", CancellationToken), enumerateCollection: true), name);
        }
    }
}
