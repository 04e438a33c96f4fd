using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Workspaces;

namespace MlAlm.Commands.Workspace
{
    [Cmdlet(VerbsCommon.New, "MlWorkspace", SupportsShouldProcess = true)]
    [OutputType(typeof(MlWorkspace))]
    public sealed class NewMlWorkspaceCommand : MlCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
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
            var location = ResolveLocation(Path);
            if (!ShouldProcess(location, "Create MlAlm workspace")) return;
            TryRun(() =>
            {
                var workspace = WorkspaceFactory.Create(location, Name);
                if (Connect) WorkspaceResolution.Connected = workspace;
                WriteObject(workspace);
            }, location);
        }
    }
}
