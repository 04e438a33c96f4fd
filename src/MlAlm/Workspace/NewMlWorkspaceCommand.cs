using System.Management.Automation;
using MlAlm.Commands.Infrastructure;

namespace MlAlm.Commands.Workspace
{
    /// <summary>Creates a workspace in a directory or in an Azure Blob container.</summary>
    [Cmdlet(VerbsCommon.New, "MlWorkspace", SupportsShouldProcess = true, DefaultParameterSetName = WorkspaceTarget.PathSet)]
    [OutputType(typeof(MlWorkspace))]
    public sealed class NewMlWorkspaceCommand : WorkspaceLocationCmdlet
    {
        /// <summary>A directory (or a container URI, as any workspace location may be).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = WorkspaceTarget.PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

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

        protected override string PathArgument => Path;
    }
}
