using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace MlAlm.Core.Storage
{
    /// <summary>
    /// The one persistence contract every workspace backend implements (local directory,
    /// Azure Blob). Two kinds of thing live in a store:
    ///  - documents: small JSON texts under a key, each with an opaque ETag, written only
    ///    with create-if-absent or replace-if-match so that racing writers never overwrite
    ///    each other;
    ///  - content: immutable byte streams addressed by their SHA-256, stored once.
    /// Implementations must be safe to use from several threads and several processes at
    /// once, and a killed process must never leave a partial document or blob visible.
    /// Keys are built by <see cref="StoreKey"/>; a store still checks every key (and listing prefix)
    /// with <see cref="StoreKey.EnsureValid"/> / <see cref="StoreKey.EnsureValidPrefix"/> and throws
    /// <see cref="ArgumentException"/> before anything reaches storage.
    /// The contract test suite (tests/MlAlm.Core.Tests/Storage/WorkspaceStoreContract.cs) pins the
    /// behaviour every backend must share.
    /// </summary>
    public interface IWorkspaceStore
    {
        /// <summary>A human-readable location (a directory path, a container URI without secrets).</summary>
        string Location { get; }

        /// <summary>Reads a document, or returns null when no document has that key.</summary>
        StoredDocument? GetDocument(string key, CancellationToken cancellationToken = default);

        /// <summary>
        /// Creates a document only if none exists under the key.
        /// Throws <see cref="DocumentExistsException"/> when one does.
        /// </summary>
        ETag CreateDocument(string key, byte[] content, CancellationToken cancellationToken = default);

        /// <summary>
        /// Replaces a document only if its current ETag is <paramref name="ifMatch"/>.
        /// Throws <see cref="DocumentChangedException"/> when it changed or was deleted meanwhile, when
        /// no document exists under the key, and for an ETag this store never issued.
        /// </summary>
        ETag ReplaceDocument(string key, byte[] content, ETag ifMatch, CancellationToken cancellationToken = default);

        /// <summary>
        /// Deletes a document. With <paramref name="ifMatch"/>, only if it is still that version
        /// (else <see cref="DocumentChangedException"/>). Returns false when there was nothing to delete,
        /// with or without <paramref name="ifMatch"/>: a document already gone is not a conflict.
        /// A document can be created again under the key afterwards; ETags issued before the delete
        /// never match it.
        /// </summary>
        bool DeleteDocument(string key, ETag? ifMatch = null, CancellationToken cancellationToken = default);

        /// <summary>
        /// Lists the keys of the documents whose key starts with <paramref name="prefix"/>, in ordinal
        /// key order, without reading them. Backends page internally. The match is a plain string
        /// prefix: "a/b" matches "a/bc/x", "a/b/" does not; "" lists everything. Deleted documents
        /// are not listed.
        /// </summary>
        IReadOnlyList<string> ListDocuments(string prefix, CancellationToken cancellationToken = default);

        /// <summary>
        /// Lists like <see cref="ListDocuments"/>, with each document's ETag as of the listing, still
        /// without reading any document. A listed ETag equal to one seen earlier means the document
        /// has not changed since, so a poller (a scoring host) reads only what changed.
        /// </summary>
        IReadOnlyList<ListedDocument> ListDocumentETags(string prefix, CancellationToken cancellationToken = default);

        /// <summary>
        /// Stores a stream's bytes under their SHA-256 and returns that address. Identical content
        /// is stored once; an existing blob is never rewritten. Memory use stays bounded
        /// whatever the stream's length.
        /// </summary>
        ContentInfo PutContent(Stream content, CancellationToken cancellationToken = default);

        /// <summary>
        /// Opens content for reading. The returned stream verifies the bytes against the hash as
        /// they are read and throws <see cref="ContentCorruptedException"/> on reaching the end if
        /// they do not match (or if the length differs), so a caller that reads to the end before
        /// committing anything never acts on corrupted bytes.
        /// Throws <see cref="ContentNotFoundException"/> when there is no such content.
        /// The stream is not seekable (bytes skipped could not be verified).
        /// </summary>
        Stream OpenContent(ContentHash hash, CancellationToken cancellationToken = default);

        /// <summary>Whether content with that hash is stored (its integrity is not checked).</summary>
        bool ContentExists(ContentHash hash, CancellationToken cancellationToken = default);

        /// <summary>Lists every stored content hash (for integrity checks and garbage collection).</summary>
        IReadOnlyList<ContentHash> ListContent(CancellationToken cancellationToken = default);

        /// <summary>Removes content: used only by repair and garbage collection, never by normal writes.</summary>
        bool DeleteContent(ContentHash hash, CancellationToken cancellationToken = default);

        /// <summary>
        /// Finds what interrupted writes left behind (temporary files, uncommitted uploads) that is
        /// older than <paramref name="olderThan"/>; removes it when <paramref name="remove"/> is set.
        /// Returns a description of each item found. Leftovers are never visible as documents or content.
        /// A write still in progress is a leftover too once it is older than the threshold: use one
        /// longer than any write can take (repair tools use hours), not zero, while writers may be running.
        /// </summary>
        IReadOnlyList<string> FindIncompleteWrites(TimeSpan olderThan, bool remove, CancellationToken cancellationToken = default);
    }

    /// <summary>A document's bytes and the ETag to pass to a conditional replace or delete.</summary>
    /// <summary>A document key and the ETag it had when it was listed.</summary>
    public sealed class ListedDocument
    {
        public ListedDocument(string key, ETag eTag)
        {
            Key = key;
            ETag = eTag;
        }

        public string Key { get; }
        public ETag ETag { get; }

        public override string ToString() => Key + " " + ETag;
    }

    public sealed class StoredDocument
    {
        public StoredDocument(string key, byte[] content, ETag eTag)
        {
            Key = key;
            Content = content;
            ETag = eTag;
        }

        public string Key { get; }
        public byte[] Content { get; }
        public ETag ETag { get; }
    }

    /// <summary>
    /// An opaque version tag of a document; compare only for equality. Every write to a key gets an
    /// ETag that key never had before, also across a delete and re-create.
    /// </summary>
    public readonly struct ETag : IEquatable<ETag>
    {
        public ETag(string value)
        {
            if (string.IsNullOrEmpty(value)) throw new ArgumentException("An ETag cannot be empty.", nameof(value));
            Value = value;
        }

        public string Value { get; }

        public bool Equals(ETag other) => string.Equals(Value, other.Value, StringComparison.Ordinal);
        public override bool Equals(object? obj) => obj is ETag other && Equals(other);
        public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);
        public override string ToString() => Value;
        public static bool operator ==(ETag left, ETag right) => left.Equals(right);
        public static bool operator !=(ETag left, ETag right) => !left.Equals(right);
    }

    /// <summary>The address and length of stored content.</summary>
    public sealed class ContentInfo
    {
        public ContentInfo(ContentHash hash, long length)
        {
            Hash = hash;
            Length = length;
        }

        public ContentHash Hash { get; }
        public long Length { get; }
    }
}
