using System.Collections.Generic;
using MlAlm.Learning.Data;

namespace MlAlm.Learning.Transforms
{
    /// <summary>
    /// A learned, reusable table transformation (missing-value replacements, normalization
    /// parameters): fitted on training data, applied unchanged to new rows, saved as a transform
    /// package that needs no workspace.
    /// </summary>
    public abstract class TableTransform
    {
        protected TableTransform(string kind, IReadOnlyList<ColumnSchema> columns)
        {
            Kind = kind;
            Columns = columns;
        }

        /// <summary>CleanMissingData or NormalizeData.</summary>
        public string Kind { get; }

        /// <summary>The columns the transform changes, with the types it was fitted on.</summary>
        public IReadOnlyList<ColumnSchema> Columns { get; }

        /// <summary>
        /// Applies the transform; columns it does not touch pass through. Throws
        /// <see cref="System.ArgumentException"/> naming the column when one is missing or of the wrong type.
        /// </summary>
        public abstract DataTable Apply(DataTable input);
    }
}
