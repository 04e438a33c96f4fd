using System;
using System.Collections.Generic;
using System.Threading;
using MlAlm.Core.Errors;
using MlAlm.Core.Json;
using MlAlm.Core.Storage;
using Newtonsoft.Json.Linq;

namespace MlAlm.Core.Assets
{
    /// <summary>
    /// Copies asset versions from one workspace to another. Content travels once, by hash: it is
    /// sent only when the destination lacks it, and a destination version of the same name with
    /// the same content is reused rather than duplicated. Every asset document records its
    /// content as 'contentSha256', which is all this needs to know about it.
    /// </summary>
    internal sealed class AssetTransfer
    {
        private readonly MlWorkspace _source;
        private readonly MlWorkspace _destination;
        private readonly Dictionary<AssetReference, AssetReference> _done = new Dictionary<AssetReference, AssetReference>();

        public AssetTransfer(MlWorkspace source, MlWorkspace destination)
        {
            _source = source;
            _destination = destination;
        }

        /// <summary>
        /// Copies one asset version into another workspace (Copy-MlDataset, Copy-MlTrainedModel,
        /// Copy-MlTransform) and returns its reference there.
        /// </summary>
        public static AssetReference CopyBetween(MlWorkspace source, MlWorkspace destination, AssetReference reference, CancellationToken ct = default)
        {
            if (destination is null) throw new ArgumentNullException(nameof(destination));
            if (destination.Id == source.Id)
                throw MlAlmException.InvalidArgument("DestinationIsSource",
                    $"The {AssetReference.TypeToken(reference.Type)} '{reference}' is already in the workspace at '{destination.Location}': give another -DestinationWorkspace.", reference.ToString());
            return new AssetTransfer(source, destination).Copy(reference, ct);
        }

        /// <summary>Returns the destination's reference for the same asset content.</summary>
        public AssetReference Copy(AssetReference reference, CancellationToken ct = default)
        {
            if (_done.TryGetValue(reference, out var known)) return known;
            var sourceVersions = new VersionedDocuments(_source.Store, reference.Type);
            var stored = sourceVersions.Get(reference.Name, reference.Version, ct)
                ?? throw MlAlmException.NotFound("AssetNotFound", $"The {AssetReference.TypeToken(reference.Type)} '{reference}' does not exist in the workspace at '{_source.Location}'.", reference.ToString());
            var document = JObject.Parse(CanonicalJson.Utf8NoBom.GetString(stored.Content));
            var hash = ContentHash.Parse((string?)document["contentSha256"] ?? string.Empty);
            PointLineageAtItsWorkspace(document);

            if (!_destination.Store.ContentExists(hash, ct))
            {
                using var content = _source.Store.OpenContent(hash, ct);
                var copied = _destination.Store.PutContent(content, ct);
                if (copied.Hash != hash)
                    throw new ContentCorruptedException(hash, "the copy's bytes hash to " + copied.Hash);
            }

            var destinationVersions = new VersionedDocuments(_destination.Store, reference.Type);
            foreach (var version in destinationVersions.ListVersions(reference.Name, ct))
            {
                var candidate = destinationVersions.Get(reference.Name, version, ct);
                if (candidate == null) continue;
                var candidateHash = (string?)JObject.Parse(CanonicalJson.Utf8NoBom.GetString(candidate.Content))["contentSha256"];
                if (string.Equals(candidateHash, hash.Hex, StringComparison.Ordinal))
                    return Remember(reference, reference.WithVersion(version));
            }

            int created = destinationVersions.CreateNext(reference.Name, v =>
            {
                document["version"] = v;
                return CanonicalJson.Utf8NoBom.GetBytes(CanonicalJson.Write(writer => document.WriteTo(writer)));
            }, ct);
            return Remember(reference, reference.WithVersion(created));
        }

        // A model's or transform's lineage names an experiment run and dataset versions of the
        // workspace it was trained in. Neither the run history nor those version numbers travel
        // with a copy (a copied dataset can get another version number), so the copy's lineage
        // says which workspace to look in; copied back there, it is local lineage again.
        private void PointLineageAtItsWorkspace(JObject document)
        {
            if (!(document["lineage"] is JObject lineage)) return;
            var origin = (string?)lineage["workspaceId"];
            var originId = origin == null ? _source.Id : Guid.TryParse(origin, out var parsed) ? parsed : Guid.Empty;
            if (originId == _destination.Id)
            {
                lineage.Remove("workspaceId");
                lineage.Remove("workspace");
            }
            else if (origin == null)
            {
                lineage["workspaceId"] = _source.Id.ToString();
                lineage["workspace"] = _source.Location;
            }
        }

        private AssetReference Remember(AssetReference from, AssetReference to)
        {
            _done[from] = to;
            return to;
        }
    }
}
