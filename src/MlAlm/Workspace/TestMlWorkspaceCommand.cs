using System;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Workspaces;

namespace MlAlm.Commands.Workspace
{
    [Cmdlet(VerbsDiagnostic.Test, "MlWorkspace", SupportsShouldProcess = true)]
    [OutputType(typeof(MlWorkspaceProblem))]
    public sealed class TestMlWorkspaceCommand : WorkspaceCmdlet
    {
        /// <summary>Remove leftovers of interrupted writes and corrupted content.</summary>
        [Parameter]
        public SwitchParameter Repair { get; set; }

        protected override void ProcessRecord()
        {
            var workspace = CurrentWorkspace;
            bool repair = Repair && ShouldProcess(workspace.Location, "Repair MlAlm workspace");
            var progress = new ProgressRecord(1, "Test-MlWorkspace", "Checking " + workspace.Location);
            TryRun(() =>
            {
                foreach (var problem in new WorkspaceChecker(workspace).Check(repair, new CmdletProgress(this, progress), CancellationToken))
                    WriteObject(problem);
            }, workspace);
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }
}
