using System;
using MlAlm.Core.Storage.Blob;
using MlAlm.Testing;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>
    /// The shared Azurite server, with its account key in $MLALM_STORAGE_CONNECTION_STRING so that
    /// child processes given only a container URI find the credential, as a scoring host does.
    /// The variable names the shared server's endpoint only: a private server's containers are
    /// opened with their own connection string.
    /// </summary>
    internal static class AzuriteEnvironment
    {
        private static readonly Lazy<AzuriteServer> Server = new Lazy<AzuriteServer>(() =>
        {
            var server = AzuriteServer.Shared;
            Environment.SetEnvironmentVariable(BlobContainerAddress.ConnectionStringVariable, server.ConnectionString);
            return server;
        });

        public static AzuriteServer SharedServerWithKeyInEnvironment() => Server.Value;
    }
}
