using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.WebServices;

namespace MlAlm.Commands.WebServices
{
    /// <summary>
    /// A cmdlet that works on one endpoint, named by the object (-Endpoint, also from the pipeline)
    /// or by -WebService and -Name ('default' when omitted).
    /// </summary>
    public abstract class EndpointCmdlet : WorkspaceCmdlet
    {
        protected const string ObjectSet = "Endpoint";
        protected const string NameSet = "Name";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MlWebServiceEndpoint? Endpoint { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(WebServiceNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string WebService { get; set; } = string.Empty;

        /// <summary>The endpoint's name; 'default' when omitted.</summary>
        [Parameter(Position = 1, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [Alias("EndpointName")]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = WebServiceService.DefaultEndpoint;

        protected MlWorkspace EndpointWorkspace => Endpoint?.Workspace ?? CurrentWorkspace;
        protected string ServiceName => Endpoint?.WebService ?? WebService;
        protected string EndpointName => Endpoint?.Name ?? Name;
        protected string Target => ServiceName + "/" + EndpointName;
        protected WebServiceService Services => new WebServiceService(EndpointWorkspace);
    }
}
