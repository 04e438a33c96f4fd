using System;
using System.Collections.Generic;
using System.Linq;

namespace MlAlm.Core.Storage.Blob
{
    /// <summary>
    /// Which Blob container a workspace lives in and how to authorise requests to it, built from
    /// what a user has: a container URI (with a SAS query, or bare for Azure AD), or a connection
    /// string and a container name. <see cref="ContainerUri"/> never carries a secret.
    /// </summary>
    public sealed class BlobContainerAddress
    {
        /// <summary>
        /// Read when a bare container URI is opened: a connection string whose blob endpoint is the
        /// URI's supplies the key or SAS. Also how a scoring host inherits its caller's credential.
        /// </summary>
        public const string ConnectionStringVariable = "MLALM_STORAGE_CONNECTION_STRING";

        /// <summary>The variable the Azure CLI and SDK samples use, read after ours.</summary>
        public const string AzureConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

        // Azurite's published development account (https://learn.microsoft.com/azure/storage/common/storage-use-azurite).
        private const string DevelopmentAccount = "devstoreaccount1";
        private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

        private BlobContainerAddress(Uri containerUri, string accountName, BlobCredential credential)
        {
            ContainerUri = containerUri;
            AccountName = accountName;
            Credential = credential;
        }

        /// <summary>The container's URI, without query: safe to show and log.</summary>
        public Uri ContainerUri { get; }

        public string AccountName { get; }

        public string ContainerName => ContainerUri.Segments.Last().TrimEnd('/');

        public BlobCredential Credential { get; }

        /// <summary>The service endpoint the container belongs to (the container URI minus its name).</summary>
        public Uri ServiceEndpoint => new Uri(ContainerUri.GetLeftPart(UriPartial.Path).Substring(0, ContainerUri.GetLeftPart(UriPartial.Path).Length - ContainerName.Length).TrimEnd('/'));

        /// <summary>Whether a location string names a Blob container (an http or https URI) rather than a directory.</summary>
        public static bool IsBlobLocation(string? location) =>
            location != null && Uri.TryCreate(location, UriKind.Absolute, out var uri) &&
            (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

        /// <summary>
        /// A container URI. A SAS query is the credential; without one, a connection string in
        /// <see cref="ConnectionStringVariable"/> (or <see cref="AzureConnectionStringVariable"/>) for
        /// the same endpoint supplies it; otherwise Azure AD through DefaultAzureCredential.
        /// </summary>
        public static BlobContainerAddress FromContainerUri(string containerUri, BlobCredential? credential = null)
        {
            if (!IsBlobLocation(containerUri))
                throw new ArgumentException($"'{Redact(containerUri)}' is not an http(s) container URI.", nameof(containerUri));
            var uri = new Uri(containerUri);
            var bare = new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
            var container = bare.Segments.Length > 1 ? bare.Segments.Last().TrimEnd('/') : string.Empty;
            EnsureContainerName(container, bare);
            var account = AccountNameOf(bare, container);
            if (credential == null && uri.Query.Length > 1)
                credential = BlobCredential.Sas(uri.Query);
            credential ??= FromEnvironment(bare, container);
            if (credential == null)
            {
                // Azure.Core sends tokens only over TLS: say so before any request is made.
                if (bare.Scheme != Uri.UriSchemeHttps)
                    throw new ArgumentException(
                        $"'{bare}' carries no SAS and ${ConnectionStringVariable} holds no connection string for it; Azure AD sign-in needs https. " +
                        "Add a SAS to the URI, or use -ConnectionString with -Container.", nameof(containerUri));
                credential = BlobCredential.Token();
            }
            return new BlobContainerAddress(bare, account, credential);
        }

        /// <summary>
        /// A connection string (AccountName/AccountKey, SharedAccessSignature, BlobEndpoint,
        /// EndpointSuffix, DefaultEndpointsProtocol, or UseDevelopmentStorage=true) and a container.
        /// </summary>
        public static BlobContainerAddress FromConnectionString(string connectionString, string containerName)
        {
            var parts = ParseConnectionString(connectionString);
            Uri endpoint;
            string? account;
            BlobCredential credential;
            if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && string.Equals(dev, "true", StringComparison.OrdinalIgnoreCase))
            {
                endpoint = new Uri(parts.TryGetValue("DevelopmentStorageProxyUri", out var proxy) ? proxy.TrimEnd('/') + ":10000/" + DevelopmentAccount : "http://127.0.0.1:10000/" + DevelopmentAccount);
                account = DevelopmentAccount;
                credential = BlobCredential.SharedKey(DevelopmentAccount, DevelopmentKey);
            }
            else
            {
                parts.TryGetValue("AccountName", out account);
                if (parts.TryGetValue("BlobEndpoint", out var blobEndpoint))
                {
                    if (!Uri.TryCreate(blobEndpoint.TrimEnd('/'), UriKind.Absolute, out endpoint!))
                        throw new ArgumentException($"The connection string's BlobEndpoint '{blobEndpoint}' is not a URI.", nameof(connectionString));
                }
                else
                {
                    if (string.IsNullOrEmpty(account))
                        throw new ArgumentException("The connection string names neither a BlobEndpoint nor an AccountName.", nameof(connectionString));
                    var protocol = parts.TryGetValue("DefaultEndpointsProtocol", out var p) ? p : "https";
                    var suffix = parts.TryGetValue("EndpointSuffix", out var s) ? s : "core.windows.net";
                    endpoint = new Uri($"{protocol}://{account}.blob.{suffix}");
                }
                if (parts.TryGetValue("SharedAccessSignature", out var sas)) credential = BlobCredential.Sas(sas);
                else if (parts.TryGetValue("AccountKey", out var key))
                {
                    if (string.IsNullOrEmpty(account))
                        throw new ArgumentException("The connection string has an AccountKey but no AccountName.", nameof(connectionString));
                    credential = BlobCredential.SharedKey(account!, key);
                }
                else throw new ArgumentException("The connection string carries no credential: it needs AccountKey or SharedAccessSignature.", nameof(connectionString));
            }
            EnsureContainerName(containerName, endpoint);
            var containerUri = new Uri(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + containerName);
            return new BlobContainerAddress(containerUri, account ?? AccountNameOf(containerUri, containerName), credential);
        }

        /// <summary>
        /// A connection string that lets a child process open this container with the same
        /// credential (set as <see cref="ConnectionStringVariable"/> in its environment), or null
        /// when the child should obtain an Azure AD token itself.
        /// </summary>
        internal string? ConnectionStringForChildProcess =>
            Credential.ConnectionStringPart is { } secret ? "BlobEndpoint=" + ServiceEndpoint + ";" + secret : null;

        private static BlobCredential? FromEnvironment(Uri containerUri, string container)
        {
            foreach (var variable in new[] { ConnectionStringVariable, AzureConnectionStringVariable })
            {
                var value = Environment.GetEnvironmentVariable(variable);
                if (string.IsNullOrWhiteSpace(value)) continue;
                BlobContainerAddress candidate;
                try
                {
                    candidate = FromConnectionString(value!, container);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"${variable} is not a usable storage connection string: {e.Message}", e);
                }
                if (Uri.Compare(candidate.ContainerUri, containerUri, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
                    return candidate.Credential;
            }
            return null;
        }

        private static Dictionary<string, string> ParseConnectionString(string connectionString)
        {
            if (string.IsNullOrWhiteSpace(connectionString)) throw new ArgumentException("The connection string is empty.", nameof(connectionString));
            var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var part in connectionString.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = part.IndexOf('=');
                if (eq <= 0) throw new ArgumentException($"The connection string has a part without 'name=value': '{Redact(part)}'.", nameof(connectionString));
                parts[part.Substring(0, eq).Trim()] = part.Substring(eq + 1).Trim();
            }
            return parts;
        }

        // Path-style endpoints (Azurite, IP addresses) carry the account as the first path segment;
        // Azure's own put it in the host name.
        private static string AccountNameOf(Uri containerUri, string container)
        {
            var segments = containerUri.AbsolutePath.Trim('/').Split('/');
            if (segments.Length >= 2) return segments[segments.Length - 2];
            return containerUri.Host.Split('.')[0];
        }

        /// <summary>Container naming rules of the Blob service, checked before any request.</summary>
        public static bool IsValidContainerName(string? name) =>
            name != null && name.Length >= 3 && name.Length <= 63 &&
            name.All(c => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') &&
            name[0] != '-' && name[name.Length - 1] != '-' && name.IndexOf("--", StringComparison.Ordinal) < 0;

        private static void EnsureContainerName(string container, Uri where)
        {
            if (!IsValidContainerName(container))
                throw new ArgumentException(
                    $"'{container}' (in '{where.GetLeftPart(UriPartial.Path)}') is not a valid Blob container name: use 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.");
        }

        /// <summary>A URI or text with any SAS signature or account key masked, for messages.</summary>
        public static string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            int q = text!.IndexOf('?');
            if (q >= 0 && text.IndexOf("sig=", q, StringComparison.OrdinalIgnoreCase) >= 0) return text.Substring(0, q) + "?<SAS>";
            int key = text.IndexOf("AccountKey=", StringComparison.OrdinalIgnoreCase);
            if (key >= 0) return text.Substring(0, key) + "AccountKey=<key>";
            return text;
        }

        public override string ToString() => ContainerUri.ToString();

        /// <summary>A blob name as a URI path: each segment escaped, the slashes kept.</summary>
        internal static string EscapeBlobName(string blobName) => string.Join("/", blobName.Split('/').Select(Uri.EscapeDataString));
    }
}
