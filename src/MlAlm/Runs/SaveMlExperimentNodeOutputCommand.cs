using System.IO;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Runs;

namespace MlAlm.Commands.Runs
{
    /// <summary>Saves a node output of a run: tables as CSV, models and transforms as package files, metrics as JSON.</summary>
    [Cmdlet(VerbsData.Save, "MlExperimentNodeOutput", SupportsShouldProcess = true)]
    [Alias("Download-MlExperimentNodeOutput")]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveMlExperimentNodeOutputCommand : MlCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MlExperimentRun? Run { get; set; }

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string NodeId { get; set; } = string.Empty;

        /// <summary>The output port; may be omitted when the node has one output.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Port { get; set; }

        /// <summary>The file to write, or a directory to write a generated file name into.</summary>
        [Parameter(Mandatory = true, Position = 2)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(target, $"Save output of node '{NodeId}' of run {Run!.RunId}")) return;
            TryRun(() => WriteFile(new RunService(Run!.Workspace).SaveNodeOutput(Run!, NodeId, Port, target, Force, CancellationToken)), NodeId);
        }
    }
}
