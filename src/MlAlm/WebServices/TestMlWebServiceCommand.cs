using System.Management.Automation;
using MlAlm.Core.WebServices.Client;

namespace MlAlm.Commands.WebServices
{
    /// <summary>Smoke-tests a deployed endpoint over HTTP with sample rows; one result per check.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "MlWebService", DefaultParameterSetName = ObjectSet)]
    [OutputType(typeof(MlWebServiceCheck))]
    public sealed class TestMlWebServiceCommand : EndpointCmdlet
    {
        /// <summary>A CSV file of sample rows (up to 100 are sent).</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string InputPath { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(InputPath);
            TryRun(() =>
            {
                var endpoint = Endpoint ?? Services.GetEndpoint(ServiceName, EndpointName, CancellationToken);
                var sample = Learning.Data.DataTableReader.ReadFile(file, null, null, CancellationToken);
                foreach (var check in new WebServiceTester(endpoint).Run(sample, CancellationToken)) WriteObject(check);
            }, Target);
        }
    }
}
