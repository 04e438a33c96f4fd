using System.Management.Automation;
using MlAlm.Commands.Infrastructure;

namespace MlAlm.Commands.Workspace
{
    /// <summary>Creates a workspace in a directory or in an Azure Blob container.</summary>
    [Cmdlet(VerbsCommon.New, "MlWorkspace", SupportsShouldProcess = true, DefaultParameterSetName = WorkspaceTarget.PathSet)]
    [OutputType(typeof(MlWorkspace))]
    public sealed class NewMlWorkspaceCommand : MlCmdlet
    {
        /// <summary>A directory (or a container URI, as any workspace location may be).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = WorkspaceTarget.PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>A Blob container URI: with a SAS query, or bare to sign in with DefaultAzureCredential.</summary>
        [Parameter(Mandatory = true, ParameterSetName = WorkspaceTarget.ContainerUriSet)]
        [ValidateNotNullOrEmpty]
        public string ContainerUri { get; set; } = string.Empty;

        /// <summary>A storage connection string (account key or SAS), with -Container.</summary>
        [Parameter(Mandatory = true, ParameterSetName = WorkspaceTarget.ConnectionStringSet)]
        [ValidateNotNullOrEmpty]
        public string ConnectionString { get; set; } = string.Empty;

        /// <summary>The container to use with -ConnectionString; created when it does not exist.</summary>
        [Parameter(Mandatory = true, ParameterSetName = WorkspaceTarget.ConnectionStringSet)]
        [ValidateNotNullOrEmpty]
        public string Container { get; set; } = string.Empty;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Also make it the session's connected workspace.</summary>
        [Parameter]
        public SwitchParameter Connect { get; set; }

        protected override void ProcessRecord()
        {
            WorkspaceTarget? target = null;
            if (!TryRun(() => target = Target(), null)) return;
            if (!ShouldProcess(target!.Display, "Create MlAlm workspace")) return;
            TryRun(() =>
            {
                var workspace = target.Create(Name);
                if (Connect) WorkspaceResolution.Connected = workspace;
                WriteObject(workspace);
            }, target.Display);
        }

        private WorkspaceTarget Target() => ParameterSetName switch
        {
            WorkspaceTarget.ContainerUriSet => WorkspaceTarget.FromContainerUri(ContainerUri),
            WorkspaceTarget.ConnectionStringSet => WorkspaceTarget.FromConnectionString(ConnectionString, Container),
            _ => WorkspaceTarget.FromLocation(ResolveLocation(Path)),
        };
    }
}
