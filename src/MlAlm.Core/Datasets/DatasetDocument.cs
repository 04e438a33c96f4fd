using System;
using System.Collections.Generic;

namespace MlAlm.Core.Datasets
{
    /// <summary>The stored record of one dataset version (key datasets/name/version).</summary>
    internal sealed class DatasetDocument
    {
        public int SchemaVersion { get; set; } = 1;
        public string Name { get; set; } = string.Empty;
        public int Version { get; set; }
        public string? Description { get; set; }
        public DateTime CreatedUtc { get; set; }
        public string? CreatedBy { get; set; }

        /// <summary>The file name it was imported from (no directory: paths are machine-specific).</summary>
        public string? SourceFileName { get; set; }

        /// <summary>csv or tsv.</summary>
        public string Format { get; set; } = "csv";

        public string ContentSha256 { get; set; } = string.Empty;
        public long ContentLength { get; set; }
        public long RowCount { get; set; }
        public List<DatasetColumnDocument> Columns { get; set; } = new List<DatasetColumnDocument>();
    }

    internal sealed class DatasetColumnDocument
    {
        public string Name { get; set; } = string.Empty;
        public string Type { get; set; } = string.Empty;
        public long MissingCount { get; set; }
    }
}
