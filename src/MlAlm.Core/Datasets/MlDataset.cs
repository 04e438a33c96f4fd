using System;
using System.Collections.Generic;

namespace MlAlm
{
    /// <summary>One version of a dataset: its schema, size, content hash and origin.</summary>
    public sealed class MlDataset
    {
        internal MlDataset(MlWorkspace workspace, string name, int version, string? description, DateTime createdUtc, string? createdBy,
            string? sourceFileName, string format, string contentHash, long size, long rowCount, IReadOnlyList<MlDatasetColumn> columns)
        {
            Workspace = workspace;
            Name = name;
            Version = version;
            Description = description;
            CreatedUtc = createdUtc;
            CreatedBy = createdBy;
            SourceFileName = sourceFileName;
            Format = format;
            ContentHash = contentHash;
            Size = size;
            RowCount = rowCount;
            Columns = columns;
        }

        public string Name { get; }
        public int Version { get; }
        public string? Description { get; }
        public long RowCount { get; }
        public int ColumnCount => Columns.Count;
        public IReadOnlyList<MlDatasetColumn> Columns { get; }

        /// <summary>Bytes of the stored file.</summary>
        public long Size { get; }

        /// <summary>SHA-256 of the stored bytes: identical files share one copy.</summary>
        public string ContentHash { get; }

        /// <summary>csv or tsv.</summary>
        public string Format { get; }

        public string? SourceFileName { get; }
        public DateTime CreatedUtc { get; }
        public string? CreatedBy { get; }

        /// <summary>The workspace it belongs to, so piped objects stay bound to it.</summary>
        public MlWorkspace Workspace { get; }

        public AssetReference ToReference() => new AssetReference(AssetType.Dataset, Name, Version);

        public override string ToString() => Name + ":" + Version;
    }

    /// <summary>A column of a dataset's inferred schema.</summary>
    public sealed class MlDatasetColumn
    {
        public MlDatasetColumn(string name, string type, long missingCount)
        {
            Name = name;
            Type = type;
            MissingCount = missingCount;
        }

        public string Name { get; }

        /// <summary>Number, String, Boolean or DateTime.</summary>
        public string Type { get; }

        public long MissingCount { get; }

        public override string ToString() => Name + " (" + Type + ")";
    }
}
