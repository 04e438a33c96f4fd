using System.Linq;
using System.Text.Json;
using MlAlm.Core.Storage;

namespace MlAlm.StoreWorker
{
    /// <summary>
    /// How a service adds "the next version" of something: read the highest version, create the
    /// next one if absent, and on losing the race try the number after it. Shared by the thread
    /// races (linked into the test project) and the process races (this worker), so both run the
    /// very same protocol.
    /// </summary>
    public static class VersionWriter
    {
        /// <summary>Creates one new version under <paramref name="prefix"/> and returns its number.</summary>
        public static int AddVersion(IWorkspaceStore store, string prefix, string writer, int sequence)
        {
            var content = JsonSerializer.SerializeToUtf8Bytes(new VersionRecord { Writer = writer, Sequence = sequence });
            int next = store.ListDocuments(prefix).Select(key => int.Parse(key.Substring(prefix.Length), System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max() + 1;
            while (true)
            {
                try
                {
                    store.CreateDocument(prefix + StoreKey.VersionSegment(next), content);
                    return next;
                }
                catch (DocumentExistsException)
                {
                    next++;
                }
            }
        }

        public static VersionRecord Parse(byte[] content) =>
            JsonSerializer.Deserialize<VersionRecord>(content) ?? throw new System.IO.InvalidDataException("An empty version record.");
    }

    public sealed class VersionRecord
    {
        public string Writer { get; set; } = string.Empty;
        public int Sequence { get; set; }
    }
}
