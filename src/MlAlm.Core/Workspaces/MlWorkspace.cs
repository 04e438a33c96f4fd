using System;
using MlAlm.Core.Storage;

namespace MlAlm
{
    /// <summary>
    /// An open workspace: what it is called and where it lives, and the store behind it.
    /// Services (datasets, experiments, ...) are created over it as needed; it holds no cache,
    /// so several processes can share one workspace safely.
    /// </summary>
    public sealed class MlWorkspace
    {
        internal MlWorkspace(IWorkspaceStore store, string kind, Guid id, string name, DateTime createdUtc)
        {
            Store = store;
            Kind = kind;
            Id = id;
            Name = name;
            CreatedUtc = createdUtc;
        }

        public string Name { get; }
        public Guid Id { get; }

        /// <summary>Local or AzureBlob.</summary>
        public string Kind { get; }

        /// <summary>A directory path or a container URI (never with secrets).</summary>
        public string Location => Store.Location;

        public DateTime CreatedUtc { get; }

        internal IWorkspaceStore Store { get; }

        public override string ToString() => Location;
    }
}
