using System.Linq;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.WebServices;

namespace MlAlm.Commands.WebServices
{
    /// <summary>Adds an endpoint: a copy of the default endpoint's pipeline with its own keys, limits and environment.</summary>
    [Cmdlet(VerbsCommon.Add, "MlWebServiceEndpoint", SupportsShouldProcess = true)]
    [OutputType(typeof(MlWebServiceEndpoint))]
    public sealed class AddMlWebServiceEndpointCommand : WorkspaceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(WebServiceNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string WebService { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>Requests served at once (1 to 1024); the default endpoint's when omitted.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int? MaxConcurrentCalls { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Environment { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"web service '{WebService}'", $"Add endpoint '{Name}'")) return;
            TryRun(() => WriteObject(new WebServiceService(CurrentWorkspace).AddEndpoint(WebService, Name, MaxConcurrentCalls, Environment, CancellationToken)), Name);
        }
    }

    [Cmdlet(VerbsCommon.Get, "MlWebServiceEndpoint")]
    [OutputType(typeof(MlWebServiceEndpoint))]
    public sealed class GetMlWebServiceEndpointCommand : WorkspaceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(WebServiceNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string WebService { get; set; } = string.Empty;

        /// <summary>One endpoint; every endpoint of the service when omitted.</summary>
        [Parameter(Position = 1)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        protected override void ProcessRecord()
        {
            var services = new WebServiceService(CurrentWorkspace);
            TryRun(() =>
            {
                if (Name != null && !WildcardPattern.ContainsWildcardCharacters(Name)) WriteObject(services.GetEndpoint(WebService, Name, CancellationToken));
                else
                {
                    var pattern = new WildcardPattern(Name ?? "*", WildcardOptions.IgnoreCase);
                    WriteObject(services.ListEndpoints(WebService, CancellationToken).Where(e => pattern.IsMatch(e.Name)), enumerateCollection: true);
                }
            }, WebService);
        }
    }

    /// <summary>Repins an endpoint to another trained model version (and transforms); hosts pick it up without a restart.</summary>
    [Cmdlet(VerbsData.Update, "MlWebServiceEndpoint", SupportsShouldProcess = true, DefaultParameterSetName = ObjectSet)]
    [Alias("Patch-MlWebServiceEndpoint")]
    [OutputType(typeof(MlWebServiceEndpoint))]
    public sealed class UpdateMlWebServiceEndpointCommand : EndpointCmdlet
    {
        /// <summary>The trained model to serve: 'name', 'name:version' or the object.</summary>
        [Parameter]
        [AssetSpecTransformation]
        [ValidateNotNullOrEmpty]
        public string? TrainedModel { get; set; }

        /// <summary>The transforms to apply before it, in order (replacing the current ones).</summary>
        [Parameter]
        [AssetSpecTransformation]
        public string[]? Transform { get; set; }

        [Parameter]
        [ValidateRange(1, 1024)]
        public int? MaxConcurrentCalls { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"endpoint '{Target}'", "Update")) return;
            TryRun(() => WriteObject(Services.UpdateEndpoint(ServiceName, EndpointName,
                TrainedModel == null ? null : AssetSpec.Parse(TrainedModel, "trained model"),
                Transform?.Select(t => AssetSpec.Parse(t, "transform")).ToList(), MaxConcurrentCalls, CancellationToken)), Target);
        }
    }

    /// <summary>Makes an endpoint serve exactly what the default endpoint serves.</summary>
    [Cmdlet(VerbsData.Sync, "MlWebServiceEndpoint", SupportsShouldProcess = true, DefaultParameterSetName = ObjectSet)]
    [Alias("Refresh-MlWebServiceEndpoint")]
    [OutputType(typeof(MlWebServiceEndpoint))]
    public sealed class SyncMlWebServiceEndpointCommand : EndpointCmdlet
    {
        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"endpoint '{Target}'", "Copy the default endpoint's pipeline")) return;
            TryRun(() => WriteObject(Services.SyncEndpoint(ServiceName, EndpointName, CancellationToken)), Target);
        }
    }

    /// <summary>Removes an endpoint (never 'default': remove the service instead).</summary>
    [Cmdlet(VerbsCommon.Remove, "MlWebServiceEndpoint", SupportsShouldProcess = true, DefaultParameterSetName = ObjectSet, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveMlWebServiceEndpointCommand : EndpointCmdlet
    {
        /// <summary>Remove it even while a scoring host serves the workspace.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            TryRun(() =>
            {
                var hosts = HostLauncher.List(EndpointWorkspace, CancellationToken);
                if (hosts.Count > 0 && !Force)
                    throw new Core.Errors.MlAlmException("EndpointInUse", Core.Errors.ErrorKind.Conflict,
                        $"{hosts.Count} scoring host(s) serve this workspace; callers of '{Target}' would start getting 404. Use -Force to remove it anyway.", Target);
                if (ShouldProcess($"endpoint '{Target}'", "Remove")) Services.RemoveEndpoint(ServiceName, EndpointName, CancellationToken);
            }, Target);
        }
    }

    /// <summary>Replaces the primary or secondary key with a new random one; the other keeps working meanwhile.</summary>
    [Cmdlet(VerbsCommon.Reset, "MlWebServiceEndpointKey", SupportsShouldProcess = true, DefaultParameterSetName = ObjectSet, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MlWebServiceEndpoint))]
    public sealed class ResetMlWebServiceEndpointKeyCommand : EndpointCmdlet
    {
        [Parameter(Mandatory = true)]
        public EndpointKeyType KeyType { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"endpoint '{Target}'", $"Reset the {KeyType.ToString().ToLowerInvariant()} key")) return;
            TryRun(() => WriteObject(Services.ResetKey(ServiceName, EndpointName, KeyType, CancellationToken)), Target);
        }
    }
}
