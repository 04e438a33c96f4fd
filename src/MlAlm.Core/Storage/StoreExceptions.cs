using System;

namespace MlAlm.Core.Storage
{
    /// <summary>Base of every failure a workspace store reports on purpose.</summary>
    public abstract class StoreException : Exception
    {
        protected StoreException(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>A create-if-absent found a document already under the key.</summary>
    public sealed class DocumentExistsException : StoreException
    {
        public DocumentExistsException(string key) : base($"A document already exists under '{key}'.") => Key = key;
        public string Key { get; }
    }

    /// <summary>A replace- or delete-if-match found the document changed or gone.</summary>
    public sealed class DocumentChangedException : StoreException
    {
        public DocumentChangedException(string key) : base($"The document '{key}' was changed or removed by another writer.") => Key = key;
        public string Key { get; }
    }

    /// <summary>No content is stored under the hash.</summary>
    public sealed class ContentNotFoundException : StoreException
    {
        public ContentNotFoundException(ContentHash hash) : base($"No content is stored under {hash}.") => Hash = hash;
        public ContentHash Hash { get; }
    }

    /// <summary>Stored bytes no longer match their hash: reported, never served.</summary>
    public sealed class ContentCorruptedException : StoreException
    {
        public ContentCorruptedException(ContentHash hash, string detail)
            : base($"The content stored under {hash} is corrupted: {detail}. Run Test-MlWorkspace to list damaged content.") => Hash = hash;
        public ContentHash Hash { get; }
    }

    /// <summary>The backend could not be reached or refused the credentials.</summary>
    public sealed class StoreUnavailableException : StoreException
    {
        public StoreUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>The backend refused the credentials (a wrong key, an expired SAS, a missing role): nothing was written.</summary>
    public sealed class StoreAccessDeniedException : StoreException
    {
        public StoreAccessDeniedException(string message, Exception? inner = null) : base(message, inner) { }
    }
}
