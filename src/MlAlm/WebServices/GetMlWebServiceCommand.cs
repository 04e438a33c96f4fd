using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Naming;
using MlAlm.Core.WebServices;

namespace MlAlm.Commands.WebServices
{
    [Cmdlet(VerbsCommon.Get, "MlWebService")]
    [OutputType(typeof(MlWebService))]
    public sealed class GetMlWebServiceCommand : WorkspaceCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("WebService")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(WebServiceNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            var services = new WebServiceService(CurrentWorkspace);
            if (Name == null)
            {
                TryRun(() => WriteObject(services.List(null, CancellationToken), enumerateCollection: true), null);
                return;
            }
            foreach (var name in Name)
                TryRun(() =>
                {
                    if (NamePattern.HasWildcards(name)) WriteObject(services.List(name, CancellationToken), enumerateCollection: true);
                    else WriteObject(services.Get(name, CancellationToken));
                }, name);
        }
    }

    /// <summary>Removes a web service and all its endpoints. While a host serves the workspace, only with -Force.</summary>
    [Cmdlet(VerbsCommon.Remove, "MlWebService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveMlWebServiceCommand : WorkspaceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ArgumentCompleter(typeof(WebServiceNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string WebService { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            TryRun(() =>
            {
                var services = new WebServiceService(CurrentWorkspace);
                var service = services.Get(WebService, CancellationToken);
                var hosts = HostLauncher.List(CurrentWorkspace, CancellationToken);
                if (hosts.Count > 0 && !Force)
                    throw new Core.Errors.MlAlmException("WebServiceInUse", Core.Errors.ErrorKind.Conflict,
                        $"{hosts.Count} scoring host(s) serve this workspace ({string.Join(", ", System.Linq.Enumerable.Select(hosts, h => h.Url))}); callers of '{service.Name}' would start getting 404. Use -Force to remove it anyway.", WebService);
                if (ShouldProcess($"web service '{service.Name}' and its {service.Endpoints.Count} endpoint(s)", "Remove")) services.Remove(service.Name, CancellationToken);
            }, WebService);
        }
    }
}
