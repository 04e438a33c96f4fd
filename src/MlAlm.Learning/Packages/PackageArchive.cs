using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MlAlm.Learning.Packages
{
    /// <summary>
    /// The envelope of every MlAlm package file (trained models, transforms): a zip archive with a
    /// 'manifest.json' naming the format, its version and the package kind, plus named entries.
    /// Documented in docs/model-package.md. Entries are written in a fixed order with a fixed
    /// timestamp, so the same content gives the same bytes (and the same content hash).
    /// </summary>
    public static class PackageArchive
    {
        public const string Format = "mlalm-package";
        public const int FormatVersion = 1;
        public const string ManifestEntry = "manifest.json";
        private static readonly DateTimeOffset FixedTimestamp = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

        /// <summary>Writes a package: the manifest (kind plus <paramref name="manifest"/> properties) and the entries in the order given.</summary>
        public static void Write(Stream output, string kind, JObject manifest, IEnumerable<KeyValuePair<string, Action<Stream>>> entries)
        {
            var header = new JObject
            {
                ["format"] = Format,
                ["formatVersion"] = FormatVersion,
                ["kind"] = kind,
            };
            foreach (var property in manifest.Properties()) header[property.Name] = property.Value;
            using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
            WriteEntry(zip, ManifestEntry, s =>
            {
                var bytes = new UTF8Encoding(false).GetBytes(header.ToString(Formatting.Indented).Replace("\r\n", "\n") + "\n");
                s.Write(bytes, 0, bytes.Length);
            });
            foreach (var entry in entries) WriteEntry(zip, entry.Key, entry.Value);
        }

        /// <summary>Opens a package, checking that it is one and of a version this code reads.</summary>
        public static PackageReader Open(Stream input)
        {
            ZipArchive zip;
            try
            {
                zip = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
            }
            catch (InvalidDataException e)
            {
                throw new PackageFormatException("the file is not an MlAlm package (not a zip archive): " + e.Message, e);
            }
            var manifestEntry = zip.GetEntry(ManifestEntry)
                ?? throw new PackageFormatException("the file is not an MlAlm package: it has no manifest.json");
            JObject manifest;
            using (var reader = new StreamReader(manifestEntry.Open(), Encoding.UTF8))
            {
                try
                {
                    manifest = JObject.Parse(reader.ReadToEnd());
                }
                catch (JsonException e)
                {
                    throw new PackageFormatException("the package manifest is not valid JSON: " + e.Message, e);
                }
            }
            if ((string?)manifest["format"] != Format)
                throw new PackageFormatException($"the file is not an MlAlm package (format '{manifest["format"]}')");
            int version = (int?)manifest["formatVersion"] ?? 0;
            if (version < 1 || version > FormatVersion)
                throw new PackageFormatException($"package format version {version} is not supported; this MlAlm reads versions 1 to {FormatVersion}");
            return new PackageReader(zip, manifest);
        }

        private static void WriteEntry(ZipArchive zip, string name, Action<Stream> write)
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
            entry.LastWriteTime = FixedTimestamp;
            using var stream = entry.Open();
            write(stream);
        }
    }

    /// <summary>An open package: its manifest and entries.</summary>
    public sealed class PackageReader : IDisposable
    {
        private readonly ZipArchive _zip;

        internal PackageReader(ZipArchive zip, JObject manifest)
        {
            _zip = zip;
            Manifest = manifest;
        }

        public JObject Manifest { get; }

        public string Kind => (string?)Manifest["kind"] ?? string.Empty;

        public Stream OpenEntry(string name) =>
            (_zip.GetEntry(name) ?? throw new PackageFormatException($"the package has no entry '{name}'")).Open();

        public bool HasEntry(string name) => _zip.GetEntry(name) != null;

        public void Dispose() => _zip.Dispose();
    }

    /// <summary>A file that is not a readable MlAlm package.</summary>
    public sealed class PackageFormatException : Exception
    {
        public PackageFormatException(string message, Exception? inner = null) : base(message, inner) { }
    }
}
