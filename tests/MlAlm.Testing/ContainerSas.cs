using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MlAlm.Testing
{
    /// <summary>
    /// A Blob service SAS for one container (sr=c), signed with the account key, as the portal,
    /// az storage container generate-sas or BlobSasBuilder would make it: for the tests of the
    /// store's SAS credential against Azurite (valid, expired, too few permissions).
    /// The string to sign is that of signed version 2020-12-06 and later: permissions, start,
    /// expiry, canonicalized resource (/blob/account/container), identifier, IP range, protocol,
    /// version, resource, snapshot time, encryption scope, then the five response header
    /// overrides (rscc, rscd, rsce, rscl, rsct), joined by newlines; unused fields are empty.
    /// </summary>
    public static class ContainerSas
    {
        public const string SignedVersion = "2020-12-06";

        /// <summary>
        /// The SAS token (query string without '?'). <paramref name="permissions"/> in the service's
        /// order, e.g. "racwdl" (read, add, create, write, delete, list) or "rl".
        /// </summary>
        public static string Create(string accountName, string accountKey, string containerName, string permissions,
            DateTimeOffset expiresOn, DateTimeOffset? startsOn = null)
        {
            if (string.IsNullOrEmpty(permissions)) throw new ArgumentException("A SAS needs at least one permission.", nameof(permissions));
            string start = startsOn.HasValue ? Iso(startsOn.Value) : string.Empty;
            string expiry = Iso(expiresOn);
            const string protocol = "https,http";
            const string resource = "c";
            string toSign = string.Join("\n",
                permissions,
                start,
                expiry,
                "/blob/" + accountName + "/" + containerName,
                string.Empty, // signed identifier (stored access policy)
                string.Empty, // signed IP range
                protocol,
                SignedVersion,
                resource,
                string.Empty, // snapshot time
                string.Empty, // encryption scope
                string.Empty, // rscc
                string.Empty, // rscd
                string.Empty, // rsce
                string.Empty, // rscl
                string.Empty); // rsct
            string signature;
            using (var hmac = new HMACSHA256(Convert.FromBase64String(accountKey)))
                signature = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(toSign)));

            var query = new StringBuilder()
                .Append("sv=").Append(SignedVersion)
                .Append("&spr=").Append(Uri.EscapeDataString(protocol));
            if (start.Length > 0) query.Append("&st=").Append(Uri.EscapeDataString(start));
            query.Append("&se=").Append(Uri.EscapeDataString(expiry))
                .Append("&sr=").Append(resource)
                .Append("&sp=").Append(permissions)
                .Append("&sig=").Append(Uri.EscapeDataString(signature));
            return query.ToString();
        }

        /// <summary>The container URI on the server with a SAS query.</summary>
        public static Uri CreateUri(AzuriteServer server, string containerName, string permissions, DateTimeOffset expiresOn, DateTimeOffset? startsOn = null) =>
            new Uri(server.ContainerUri(containerName).AbsoluteUri + "?" + Create(server.AccountName, server.AccountKey, containerName, permissions, expiresOn, startsOn));

        /// <summary>A connection string carrying the SAS instead of the key (BlobEndpoint + SharedAccessSignature).</summary>
        public static string CreateConnectionString(AzuriteServer server, string containerName, string permissions, DateTimeOffset expiresOn) =>
            $"BlobEndpoint={server.BlobEndpoint.AbsoluteUri};SharedAccessSignature={Create(server.AccountName, server.AccountKey, containerName, permissions, expiresOn)}";

        // Whole seconds, UTC, as the service expects (yyyy-MM-ddTHH:mm:ssZ).
        private static string Iso(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
