using System;
using System.IO;
using MlAlm.Core.Errors;
using MlAlm.Core.Storage;

namespace MlAlm.Core.WebServices
{
    /// <summary>What a batch job scores: a dataset version, or uploaded content already in the store.</summary>
    public sealed class BatchInput
    {
        private BatchInput(AssetSpec? dataset, ContentHash? content, string? fileName)
        {
            Dataset = dataset;
            Content = content;
            FileName = fileName;
        }

        /// <summary>A dataset ('name' for the latest, or 'name:N'); resolved to an exact version and its content when the job is submitted.</summary>
        public AssetSpec? Dataset { get; }

        /// <summary>The hash of uploaded content.</summary>
        public ContentHash? Content { get; }

        /// <summary>The uploaded file's name: gives the delimiter (.csv, .tsv; else sniffed) and names the data in messages.</summary>
        public string? FileName { get; }

        public static BatchInput FromDataset(AssetSpec dataset) =>
            new BatchInput(dataset ?? throw new ArgumentNullException(nameof(dataset)), null, null);

        /// <summary>Content stored beforehand (see <see cref="BatchJobService.UploadInput"/>), with the name of the file it came from.</summary>
        public static BatchInput FromContent(ContentHash content, string fileName)
        {
            if (content.Hex == null) throw new ArgumentException("The content hash is empty.", nameof(content));
            return new BatchInput(null, content, CheckFileName(fileName));
        }

        public override string ToString() => Dataset != null ? "dataset " + Dataset : $"upload {FileName} (sha256 {Content!.Value.Hex})";

        /// <summary>A file name is only a label here, never a path: directories are dropped, and it must be printable.</summary>
        internal static string CheckFileName(string? fileName)
        {
            var name = fileName == null ? string.Empty : Path.GetFileName(fileName.Replace('\\', '/').Trim());
            if (name.Length == 0)
                throw MlAlmException.InvalidArgument("InvalidFileName", "A file name is required for uploaded input (e.g. customers.csv).", fileName);
            if (name.Length > 255)
                throw MlAlmException.InvalidArgument("InvalidFileName", "The file name is longer than 255 characters.", fileName);
            foreach (char c in name)
            {
                if (char.IsControl(c))
                    throw MlAlmException.InvalidArgument("InvalidFileName", $"The file name contains a control character (U+{(int)c:X4}).", fileName);
            }
            return name;
        }
    }
}
