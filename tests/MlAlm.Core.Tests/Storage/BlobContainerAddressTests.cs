using System;
using MlAlm.Core.Storage.Blob;
using Xunit;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>How a Blob workspace location and its credential are read from what a user types.</summary>
    [Collection(EnvironmentVariableCollection.Name)]
    public sealed class BlobContainerAddressTests : IDisposable
    {
        private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        private readonly string? _saved = Environment.GetEnvironmentVariable(BlobContainerAddress.ConnectionStringVariable);
        private readonly string? _savedAzure = Environment.GetEnvironmentVariable(BlobContainerAddress.AzureConnectionStringVariable);

        public BlobContainerAddressTests()
        {
            Environment.SetEnvironmentVariable(BlobContainerAddress.ConnectionStringVariable, null);
            Environment.SetEnvironmentVariable(BlobContainerAddress.AzureConnectionStringVariable, null);
        }

        public void Dispose()
        {
            Environment.SetEnvironmentVariable(BlobContainerAddress.ConnectionStringVariable, _saved);
            Environment.SetEnvironmentVariable(BlobContainerAddress.AzureConnectionStringVariable, _savedAzure);
        }

        [Fact]
        public void An_account_connection_string_builds_the_azure_endpoint_and_a_shared_key()
        {
            var address = BlobContainerAddress.FromConnectionString($"DefaultEndpointsProtocol=https;AccountName=mlteam;AccountKey={Key};EndpointSuffix=core.windows.net", "churn-team");
            Assert.Equal("https://mlteam.blob.core.windows.net/churn-team", address.ContainerUri.ToString());
            Assert.Equal("mlteam", address.AccountName);
            Assert.Equal("churn-team", address.ContainerName);
            Assert.Equal("SharedKey", address.Credential.Kind);
        }

        [Fact]
        public void A_blob_endpoint_connection_string_keeps_a_path_style_account()
        {
            var address = BlobContainerAddress.FromConnectionString($"AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1/", "team-ws");
            Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/team-ws", address.ContainerUri.ToString());
            Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", address.ServiceEndpoint.ToString().TrimEnd('/'));
            Assert.Equal("devstoreaccount1", address.AccountName);
        }

        [Fact]
        public void Development_storage_means_azurite_on_its_default_port()
        {
            var address = BlobContainerAddress.FromConnectionString("UseDevelopmentStorage=true", "team-ws");
            Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/team-ws", address.ContainerUri.ToString());
            Assert.Equal("SharedKey", address.Credential.Kind);
        }

        [Fact]
        public void A_sas_uri_is_a_sas_credential_and_its_location_shows_no_secret()
        {
            var address = BlobContainerAddress.FromContainerUri("https://mlteam.blob.core.windows.net/team?sv=2021-12-02&sr=c&sp=racwdl&se=2030-01-01&sig=abc%3D");
            Assert.Equal("SAS", address.Credential.Kind);
            Assert.Equal("https://mlteam.blob.core.windows.net/team", address.ContainerUri.ToString());
            Assert.DoesNotContain("sig", address.ToString());
        }

        [Fact]
        public void A_bare_uri_takes_the_key_from_a_connection_string_for_the_same_endpoint_only()
        {
            Environment.SetEnvironmentVariable(BlobContainerAddress.ConnectionStringVariable, $"AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1");
            Assert.Equal("SharedKey", BlobContainerAddress.FromContainerUri("http://127.0.0.1:10000/devstoreaccount1/team-ws").Credential.Kind);
            // Another account: the key is not sent there; Azure AD is used instead.
            Assert.Equal("Token", BlobContainerAddress.FromContainerUri("https://other.blob.core.windows.net/team-ws").Credential.Kind);
        }

        [Fact]
        public void A_bare_http_uri_without_a_key_is_refused_because_tokens_need_https()
        {
            var error = Assert.Throws<ArgumentException>(() => BlobContainerAddress.FromContainerUri("http://127.0.0.1:10000/devstoreaccount1/team-ws"));
            Assert.Contains("needs https", error.Message);
            Assert.Contains(BlobContainerAddress.ConnectionStringVariable, error.Message);
        }

        [Fact]
        public void The_azure_cli_variable_is_read_after_ours()
        {
            Environment.SetEnvironmentVariable(BlobContainerAddress.AzureConnectionStringVariable, $"AccountName=mlteam;AccountKey={Key}");
            Assert.Equal("SharedKey", BlobContainerAddress.FromContainerUri("https://mlteam.blob.core.windows.net/team-ws").Credential.Kind);
        }

        [Fact]
        public void The_connection_string_for_a_child_process_reopens_the_same_container_with_the_same_credential()
        {
            var address = BlobContainerAddress.FromConnectionString($"AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1", "team-ws");
            Environment.SetEnvironmentVariable(BlobContainerAddress.ConnectionStringVariable, address.ConnectionStringForChildProcess);
            var reopened = BlobContainerAddress.FromContainerUri(address.ContainerUri.ToString());
            Assert.Equal("SharedKey", reopened.Credential.Kind);
            Assert.Equal(address.ContainerUri, reopened.ContainerUri);

            var sas = BlobContainerAddress.FromContainerUri("http://127.0.0.1:10000/devstoreaccount1/team-ws?sv=2021-12-02&sr=c&sp=rl&sig=xyz");
            Environment.SetEnvironmentVariable(BlobContainerAddress.ConnectionStringVariable, sas.ConnectionStringForChildProcess);
            Assert.Equal("SAS", BlobContainerAddress.FromContainerUri("http://127.0.0.1:10000/devstoreaccount1/team-ws").Credential.Kind);
        }

        [Theory]
        [InlineData("ab")]
        [InlineData("Upper")]
        [InlineData("under_score")]
        [InlineData("double--hyphen")]
        [InlineData("-leading")]
        public void Invalid_container_names_are_refused_before_any_request(string container)
        {
            var error = Assert.Throws<ArgumentException>(() => BlobContainerAddress.FromConnectionString("UseDevelopmentStorage=true", container));
            Assert.Contains("not a valid Blob container name", error.Message);
        }

        [Theory]
        [InlineData("AccountName=a", "no credential")]
        [InlineData("AccountKey=" + Key, "names neither a BlobEndpoint nor an AccountName")]
        [InlineData("AccountName=a;AccountKey=not base64!", "not valid base64")]
        [InlineData("garbage", "without 'name=value'")]
        [InlineData("BlobEndpoint=http://h/a;SharedAccessSignature=sv=1", "signature")]
        public void Unusable_connection_strings_say_what_is_wrong(string connectionString, string expected)
        {
            var error = Assert.Throws<ArgumentException>(() => BlobContainerAddress.FromConnectionString(connectionString, "team-ws"));
            Assert.Contains(expected, error.Message);
        }

        [Fact]
        public void Redact_masks_signatures_and_keys()
        {
            Assert.Equal("https://a.blob.core.windows.net/c?<SAS>", BlobContainerAddress.Redact("https://a.blob.core.windows.net/c?sv=1&sig=secret"));
            Assert.Equal("AccountName=a;AccountKey=<key>", BlobContainerAddress.Redact("AccountName=a;AccountKey=secret;X=1"));
        }
    }
}
