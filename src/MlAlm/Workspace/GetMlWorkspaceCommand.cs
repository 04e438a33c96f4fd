using System.Management.Automation;
using MlAlm.Commands.Infrastructure;

namespace MlAlm.Commands.Workspace
{
    /// <summary>Shows the workspace in effect: -Workspace, else the connected one, $env:MLALM_WORKSPACE, or the default.</summary>
    [Cmdlet(VerbsCommon.Get, "MlWorkspace")]
    [OutputType(typeof(MlWorkspace))]
    public sealed class GetMlWorkspaceCommand : WorkspaceCmdlet
    {
        protected override void ProcessRecord() => WriteObject(CurrentWorkspace);
    }
}
