using System;

namespace MlAlm.Core.Workspaces
{
    /// <summary>The 'workspace' document that marks a store as an MlAlm workspace.</summary>
    internal sealed class WorkspaceDocument
    {
        public const string Key = "workspace";
        public const int CurrentFormat = 1;

        public int Format { get; set; } = CurrentFormat;
        public Guid Id { get; set; }
        public string Name { get; set; } = string.Empty;
        public DateTime CreatedUtc { get; set; }
    }
}
