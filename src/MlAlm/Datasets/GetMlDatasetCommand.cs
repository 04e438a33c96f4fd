using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Datasets;
using MlAlm.Core.Naming;

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
            {
                TryRun(() =>
                {
                    if (NamePattern.HasWildcards(name))
                    {
                        AssetArguments.RefuseVersionWithWildcard(name, Version);
                        WriteObject(service.List(name, AllVersions, CancellationToken), enumerateCollection: true);
                    }
                    else if (AllVersions && Version == null && name.IndexOf(':') < 0)
                    {
                        var all = service.List(NameRules.Validate(name, "dataset"), allVersions: true, CancellationToken);
                        if (all.Count == 0) service.Get(name, null, CancellationToken); // reports the missing name
                        WriteObject(all, enumerateCollection: true);
                    }
                    else
                    {
                        var spec = AssetArguments.Read(name, Version, "dataset");
                        WriteObject(service.Get(spec.Name, spec.Version, CancellationToken));
                    }
                }, name);
            }
        }
    }
}
