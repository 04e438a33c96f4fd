using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
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

    /// <summary>
    /// New- and Connect-MlWorkspace: the Blob parameter sets they share (each declares its own
    /// -Path, whose aliases differ) and the target they bind to.
    /// </summary>
    public abstract class WorkspaceLocationCmdlet : MlCmdlet
    {
        /// <summary>A Blob container URI: with a SAS query, or bare (key from the environment, else Azure AD).</summary>
        [Parameter(Mandatory = true, ParameterSetName = WorkspaceTarget.ContainerUriSet)]
        [ValidateNotNullOrEmpty]
        public string ContainerUri { get; set; } = string.Empty;

        /// <summary>A storage connection string (account key or SAS), with -Container.</summary>
        [Parameter(Mandatory = true, ParameterSetName = WorkspaceTarget.ConnectionStringSet)]
        [ValidateNotNullOrEmpty]
        public string ConnectionString { get; set; } = string.Empty;

        /// <summary>The container, with -ConnectionString.</summary>
        [Parameter(Mandatory = true, ParameterSetName = WorkspaceTarget.ConnectionStringSet)]
        [ValidateNotNullOrEmpty]
        public string Container { get; set; } = string.Empty;

        /// <summary>The -Path of the cmdlet, as given.</summary>
        protected abstract string PathArgument { get; }

        internal WorkspaceTarget Target() => ParameterSetName switch
        {
            WorkspaceTarget.ContainerUriSet => WorkspaceTarget.FromContainerUri(ContainerUri),
            WorkspaceTarget.ConnectionStringSet => WorkspaceTarget.FromConnectionString(ConnectionString, Container),
            _ => WorkspaceTarget.FromLocation(ResolveLocation(PathArgument)),
        };
    }
}
