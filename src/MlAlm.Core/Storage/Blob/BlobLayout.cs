using System;
using System.Globalization;
using System.Threading;

namespace MlAlm.Core.Storage.Blob
{
    /// <summary>
    /// Where things live in the container: documents/&lt;key&gt;, content/&lt;sha-256&gt;, and
    /// uploads/&lt;start time&gt;-&lt;guid&gt; for large content on its way in. Nothing else in the
    /// container is read, so a workspace can share a container with other data.
    /// </summary>
    internal static class BlobLayout
    {
        public const string DocumentsPrefix = "documents/";
        public const string ContentPrefix = "content/";
        public const string StagingPrefix = "uploads/";

        private const string StagingTimeFormat = "yyyyMMdd'T'HHmmssfff'Z'";

        public static string DocumentName(string key) => DocumentsPrefix + key;

        public static string ContentName(ContentHash hash) => ContentPrefix + hash.Hex;

        /// <summary>The start time is in the name: uncommitted blocks have no reliable modification time to go by.</summary>
        public static string NewStagingName(DateTime startedUtc) =>
            StagingPrefix + startedUtc.ToString(StagingTimeFormat, CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");

        public static DateTime? StagingStartedUtc(string blobName)
        {
            if (!blobName.StartsWith(StagingPrefix, StringComparison.Ordinal)) return null;
            var rest = blobName.Substring(StagingPrefix.Length);
            int dash = rest.IndexOf('-');
            if (dash < 0) return null;
            return DateTime.TryParseExact(rest.Substring(0, dash), StagingTimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var started)
                ? started
                : (DateTime?)null;
        }

        /// <summary>
        /// Removes a staging blob, committed or not. A blob with only uncommitted blocks cannot be
        /// deleted (the service answers 404), so an empty block list is committed first, which
        /// discards its blocks, and that empty blob deleted.
        /// </summary>
        public static void RemoveStaging(BlobRestClient client, string name, CancellationToken ct)
        {
            if (client.DeleteBlob(name, null, ct) == BlobDeleteResult.Deleted) return;
            client.PutBlockList(name, Array.Empty<string>(), BlobCondition.None, ct);
            client.DeleteBlob(name, null, ct);
        }

        public static void TryRemoveStaging(BlobRestClient client, string name)
        {
            try
            {
                RemoveStaging(client, name, CancellationToken.None);
            }
            catch (StoreException)
            {
                // Out of reach or refused: left for FindIncompleteWrites.
            }
        }
    }
}
