using System;
using System.Globalization;
using System.IO;
using System.Threading;

namespace MlAlm.Core.Storage.Local
{
    /// <summary>
    /// The generations of one document: folders '@0000000001', '@0000000002', ... inside the
    /// document's folder, each published whole by one rename and never changed afterwards. The
    /// highest generation is the document: its 'data' file holds the bytes, or its 'deleted'
    /// file says the document was deleted. The ETag is the generation number.
    /// </summary>
    /// <remarks>
    /// Generation numbers are contiguous and a generation's folder is never removed, only emptied
    /// of its data ("retired") once a later generation exists. That is what makes the scheme
    /// correct without locks: a writer that read generation N claims N+1 by publishing it, and
    /// the publish fails if N+1 exists. Were old generation folders deleted, a slow writer could
    /// publish into a number that had been used and freed, and report success for a write that
    /// is invisible below a higher generation. Keeping the tombstone generation after a delete
    /// likewise keeps numbering going, so an ETag from before a delete never matches a document
    /// created afterwards. The price is one small folder per write ever made to a key.
    /// </remarks>
    internal sealed class DocumentFolder
    {
        public const string DataFile = "data";
        public const string TombstoneFile = "deleted";
        public const string RetiredFile = "retired";
        private const char GenerationMark = '@';

        private readonly string _key;

        public DocumentFolder(string path, string key)
        {
            FolderPath = path;
            _key = key;
        }

        public string FolderPath { get; }

        /// <summary>Whether the document exists, and the number of its newest generation.</summary>
        public DocumentState ReadState(CancellationToken cancellationToken)
        {
            long previousTop = -1;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                long top = FindTopGeneration();
                if (top == 0) return DocumentState.Missing;
                var kind = Probe(top);
                if (kind == GenerationKind.Document) return new DocumentState(DocumentStateKind.Live, top);
                if (kind == GenerationKind.Tombstone) return new DocumentState(DocumentStateKind.Deleted, top);
                // Retired: it stopped being the newest after we listed, so a newer one exists now.
                // Retired twice with no newer one means the folder was tampered with.
                if (top == previousTop) throw Damaged(top);
                previousTop = top;
            }
        }

        /// <summary>Reads the document, or null when it does not exist or was deleted.</summary>
        public StoredDocument? Read(CancellationToken cancellationToken)
        {
            long previousTop = -1;
            while (true)
            {
                var state = ReadState(cancellationToken);
                if (state.Kind != DocumentStateKind.Live) return null;
                if (TryReadData(state.Top, out var content)) return new StoredDocument(_key, content, ToETag(state.Top));
                // The generation was retired between finding it and opening its data: a newer
                // generation exists, so look again. The same generation twice means damage.
                if (state.Top == previousTop) throw Damaged(state.Top);
                previousTop = state.Top;
            }
        }

        public GenerationKind Probe(long generation)
        {
            var folder = GenerationFolder(generation);
            if (File.Exists(Path.Combine(folder, DataFile))) return GenerationKind.Document;
            if (File.Exists(Path.Combine(folder, TombstoneFile))) return GenerationKind.Tombstone;
            return GenerationKind.Retired;
        }

        public string GenerationFolder(long generation) =>
            Path.Combine(FolderPath, GenerationMark + generation.ToString("D10", CultureInfo.InvariantCulture));

        /// <summary>Creates the document's folder so that generations can be renamed into it.</summary>
        public void EnsureExists() => Directory.CreateDirectory(FolderPath);

        /// <summary>
        /// Makes the generations below <paramref name="top"/> give up their data. Best effort: a
        /// generation that cannot be retired now (a reader holds it open on Windows) is retired by
        /// a later write.
        /// </summary>
        /// <remarks>
        /// Generations are retired oldest first, and each only after the one below it is fully
        /// retired. So the fully retired generations are always 1..k for some k, and a writer
        /// finds the work left by walking down from its own generation to the first fully
        /// retired one: usually one or two steps, never a scan of the whole history.
        /// </remarks>
        public void RetireBelow(long top)
        {
            long lowest = top - 1;
            while (lowest >= 1 && !IsFullyRetired(lowest)) lowest--;
            for (long generation = lowest + 1; generation < top; generation++)
            {
                if (!TryRetire(generation)) return;
            }
        }

        public static ETag ToETag(long generation) => new ETag(generation.ToString(CultureInfo.InvariantCulture));

        /// <summary>Reads a generation number from an ETag; false for ETags this store never issued.</summary>
        public static bool TryParseETag(ETag eTag, out long generation)
        {
            generation = 0;
            var text = eTag.Value;
            if (string.IsNullOrEmpty(text) || text.Length > 18) return false;
            foreach (var c in text)
            {
                if (c < '0' || c > '9') return false;
            }
            generation = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
            return generation > 0;
        }

        private long FindTopGeneration()
        {
            long top = 0;
            try
            {
                foreach (var path in Directory.EnumerateDirectories(FolderPath, GenerationMark + "*"))
                {
                    if (TryParseGenerationName(Path.GetFileName(path), out var generation) && generation > top) top = generation;
                }
            }
            catch (DirectoryNotFoundException)
            {
                return 0; // no document has ever been written under this key
            }
            return top;
        }

        private static bool TryParseGenerationName(string name, out long generation)
        {
            generation = 0;
            if (name.Length < 2 || name.Length > 19 || name[0] != GenerationMark) return false;
            for (int i = 1; i < name.Length; i++)
            {
                if (name[i] < '0' || name[i] > '9') return false;
            }
            generation = long.Parse(name.Substring(1), NumberStyles.None, CultureInfo.InvariantCulture);
            return true;
        }

        private bool TryReadData(long generation, out byte[] content)
        {
            content = Array.Empty<byte>();
            var path = Path.Combine(GenerationFolder(generation), DataFile);
            try
            {
                // FileShare.Delete lets a writer retire this generation while we read it: the
                // bytes we already opened stay intact (Unix unlink, Windows delete-pending).
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096);
                content = ReadToEnd(file);
                return true;
            }
            catch (FileNotFoundException) { return false; }
            catch (DirectoryNotFoundException) { return false; }
            catch (UnauthorizedAccessException) { return false; } // Windows: opening a file that is pending deletion
        }

        private static byte[] ReadToEnd(FileStream file)
        {
            // A published data file never changes, so its length is the length we will read.
            var bytes = new byte[file.Length];
            int total = 0;
            while (total < bytes.Length)
            {
                int read = file.Read(bytes, total, bytes.Length - total);
                if (read == 0) throw new InvalidDataException($"A document file ended early: '{file.Name}'.");
                total += read;
            }
            return bytes;
        }

        private bool IsFullyRetired(long generation)
        {
            var folder = GenerationFolder(generation);
            if (!Directory.Exists(folder)) return true; // never happens in a store nobody edited by hand
            return File.Exists(Path.Combine(folder, RetiredFile)) && !File.Exists(Path.Combine(folder, DataFile));
        }

        private bool TryRetire(long generation)
        {
            var folder = GenerationFolder(generation);
            try
            {
                // The marker goes in first so that the folder is never empty: an empty folder
                // could be replaced by a rename on Unix, reopening the generation number.
                using (new FileStream(Path.Combine(folder, RetiredFile), FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { }
                File.Delete(Path.Combine(folder, DataFile));
                return true;
            }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
        }

        private InvalidDataException Damaged(long generation) =>
            new InvalidDataException($"The stored document '{_key}' is damaged: generation {generation} has neither data nor a tombstone ('{GenerationFolder(generation)}').");
    }

    internal enum GenerationKind
    {
        Document,
        Tombstone,
        Retired,
    }

    internal enum DocumentStateKind
    {
        Missing,
        Live,
        Deleted,
    }

    internal readonly struct DocumentState
    {
        public static readonly DocumentState Missing = new DocumentState(DocumentStateKind.Missing, 0);

        public DocumentState(DocumentStateKind kind, long top)
        {
            Kind = kind;
            Top = top;
        }

        public DocumentStateKind Kind { get; }

        /// <summary>The newest generation number; 0 when none was ever written.</summary>
        public long Top { get; }
    }
}
