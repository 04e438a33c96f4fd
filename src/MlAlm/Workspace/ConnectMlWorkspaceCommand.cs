using System.Management.Automation;
using MlAlm.Commands.Infrastructure;

namespace MlAlm.Commands.Workspace
{
    /// <summary>Makes a workspace the one every MlAlm cmdlet in this session uses by default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "MlWorkspace", DefaultParameterSetName = WorkspaceTarget.PathSet)]
    [OutputType(typeof(MlWorkspace))]
    public sealed class ConnectMlWorkspaceCommand : WorkspaceLocationCmdlet
    {
        private const string ObjectSet = "InputObject";

        /// <summary>A directory or a container URI.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = WorkspaceTarget.PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "Location")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = ObjectSet, ValueFromPipeline = true)]
        public MlWorkspace? InputObject { get; set; }

        /// <summary>Create the workspace when the location holds none yet.</summary>
        [Parameter(ParameterSetName = WorkspaceTarget.PathSet)]
        [Parameter(ParameterSetName = WorkspaceTarget.ContainerUriSet)]
        [Parameter(ParameterSetName = WorkspaceTarget.ConnectionStringSet)]
        public SwitchParameter Create { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string PathArgument => Path;

        protected override void ProcessRecord()
        {
            string display = InputObject?.Location ?? Path;
            TryRun(() =>
            {
                MlWorkspace workspace;
                if (InputObject != null) workspace = InputObject;
                else
                {
                    var target = Target();
                    display = target.Display;
                    workspace = Create ? target.OpenOrCreate() : target.Open();
                }
                WorkspaceResolution.Connected = workspace;
                WriteVerbose($"Connected to the workspace '{workspace.Name}' at '{workspace.Location}'.");
                if (PassThru) WriteObject(workspace);
            }, display);
        }
    }
}
