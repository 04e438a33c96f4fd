using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Core.Assets;
using MlAlm.Core.Errors;
using MlAlm.Core.Json;
using MlAlm.Core.Naming;
using MlAlm.Core.Storage;
using MlAlm.Learning.Data;

namespace MlAlm.Core.Datasets
{
    /// <summary>Imports, lists, exports and removes dataset versions.</summary>
    public sealed class DatasetService : IVersionedAssetReader<MlDataset>
    {
        private readonly MlWorkspace _workspace;
        private readonly AssetCatalog<DatasetDocument, MlDataset> _catalog;
        private readonly VersionedDocuments _versions;

        public DatasetService(MlWorkspace workspace)
        {
            _workspace = workspace;
            _catalog = new AssetCatalog<DatasetDocument, MlDataset>(workspace, AssetType.Dataset, "DatasetNotFound", ToDataset);
            _versions = _catalog.Versions;
        }

        /// <summary>
        /// Imports a CSV or TSV file as the next version of <paramref name="name"/>. The whole file is
        /// checked first; on any problem nothing is written. Identical bytes are stored once.
        /// </summary>
        public MlDataset Import(string filePath, string name, string? description, char? delimiter = null, CancellationToken ct = default)
        {
            NameRules.Validate(name, "dataset");
            var fileName = Path.GetFileName(filePath);
            if (!File.Exists(filePath))
                throw MlAlmException.NotFound("DatasetFileNotFound", $"The file '{filePath}' does not exist.", filePath);

            char separator = delimiter ?? DelimiterDetection.Detect(filePath);
            TableSchema schema;
            ContentHash hash;
            long length;
            using (var hashing = new HashingReadStream(OpenRead(filePath)))
            {
                try
                {
                    schema = TableInspector.Inspect(hashing, separator, ct);
                }
                catch (TabularFormatException e)
                {
                    throw MlAlmException.InvalidData("InvalidDatasetFile", $"{fileName}, line {e.Line}: {e.Problem}. Nothing was imported.", filePath, e);
                }
                hashing.CopyTo(Stream.Null); // the inspector may stop at the last record; hash every byte
                hash = hashing.Finish();
                length = hashing.BytesRead;
            }

            if (!_workspace.Store.ContentExists(hash, ct))
            {
                ContentInfo stored;
                // Hashed and looked up just above: forward-only, so no store hashes it again first.
                using (var file = new ForwardOnlyStream(OpenRead(filePath))) stored = _workspace.Store.PutContent(file, ct);
                if (stored.Hash != hash)
                    throw new MlAlmException("DatasetFileChanged", ErrorKind.InvalidData,
                        $"The file '{filePath}' changed while it was being imported; import it again once it is complete.", filePath);
            }

            return CreateVersion(name, description, fileName, separator, hash, length, schema, ct);
        }

        /// <summary>
        /// Registers content already in the store (e.g. a batch job's output) as the next version of
        /// <paramref name="name"/>. The content is read and inspected first, verified against its
        /// hash as it is read; on any problem nothing is written. The delimiter comes from the
        /// extension of <paramref name="sourceFileName"/> (.csv, .tsv), else from the header line.
        /// </summary>
        public MlDataset ImportStoredContent(ContentHash hash, string name, string? description, string sourceFileName, CancellationToken ct = default)
        {
            NameRules.Validate(name, "dataset");
            if (string.IsNullOrWhiteSpace(sourceFileName))
                throw MlAlmException.InvalidArgument("InvalidFileName", "A source file name is required (it gives the format and names the data in messages).");
            var fileName = Path.GetFileName(sourceFileName.Trim());
            if (!_workspace.Store.ContentExists(hash, ct))
                throw MlAlmException.NotFound("ContentNotFound", $"There is no stored content {hash} in the workspace at '{_workspace.Location}'.", hash.Hex);

            char separator = DelimiterDetection.FromFileName(fileName) ?? SniffStored(hash, ct);
            TableSchema schema;
            long length;
            using (var counting = new HashingReadStream(_workspace.Store.OpenContent(hash, ct)))
            {
                try
                {
                    schema = TableInspector.Inspect(counting, separator, ct);
                }
                catch (TabularFormatException e)
                {
                    throw MlAlmException.InvalidData("InvalidDatasetFile", $"{fileName}, line {e.Line}: {e.Problem}. Nothing was imported.", fileName, e);
                }
                counting.CopyTo(Stream.Null); // to the end, so the content is verified and every byte counted
                length = counting.BytesRead;
            }
            return CreateVersion(name, description, fileName, separator, hash, length, schema, ct);
        }

        private MlDataset CreateVersion(string name, string? description, string fileName, char separator, ContentHash hash, long length, TableSchema schema, CancellationToken ct)
        {
            var createdUtc = DateTime.UtcNow;
            var createdBy = Environment.UserName;
            var format = separator == '\t' ? "tsv" : "csv";
            int version = _versions.CreateNext(name, v => DocumentJson.Serialize(new DatasetDocument
            {
                Name = name,
                Version = v,
                Description = description,
                CreatedUtc = createdUtc,
                CreatedBy = createdBy,
                SourceFileName = fileName,
                Format = format,
                ContentSha256 = hash.Hex,
                ContentLength = length,
                RowCount = schema.RowCount,
                Columns = schema.Columns.Select(c => new DatasetColumnDocument { Name = c.Name, Type = c.Type.ToString(), MissingCount = c.MissingCount }).ToList(),
            }), ct);
            return Get(name, version, ct);
        }

        /// <summary>The delimiter of stored content, from its first 64 KB.</summary>
        private char SniffStored(ContentHash hash, CancellationToken ct)
        {
            using var content = _workspace.Store.OpenContent(hash, ct);
            return DelimiterDetection.SniffForward(content);
        }

        /// <summary>One version (null means the latest); NotFound names what is missing.</summary>
        public MlDataset Get(string name, int? version = null, CancellationToken ct = default) => _catalog.Get(name, version, ct);

        /// <summary>Copies a version (the latest by default) into another workspace, content once by hash; returns the copy.</summary>
        public MlDataset CopyTo(string name, int? version, MlWorkspace destination, CancellationToken ct = default)
        {
            var dataset = Get(name, version, ct);
            var copied = AssetTransfer.CopyBetween(_workspace, destination, new AssetReference(AssetType.Dataset, dataset.Name, dataset.Version), ct);
            return new DatasetService(destination).Get(copied.Name, copied.Version, ct);
        }

        public bool Exists(string name, int version, CancellationToken ct = default) => _versions.Exists(name, version, ct);

        public int? LatestVersion(string name, CancellationToken ct = default) => _versions.LatestVersion(name, ct);

        /// <summary>
        /// Datasets whose name matches a wildcard pattern (null: all): the latest version of each, or
        /// every version with <paramref name="allVersions"/>. Sorted by name, then version.
        /// </summary>
        public IReadOnlyList<MlDataset> List(string? pattern, bool allVersions, CancellationToken ct = default) =>
            _catalog.List(pattern, allVersions, d => d.Name, d => d.Version, ct);

        /// <summary>
        /// Writes a version's exact bytes to a file. They are verified against their hash before the
        /// file appears; an existing file is replaced only with <paramref name="overwrite"/>.
        /// </summary>
        public FileInfo Export(string name, int? version, string destinationPath, bool overwrite, CancellationToken ct = default)
        {
            var dataset = Get(name, version, ct);
            return ContentExport.ToFile(_workspace.Store, ContentHash.Parse(dataset.ContentHash), destinationPath,
                dataset.SourceFileName ?? (dataset.Name + "." + dataset.Format), overwrite, null, ct);
        }

        /// <summary>
        /// The versions a removal would take: one, or all of a name. A version an experiment still
        /// uses is refused unless <paramref name="force"/>, since that experiment could no longer run.
        /// </summary>
        public IReadOnlyList<MlDataset> PlanRemoval(string name, int? version, bool force, CancellationToken ct = default)
        {
            var targets = version.HasValue
                ? new List<MlDataset> { Get(name, version, ct) }
                : List(NameRules.Validate(name, "dataset"), allVersions: true, ct).ToList();
            if (targets.Count == 0) Get(name, null, ct); // throws DatasetNotFound
            if (force) return targets;
            var users = new Experiments.ExperimentService(_workspace).List(null, ct)
                .Where(e => e.UserAssets.Any(a => a.Type == AssetType.Dataset && targets.Any(t => t.ToReference().Equals(a))))
                .Select(e => e.Name).ToList();
            if (users.Count > 0)
                throw new MlAlmException("DatasetInUse", ErrorKind.Conflict,
                    $"Dataset '{(version.HasValue ? name + ":" + version : name)}' is used by experiment(s) {string.Join(", ", users)}; use -Force to remove it anyway, or point them at another version first.", name);
            return targets;
        }

        /// <summary>Removes dataset versions. Their content stays stored (other versions may share it).</summary>
        public void Remove(IEnumerable<MlDataset> versions, CancellationToken ct = default)
        {
            foreach (var d in versions) _versions.Delete(d.Name, d.Version, ct);
        }

        private MlDataset ToDataset(DatasetDocument d) => new MlDataset(
            _workspace, d.Name, d.Version, d.Description, d.CreatedUtc, d.CreatedBy, d.SourceFileName, d.Format,
            d.ContentSha256, d.ContentLength, d.RowCount,
            d.Columns.Select(c => new MlDatasetColumn(c.Name, c.Type, c.MissingCount)).ToList());

        private static Stream OpenRead(string path) => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
    }
}
