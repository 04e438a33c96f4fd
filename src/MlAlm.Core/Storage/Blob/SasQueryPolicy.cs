using Azure.Core;
using Azure.Core.Pipeline;

namespace MlAlm.Core.Storage.Blob
{
    /// <summary>Appends a SAS token to each request's query, once per call (before the retry policy).</summary>
    internal sealed class SasQueryPolicy : HttpPipelineSynchronousPolicy
    {
        private readonly string _token;

        public SasQueryPolicy(string token) => _token = token;

        public override void OnSendingRequest(HttpMessage message)
        {
            var uri = message.Request.Uri;
            var query = uri.Query;
            uri.Query = string.IsNullOrEmpty(query) || query == "?" ? "?" + _token : query + "&" + _token;
        }
    }
}
