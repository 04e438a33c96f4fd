using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using MlAlm.Core.Storage;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>
    /// A store that passes every call to another and counts the content calls, so a test can
    /// tell which content a service sent or read (content travels once, by hash). Optionally it
    /// wraps the stream of each put, to pause it (<see cref="GatedStream"/>).
    /// </summary>
    internal sealed class ObservedStore : IWorkspaceStore
    {
        private readonly IWorkspaceStore _inner;
        private readonly Func<Stream, Stream>? _wrapPut;
        private readonly List<ContentHash> _opened = new List<ContentHash>();
        private readonly List<ContentHash> _put = new List<ContentHash>();

        public ObservedStore(IWorkspaceStore inner, Func<Stream, Stream>? wrapPut = null)
        {
            _inner = inner;
            _wrapPut = wrapPut;
        }

        public IWorkspaceStore Inner => _inner;

        /// <summary>Hashes passed to OpenContent, in call order.</summary>
        public IReadOnlyList<ContentHash> Opened
        {
            get { lock (_opened) return _opened.ToArray(); }
        }

        /// <summary>Hashes of content stored through PutContent (the calls that returned), in call order.</summary>
        public IReadOnlyList<ContentHash> Put
        {
            get { lock (_put) return _put.ToArray(); }
        }

        private int _putCalls;

        /// <summary>PutContent calls, those that failed included.</summary>
        public int PutCalls => Volatile.Read(ref _putCalls);

        /// <summary>An open workspace handle (the same id and name) whose services go through this store.</summary>
        public static MlWorkspace Over(MlWorkspace workspace, out ObservedStore observed, Func<Stream, Stream>? wrapPut = null) =>
            Over(workspace, workspace.Store, out observed, wrapPut);

        /// <summary>The workspace over another store of the same location (a Blob store with other options, say).</summary>
        public static MlWorkspace Over(MlWorkspace workspace, IWorkspaceStore store, out ObservedStore observed, Func<Stream, Stream>? wrapPut = null)
        {
            if (store.Location != workspace.Location) throw new ArgumentException("The store is not the workspace's.", nameof(store));
            observed = new ObservedStore(store, wrapPut);
            return new MlWorkspace(observed, workspace.Kind, workspace.Id, workspace.Name, workspace.CreatedUtc);
        }

        public string Location => _inner.Location;

        private readonly List<string> _documentsRead = new List<string>();

        /// <summary>Keys passed to GetDocument, in call order.</summary>
        public IReadOnlyList<string> DocumentsRead
        {
            get { lock (_documentsRead) return _documentsRead.ToArray(); }
        }

        public StoredDocument? GetDocument(string key, CancellationToken cancellationToken = default)
        {
            lock (_documentsRead) _documentsRead.Add(key);
            return _inner.GetDocument(key, cancellationToken);
        }

        public ETag CreateDocument(string key, byte[] content, CancellationToken cancellationToken = default) => _inner.CreateDocument(key, content, cancellationToken);

        public ETag ReplaceDocument(string key, byte[] content, ETag ifMatch, CancellationToken cancellationToken = default) =>
            _inner.ReplaceDocument(key, content, ifMatch, cancellationToken);

        public bool DeleteDocument(string key, ETag? ifMatch = null, CancellationToken cancellationToken = default) => _inner.DeleteDocument(key, ifMatch, cancellationToken);

        public IReadOnlyList<string> ListDocuments(string prefix, CancellationToken cancellationToken = default) => _inner.ListDocuments(prefix, cancellationToken);

        public IReadOnlyList<ListedDocument> ListDocumentETags(string prefix, CancellationToken cancellationToken = default) => _inner.ListDocumentETags(prefix, cancellationToken);

        public ContentInfo PutContent(Stream content, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _putCalls);
            var info = _inner.PutContent(_wrapPut == null ? content : _wrapPut(content), cancellationToken);
            lock (_put) _put.Add(info.Hash);
            return info;
        }

        public Stream OpenContent(ContentHash hash, CancellationToken cancellationToken = default)
        {
            lock (_opened) _opened.Add(hash);
            return _inner.OpenContent(hash, cancellationToken);
        }

        public bool ContentExists(ContentHash hash, CancellationToken cancellationToken = default) => _inner.ContentExists(hash, cancellationToken);

        public IReadOnlyList<ContentHash> ListContent(CancellationToken cancellationToken = default) => _inner.ListContent(cancellationToken);

        public bool DeleteContent(ContentHash hash, CancellationToken cancellationToken = default) => _inner.DeleteContent(hash, cancellationToken);

        public IReadOnlyList<string> FindIncompleteWrites(TimeSpan olderThan, bool remove, CancellationToken cancellationToken = default) =>
            _inner.FindIncompleteWrites(olderThan, remove, cancellationToken);
    }
}
