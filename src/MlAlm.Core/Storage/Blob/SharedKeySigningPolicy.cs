using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace MlAlm.Core.Storage.Blob
{
    /// <summary>
    /// Signs each attempt with the account key ("Shared Key" authorisation of the Blob service):
    /// an HMAC-SHA256 over the verb, the standard headers, the x-ms-* headers and the resource.
    /// Runs per retry so every attempt carries a fresh x-ms-date.
    /// </summary>
    internal sealed class SharedKeySigningPolicy : HttpPipelineSynchronousPolicy
    {
        private readonly string _accountName;
        private readonly byte[] _key;

        public SharedKeySigningPolicy(string accountName, byte[] key)
        {
            _accountName = accountName;
            _key = key;
        }

        public override void OnSendingRequest(HttpMessage message)
        {
            var request = message.Request;
            request.Headers.SetValue("x-ms-date", DateTime.UtcNow.ToString("R", CultureInfo.InvariantCulture));
            string toSign = StringToSign(request);
            using var hmac = new HMACSHA256(_key);
            var signature = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(toSign)));
            request.Headers.SetValue("Authorization", "SharedKey " + _accountName + ":" + signature);
        }

        internal string StringToSign(Request request)
        {
            long length = 0;
            if (request.Content != null && !request.Content.TryComputeLength(out length)) length = 0;
            var sb = new StringBuilder();
            sb.Append(request.Method.Method.ToUpperInvariant()).Append('\n');
            sb.Append(Header(request, "Content-Encoding")).Append('\n');
            sb.Append(Header(request, "Content-Language")).Append('\n');
            // Since version 2015-02-21 a zero length is signed as an empty string.
            sb.Append(length > 0 ? length.ToString(CultureInfo.InvariantCulture) : string.Empty).Append('\n');
            sb.Append(Header(request, "Content-MD5")).Append('\n');
            sb.Append(Header(request, "Content-Type")).Append('\n');
            sb.Append(string.Empty).Append('\n'); // Date: x-ms-date is used instead
            sb.Append(Header(request, "If-Modified-Since")).Append('\n');
            sb.Append(Header(request, "If-Match")).Append('\n');
            sb.Append(Header(request, "If-None-Match")).Append('\n');
            sb.Append(Header(request, "If-Unmodified-Since")).Append('\n');
            sb.Append(Header(request, "Range")).Append('\n');
            foreach (var header in request.Headers
                         .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                         .Select(h => new KeyValuePair<string, string>(h.Name.ToLowerInvariant(), h.Value.Trim()))
                         .OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                sb.Append(header.Key).Append(':').Append(header.Value).Append('\n');
            }
            sb.Append('/').Append(_accountName).Append(request.Uri.Path);
            foreach (var parameter in QueryParameters(request.Uri.Query).OrderBy(p => p.Key, StringComparer.Ordinal))
                sb.Append('\n').Append(parameter.Key).Append(':').Append(string.Join(",", parameter.Value));
            return sb.ToString();
        }

        private static string Header(Request request, string name) =>
            request.Headers.TryGetValue(name, out var value) ? value : string.Empty;

        private static IEnumerable<KeyValuePair<string, List<string>>> QueryParameters(string query)
        {
            var parameters = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var pair in query.TrimStart('?').Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                var name = Uri.UnescapeDataString(eq < 0 ? pair : pair.Substring(0, eq)).ToLowerInvariant();
                var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(eq + 1));
                if (!parameters.TryGetValue(name, out var values)) parameters[name] = values = new List<string>();
                values.Add(value);
            }
            foreach (var values in parameters.Values) values.Sort(StringComparer.Ordinal);
            return parameters;
        }
    }
}
