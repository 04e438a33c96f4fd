using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MlAlm.Core.Storage;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>
    /// The behaviour every <see cref="IWorkspaceStore"/> backend must share (DESIGN.md section 3).
    /// A backend's test class derives from this and says only how to make a store, how a child
    /// process finds it, and how to damage a blob; every test here then runs against it unchanged.
    /// The tests are split by theme over the partial files WorkspaceStoreContract.*.cs.
    /// </summary>
    public abstract partial class WorkspaceStoreContract
    {
        /// <summary>A new, empty store, used by one test only.</summary>
        protected abstract IWorkspaceStore CreateStore();

        /// <summary>What a child process passes to MlAlm.StoreWorker to open the same store.</summary>
        protected abstract string StoreLocationForChildProcess(IWorkspaceStore store);

        /// <summary>Changes stored bytes behind the store's back (at least one byte of the blob).</summary>
        protected abstract void CorruptContent(IWorkspaceStore store, ContentHash hash);

        /// <summary>
        /// Everything the backend holds, as comparable lines, to prove that a refused call changed
        /// nothing. The default sees only what the contract shows; backends that can look at the
        /// raw storage (files, blobs) should override it to show everything.
        /// </summary>
        protected virtual IReadOnlyList<string> SnapshotStorage(IWorkspaceStore store) =>
            store.ListDocuments(string.Empty)
                .Concat(store.ListContent().Select(h => "content " + h))
                .Concat(store.FindIncompleteWrites(TimeSpan.Zero, remove: false))
                .ToList();

        protected static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

        protected static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
    }
}
