using System;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace MlAlm.Core.Storage.Blob
{
    /// <summary>
    /// How requests to a Blob container are authorised: an account key (from a connection string),
    /// a SAS token (from a SAS URI or connection string), or an Azure AD bearer token
    /// (Azure.Identity's DefaultAzureCredential unless another TokenCredential is given).
    /// Each kind becomes one pipeline policy; none of them ever appears in a location string.
    /// </summary>
    public abstract class BlobCredential
    {
        private protected BlobCredential() { }

        /// <summary>SharedKey, SAS or Token: shown to users, never the secret itself.</summary>
        public abstract string Kind { get; }

        internal abstract HttpPipelinePolicy CreatePolicy();

        /// <summary>
        /// The secret part of a connection string that carries this credential to a child
        /// process (the scoring host) through its environment, or null for a token credential,
        /// which the child obtains again from its own environment.
        /// </summary>
        internal abstract string? ConnectionStringPart { get; }

        /// <summary>
        /// The URI a server-side copy reads its source from. Key and token requests authorise a
        /// source in the same account; a SAS request has to carry the SAS on the source too.
        /// </summary>
        internal virtual string CopySourceUri(Uri blobUri) => blobUri.AbsoluteUri;

        public static BlobCredential SharedKey(string accountName, string accountKey) => new SharedKeyCredential(accountName, accountKey);

        public static BlobCredential Sas(string sasToken) => new SasCredential(sasToken);

        public static BlobCredential Token(TokenCredential? credential = null) => new BearerCredential(credential ?? new DefaultAzureCredential());

        private sealed class SharedKeyCredential : BlobCredential
        {
            private readonly string _accountName;
            private readonly byte[] _key;
            private readonly string _keyText;

            public SharedKeyCredential(string accountName, string accountKey)
            {
                if (string.IsNullOrEmpty(accountName)) throw new ArgumentException("An account name is required with an account key.", nameof(accountName));
                try
                {
                    _key = Convert.FromBase64String(accountKey ?? string.Empty);
                }
                catch (FormatException)
                {
                    throw new ArgumentException("The storage account key is not valid base64; copy it again from the storage account's Access keys.", nameof(accountKey));
                }
                if (_key.Length == 0) throw new ArgumentException("The storage account key is empty.", nameof(accountKey));
                _accountName = accountName;
                _keyText = accountKey!;
            }

            public override string Kind => "SharedKey";
            internal override HttpPipelinePolicy CreatePolicy() => new SharedKeySigningPolicy(_accountName, _key);
            internal override string ConnectionStringPart => "AccountName=" + _accountName + ";AccountKey=" + _keyText;
        }

        private sealed class SasCredential : BlobCredential
        {
            private readonly string _token;

            public SasCredential(string sasToken)
            {
                var token = (sasToken ?? string.Empty).TrimStart('?');
                if (token.Length == 0 || token.IndexOf("sig=", StringComparison.OrdinalIgnoreCase) < 0)
                    throw new ArgumentException("A SAS token must carry a signature ('sig=...').", nameof(sasToken));
                _token = token;
            }

            public override string Kind => "SAS";
            internal override HttpPipelinePolicy CreatePolicy() => new SasQueryPolicy(_token);
            internal override string ConnectionStringPart => "SharedAccessSignature=" + _token;
            internal override string CopySourceUri(Uri blobUri) => blobUri.AbsoluteUri + "?" + _token;
        }

        private sealed class BearerCredential : BlobCredential
        {
            private readonly TokenCredential _credential;

            public BearerCredential(TokenCredential credential) => _credential = credential;

            public override string Kind => "Token";

            // Azure.Core caches and refreshes the token; it also refuses to send one over plain http.
            internal override HttpPipelinePolicy CreatePolicy() => new BearerTokenAuthenticationPolicy(_credential, "https://storage.azure.com/.default");

            internal override string? ConnectionStringPart => null;
        }
    }
}
