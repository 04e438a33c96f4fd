using System.IO;
using System.Threading;
using MlAlm.Core.Errors;
using MlAlm.Core.Json;
using MlAlm.Core.Storage;
using Newtonsoft.Json.Linq;

namespace MlAlm.Core.Assets
{
    /// <summary>Finds an asset version's content: every asset document records it as 'contentSha256'.</summary>
    internal static class AssetContent
    {
        public static ContentHash HashOf(MlWorkspace workspace, AssetReference reference, CancellationToken ct)
        {
            var stored = new VersionedDocuments(workspace.Store, reference.Type).Get(reference.Name, reference.Version, ct)
                ?? throw MlAlmException.NotFound("AssetNotFound",
                    $"The {AssetReference.TypeToken(reference.Type)} '{reference}' does not exist in the workspace at '{workspace.Location}'.", reference.ToString());
            var hash = (string?)JObject.Parse(CanonicalJson.Utf8NoBom.GetString(stored.Content))["contentSha256"];
            if (!ContentHash.TryParse(hash, out var parsed))
                throw new MlAlmException("CorruptedDocument", ErrorKind.Corrupted, $"The document '{stored.Key}' names no valid content hash.", stored.Key);
            return parsed;
        }

        public static Stream Open(MlWorkspace workspace, AssetReference reference, CancellationToken ct) =>
            workspace.Store.OpenContent(HashOf(workspace, reference, ct), ct);
    }
}
