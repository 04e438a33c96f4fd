using System;
using System.IO;
using MlAlm.Core.Errors;
using MlAlm.Core.Json;
using MlAlm.Core.Naming;
using MlAlm.Core.Storage;
using MlAlm.Core.Storage.Local;

namespace MlAlm.Core.Workspaces
{
    /// <summary>Creates and opens workspaces from a location: a directory path (a URI, for Blob, later).</summary>
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
        public static MlWorkspace Create(string location, string? name)
        {
            var store = OpenStore(location, mustExist: false);
            if (store.GetDocument(WorkspaceDocument.Key) != null)
                throw MlAlmException.AlreadyExists("WorkspaceExists", $"'{store.Location}' is already an MlAlm workspace; use Connect-MlWorkspace to use it.", location);
            return Initialize(store, name ?? DefaultName(store.Location));
        }

        /// <summary>Opens an existing workspace; a location that is not one is an error naming it.</summary>
        public static MlWorkspace Open(string location)
        {
            var store = OpenStore(location, mustExist: true);
            var doc = store.GetDocument(WorkspaceDocument.Key)
                ?? throw MlAlmException.NotFound("WorkspaceNotFound", $"'{store.Location}' is not an MlAlm workspace; create one with New-MlWorkspace -Path '{location}'.", location);
            return FromDocument(store, doc);
        }

        /// <summary>Opens a workspace, creating it on first use (the default workspace's behaviour).</summary>
        public static MlWorkspace OpenOrCreate(string location)
        {
            var store = OpenStore(location, mustExist: false);
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
                throw MlAlmException.InvalidArgument("InvalidWorkspaceLocation", "A workspace location is required: a directory path.");
            if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                throw MlAlmException.InvalidArgument("BlobWorkspaceNotSupported",
                    $"'{uri.GetLeftPart(UriPartial.Path)}' is a URI; this version of MlAlm opens local directory workspaces only.", location);
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

        private static string KindOf(IWorkspaceStore store) => store is LocalDirectoryStore ? "Local" : "AzureBlob";

        private static string DefaultName(string location)
        {
            var leaf = Path.GetFileName(location.TrimEnd('/', '\\'));
            return NameRules.IsValid(leaf) ? leaf : "workspace";
        }
    }
}
