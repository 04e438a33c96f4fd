using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Models;

namespace MlAlm.Commands.Models
{
    /// <summary>What every package-asset cmdlet shares: the kind of asset it works on.</summary>
    public abstract class PackageAssetCmdlet<TAsset> : WorkspaceCmdlet
    {
        protected abstract PackageAssetKind<TAsset> Kind { get; }

        protected string Noun => Kind.Noun;

        protected IPackageAssetService<TAsset> Service(MlWorkspace workspace) => Kind.Service(workspace);
    }

    /// <summary>Register-Ml*: from a run node's output, or from a package file.</summary>
    public abstract class RegisterPackageAssetCommand<TAsset> : PackageAssetCmdlet<TAsset>
    {
        private const string RunSet = "Run";
        private const string PathSet = "Path";

        [Parameter(Mandatory = true, ParameterSetName = RunSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MlExperimentRun? Run { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = RunSet)]
        [ValidateNotNullOrEmpty]
        public string NodeId { get; set; } = string.Empty;

        /// <summary>The output port; may be omitted when the node has one output of this kind.</summary>
        [Parameter(ParameterSetName = RunSet)]
        [ValidateNotNullOrEmpty]
        public string? Port { get; set; }

        /// <summary>A package file (from Export-* or Save-MlExperimentNodeOutput).</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        [Parameter]
        public string? Description { get; set; }

        /// <summary>Tags as name = value pairs.</summary>
        [Parameter]
        public Hashtable? Tag { get; set; }

        protected override void ProcessRecord()
        {
            var source = ParameterSetName == RunSet ? $"node '{NodeId}' of run {Run!.RunId} of '{Run.Experiment}'" : Path;
            if (!ShouldProcess($"{Noun} '{Name}' from {source}", "Register")) return;
            TryRun(() =>
            {
                var service = Service(CurrentWorkspace);
                var tags = PowerShellValues.Unwrap(Tag);
                WriteObject(ParameterSetName == RunSet
                    ? service.RegisterFromRun(Run!, NodeId, Port, Name, Description, tags, CancellationToken)
                    : service.RegisterFromFile(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path), Name, Description, tags, CancellationToken));
            }, Name);
        }
    }

    /// <summary>Get-Ml*: one version, the latest of each name, or every version.</summary>
    public abstract class GetPackageAssetCommand<TAsset> : PackageAssetCmdlet<TAsset>
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>A version number or 'latest' (the default).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Version { get; set; }

        [Parameter]
        public SwitchParameter AllVersions { get; set; }

        protected override void ProcessRecord()
        {
            var service = Service(CurrentWorkspace);
            if (Name == null)
            {
                TryRun(() => WriteObject(service.List(null, AllVersions, CancellationToken), enumerateCollection: true), null);
                return;
            }
            foreach (var name in Name)
                TryRun(() => WriteObject(VersionedAssetQuery.Find(service, name, Version, AllVersions, Noun, CancellationToken), enumerateCollection: true), name);
        }
    }

    /// <summary>Copy-Ml*: copies a version into another workspace; its content travels once, by hash.</summary>
    public abstract class CopyPackageAssetCommand<TAsset> : PackageAssetCmdlet<TAsset>
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
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
                var spec = AssetArguments.Read(Name, Version, Noun);
                if (!ShouldProcess($"{Noun} '{spec}' -> {DestinationWorkspace!.Location}", "Copy")) return;
                WriteObject(Service(CurrentWorkspace).CopyTo(spec.Name, spec.Version, DestinationWorkspace, CancellationToken));
            }, Name);
        }
    }

    /// <summary>Export-Ml*: writes a version's package file, verified against its hash.</summary>
    public abstract class ExportPackageAssetCommand<TAsset> : PackageAssetCmdlet<TAsset>
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Version { get; set; }

        /// <summary>The file to write, or a directory to write 'name-version' plus the package extension into.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var destination = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            TryRun(() =>
            {
                var spec = AssetArguments.Read(Name, Version, Noun);
                if (!ShouldProcess($"{Noun} '{spec}' -> {destination}", "Export")) return;
                WriteFile(Service(CurrentWorkspace).Export(spec.Name, spec.Version, destination, Force, CancellationToken));
            }, Name);
        }
    }

    /// <summary>Remove-Ml*: one version or all; a version an experiment uses only with -Force.</summary>
    public abstract class RemovePackageAssetCommand<TAsset> : PackageAssetCmdlet<TAsset>
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
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
                var spec = AssetArguments.Read(Name, Version, Noun);
                var service = Service(CurrentWorkspace);
                int? version = spec.Version ?? (spec.ExplicitLatest ? Kind.VersionOf(service.Get(spec.Name, null, CancellationToken)) : (int?)null);
                var targets = service.PlanRemoval(spec.Name, version, Force, CancellationToken);
                var what = version.HasValue ? $"{Noun} '{spec.Name}:{version}'" : $"all {targets.Count} version(s) of {Noun} '{spec.Name}'";
                if (ShouldProcess(what, "Remove")) service.Remove(targets, CancellationToken);
            }, Name);
        }
    }
}
