using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Workspaces;

namespace MlAlm.Commands.Workspace
{
    /// <summary>Makes a workspace the one every MlAlm cmdlet in this session uses by default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "MlWorkspace", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(MlWorkspace))]
    public sealed class ConnectMlWorkspaceCommand : MlCmdlet
    {
        private const string PathSet = "Path";
        private const string ObjectSet = "InputObject";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "Location")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = ObjectSet, ValueFromPipeline = true)]
        public MlWorkspace? InputObject { get; set; }

        /// <summary>Create the workspace when the path holds none yet.</summary>
        [Parameter(ParameterSetName = PathSet)]
        public SwitchParameter Create { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            TryRun(() =>
            {
                MlWorkspace workspace;
                if (InputObject != null) workspace = InputObject;
                else
                {
                    var location = ResolveLocation(Path);
                    workspace = Create ? WorkspaceFactory.OpenOrCreate(location) : WorkspaceFactory.Open(location);
                }
                WorkspaceResolution.Connected = workspace;
                WriteVerbose($"Connected to the workspace '{workspace.Name}' at '{workspace.Location}'.");
                if (PassThru) WriteObject(workspace);
            }, InputObject?.Location ?? Path);
        }
    }
}
