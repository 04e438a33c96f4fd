using System;
using System.IO;
using MlAlm.Core.Errors;
using MlAlm.Core.Json;
using MlAlm.Core.Naming;
using MlAlm.Core.Storage;
using MlAlm.Core.Storage.Blob;
using MlAlm.Core.Storage.Local;

namespace MlAlm.Core.Workspaces
{
    /// <summary>
    /// Creates and opens workspaces from a location: a directory path, or an http(s) Blob
    /// container URI (see <see cref="BlobContainerAddress.FromContainerUri"/> for its credential),
    /// or from a <see cref="BlobContainerAddress"/> built from a connection string.
    /// </summary>
    public static class WorkspaceFactory
    {
        public const string EnvironmentVariable = "MLALM_WORKSPACE";

        /// <summary>The default local workspace under the user's profile.</summary>
        public static string DefaultLocalPath
        {
            get
            {
                var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
                if (string.IsNullOrEmpty(root))
                    root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
                return Path.Combine(root, "MlAlm", "workspace");
            }
        }

        /// <summary>Creates a new workspace; refuses a location that already holds one.</summary>
        public static MlWorkspace Create(string location, string? name) => Create(OpenStore(location, mustExist: false), name, location);

        /// <summary>Creates a new workspace in a Blob container, creating the container when it does not exist.</summary>
        public static MlWorkspace Create(BlobContainerAddress address, string? name) => Create(OpenBlobStore(address, create: true), name, address.ToString());

        /// <summary>Opens an existing workspace in a Blob container.</summary>
        public static MlWorkspace Open(BlobContainerAddress address) => Open(OpenBlobStore(address, create: false), address.ToString());

        /// <summary>Opens a workspace in a Blob container, creating it (and the container) on first use.</summary>
        public static MlWorkspace OpenOrCreate(BlobContainerAddress address) => OpenOrCreate(OpenBlobStore(address, create: true));

        private static MlWorkspace Create(IWorkspaceStore store, string? name, string location)
        {
            if (store.GetDocument(WorkspaceDocument.Key) != null)
                throw MlAlmException.AlreadyExists("WorkspaceExists", $"'{store.Location}' is already an MlAlm workspace; use Connect-MlWorkspace to use it.", location);
            return Initialize(store, name ?? DefaultName(store.Location));
        }

        /// <summary>Opens an existing workspace; a location that is not one is an error naming it.</summary>
        public static MlWorkspace Open(string location) => Open(OpenStore(location, mustExist: true), location);

        private static MlWorkspace Open(IWorkspaceStore store, string location)
        {
            var doc = store.GetDocument(WorkspaceDocument.Key)
                ?? throw MlAlmException.NotFound("WorkspaceNotFound", $"'{store.Location}' is not an MlAlm workspace; create one with {CreateCommandFor(store, location)}.", store.Location);
            return FromDocument(store, doc);
        }

        private static string CreateCommandFor(IWorkspaceStore store, string location) =>
            store is BlobWorkspaceStore ? $"New-MlWorkspace -ContainerUri '{store.Location}'" : $"New-MlWorkspace -Path '{location}'";

        /// <summary>Opens a workspace, creating it on first use (the default workspace's behaviour).</summary>
        public static MlWorkspace OpenOrCreate(string location) => OpenOrCreate(OpenStore(location, mustExist: false));

        private static MlWorkspace OpenOrCreate(IWorkspaceStore store)
        {
            var doc = store.GetDocument(WorkspaceDocument.Key);
            if (doc != null) return FromDocument(store, doc);
            try
            {
                return Initialize(store, DefaultName(store.Location));
            }
            catch (MlAlmException e) when (e.Kind == ErrorKind.AlreadyExists)
            {
                // Another process created it at the same moment: use theirs.
                return FromDocument(store, store.GetDocument(WorkspaceDocument.Key)!);
            }
        }

        private static MlWorkspace Initialize(IWorkspaceStore store, string name)
        {
            NameRules.Validate(name, "workspace");
            var document = new WorkspaceDocument { Id = Guid.NewGuid(), Name = name, CreatedUtc = DateTime.UtcNow };
            try
            {
                store.CreateDocument(WorkspaceDocument.Key, DocumentJson.Serialize(document));
            }
            catch (DocumentExistsException)
            {
                throw MlAlmException.AlreadyExists("WorkspaceExists", $"'{store.Location}' is already an MlAlm workspace.", store.Location);
            }
            return new MlWorkspace(store, KindOf(store), document.Id, document.Name, document.CreatedUtc);
        }

        private static MlWorkspace FromDocument(IWorkspaceStore store, StoredDocument stored)
        {
            var doc = DocumentJson.Deserialize<WorkspaceDocument>(stored.Content, WorkspaceDocument.Key);
            if (doc.Format > WorkspaceDocument.CurrentFormat)
                throw new MlAlmException("WorkspaceFormatTooNew", ErrorKind.InvalidData,
                    $"The workspace at '{store.Location}' has format {doc.Format}, newer than this MlAlm reads ({WorkspaceDocument.CurrentFormat}); update the MlAlm module.", store.Location);
            return new MlWorkspace(store, KindOf(store), doc.Id, doc.Name, doc.CreatedUtc);
        }

        private static IWorkspaceStore OpenStore(string location, bool mustExist)
        {
            if (string.IsNullOrWhiteSpace(location))
                throw MlAlmException.InvalidArgument("InvalidWorkspaceLocation", "A workspace location is required: a directory path or a Blob container URI.");
            if (BlobContainerAddress.IsBlobLocation(location))
            {
                BlobContainerAddress address;
                try
                {
                    address = BlobContainerAddress.FromContainerUri(location);
                }
                catch (ArgumentException e)
                {
                    throw MlAlmException.InvalidArgument("InvalidWorkspaceLocation", e.Message, BlobContainerAddress.Redact(location));
                }
                return OpenBlobStore(address, create: !mustExist);
            }
            string full;
            try
            {
                full = Path.GetFullPath(location);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                throw MlAlmException.InvalidArgument("InvalidWorkspaceLocation", $"'{location}' is not a valid directory path: {e.Message}", location);
            }
            if (File.Exists(full))
                throw MlAlmException.InvalidArgument("InvalidWorkspaceLocation", $"'{full}' is a file, not a workspace directory.", location);
            if (mustExist && !Directory.Exists(full))
                throw MlAlmException.NotFound("WorkspaceNotFound", $"There is no workspace at '{full}': the directory does not exist. Create one with New-MlWorkspace -Path '{location}'.", location);
            if (mustExist)
                return LocalDirectoryStore.OpenExisting(full)
                    ?? throw MlAlmException.NotFound("WorkspaceNotFound", $"'{full}' is not an MlAlm workspace; create one with New-MlWorkspace -Path '{location}'.", location);
            return LocalDirectoryStore.Open(full);
        }

        // Creating the container is left to workspace creation: opening one never creates anything,
        // and a SAS scoped to an existing container may not be allowed to.
        private static IWorkspaceStore OpenBlobStore(BlobContainerAddress address, bool create, BlobStoreOptions? options = null)
        {
            var store = BlobWorkspaceStore.Open(address, options);
            if (create) store.EnsureContainer();
            return store;
        }

        /// <summary>Opens or creates a Blob workspace with tuned store options (tests with short retry delays).</summary>
        internal static MlWorkspace OpenOrCreate(BlobContainerAddress address, BlobStoreOptions options) => OpenOrCreate(OpenBlobStore(address, create: true, options));

        private static string KindOf(IWorkspaceStore store) => store is LocalDirectoryStore ? "Local" : "AzureBlob";

        private static string DefaultName(string location)
        {
            if (BlobContainerAddress.IsBlobLocation(location)) location = new Uri(location).AbsolutePath;
            var leaf = Path.GetFileName(location.TrimEnd('/', '\\'));
            return NameRules.IsValid(leaf) ? leaf : "workspace";
        }
    }
}
