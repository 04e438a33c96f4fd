using MlAlm.Core.Storage.Blob;
using MlAlm.Core.Workspaces;

namespace MlAlm.Commands.Workspace
{
    /// <summary>
    /// Where New- and Connect-MlWorkspace point, from whichever parameter set was bound: a path
    /// (or container URI given as a path), a container URI, or a connection string and container.
    /// </summary>
    internal sealed class WorkspaceTarget
    {
        public const string PathSet = "Path";
        public const string ContainerUriSet = "ContainerUri";
        public const string ConnectionStringSet = "ConnectionString";

        private readonly string? _location;
        private readonly BlobContainerAddress? _address;

        private WorkspaceTarget(string? location, BlobContainerAddress? address)
        {
            _location = location;
            _address = address;
        }

        public static WorkspaceTarget FromLocation(string location) => new WorkspaceTarget(location, null);

        public static WorkspaceTarget FromContainerUri(string containerUri) => new WorkspaceTarget(null, BlobContainerAddress.FromContainerUri(containerUri));

        public static WorkspaceTarget FromConnectionString(string connectionString, string container) =>
            new WorkspaceTarget(null, BlobContainerAddress.FromConnectionString(connectionString, container));

        /// <summary>What to name in messages and ShouldProcess: never a secret.</summary>
        public string Display => _address?.ContainerUri.ToString() ?? BlobContainerAddress.Redact(_location);

        public MlWorkspace Create(string? name) => _address != null ? WorkspaceFactory.Create(_address, name) : WorkspaceFactory.Create(_location!, name);

        public MlWorkspace Open() => _address != null ? WorkspaceFactory.Open(_address) : WorkspaceFactory.Open(_location!);

        public MlWorkspace OpenOrCreate() => _address != null ? WorkspaceFactory.OpenOrCreate(_address) : WorkspaceFactory.OpenOrCreate(_location!);
    }
}
