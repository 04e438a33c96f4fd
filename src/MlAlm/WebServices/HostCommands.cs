using System.IO;
using System.Linq;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.WebServices;

namespace MlAlm.Commands.WebServices
{
    /// <summary>Starts a scoring host for the workspace as a detached local process and waits until it serves.</summary>
    [Cmdlet(VerbsLifecycle.Start, "MlWebServiceHost", SupportsShouldProcess = true)]
    [OutputType(typeof(MlWebServiceHost))]
    public sealed class StartMlWebServiceHostCommand : WorkspaceCmdlet
    {
        /// <summary>The TCP port on 127.0.0.1.</summary>
        [Parameter(Position = 0)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 8080;

        /// <summary>Serve only endpoints with this environment label; every endpoint when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Environment { get; set; }

        protected override void ProcessRecord()
        {
            var workspace = CurrentWorkspace;
            if (!ShouldProcess($"http://127.0.0.1:{Port} for {workspace.Location}", "Start scoring host")) return;
            var hostAssembly = Path.Combine(Path.GetDirectoryName(typeof(StartMlWebServiceHostCommand).Assembly.Location) ?? ".", "host", "MlAlm.Host.dll");
            TryRun(() => WriteObject(HostLauncher.Start(workspace, hostAssembly, Port, Environment, CancellationToken)), Port);
        }
    }

    [Cmdlet(VerbsCommon.Get, "MlWebServiceHost")]
    [OutputType(typeof(MlWebServiceHost))]
    public sealed class GetMlWebServiceHostCommand : WorkspaceCmdlet
    {
        protected override void ProcessRecord() =>
            TryRun(() => WriteObject(HostLauncher.List(CurrentWorkspace, CancellationToken), enumerateCollection: true), null);
    }

    /// <summary>Stops scoring hosts: the given ones, or every host of the workspace.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "MlWebServiceHost", SupportsShouldProcess = true, DefaultParameterSetName = "All")]
    [OutputType(typeof(void))]
    public sealed class StopMlWebServiceHostCommand : WorkspaceCmdlet
    {
        /// <summary>The host to stop (from Get-MlWebServiceHost or Start-MlWebServiceHost).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Host", ValueFromPipeline = true)]
        [ValidateNotNull]
        public MlWebServiceHost? InputObject { get; set; }

        protected override void ProcessRecord()
        {
            var workspace = InputObject?.Workspace ?? CurrentWorkspace;
            TryRun(() =>
            {
                var hosts = InputObject != null ? new[] { InputObject } : HostLauncher.List(workspace, CancellationToken).ToArray();
                foreach (var host in hosts)
                    if (ShouldProcess($"scoring host {host.Url} (process {host.ProcessId})", "Stop")) HostLauncher.Stop(workspace, host, CancellationToken);
            }, InputObject);
        }
    }
}
