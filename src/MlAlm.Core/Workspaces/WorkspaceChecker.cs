using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Core.Assets;
using MlAlm.Core.Errors;
using MlAlm.Core.Experiments;
using MlAlm.Core.Json;
using MlAlm.Core.Storage;
using Newtonsoft.Json.Linq;

namespace MlAlm.Core.Workspaces
{
    /// <summary>
    /// Checks a workspace end to end: leftovers of interrupted writes, every content blob against
    /// its hash, every asset and experiment document, and every reference between them. With
    /// repair it removes leftovers and corrupted blobs (a blob that fails its hash can never be
    /// served; importing the same file again restores it, since it is stored by hash).
    /// </summary>
    public sealed class WorkspaceChecker
    {
        /// <summary>Leftovers younger than this may belong to a write still in progress elsewhere.</summary>
        public static readonly TimeSpan IncompleteWriteAge = TimeSpan.FromHours(1);

        private readonly MlWorkspace _workspace;

        public WorkspaceChecker(MlWorkspace workspace) => _workspace = workspace;

        public IEnumerable<MlWorkspaceProblem> Check(bool repair, IProgress<string>? progress = null, CancellationToken ct = default)
        {
            var store = _workspace.Store;
            progress?.Report("Looking for interrupted writes");
            foreach (var leftover in store.FindIncompleteWrites(IncompleteWriteAge, repair, ct))
                yield return new MlWorkspaceProblem("IncompleteWrite", leftover, "left by an interrupted write; never visible as data", repair);

            var healthy = new HashSet<ContentHash>();
            var all = store.ListContent(ct);
            for (int i = 0; i < all.Count; i++)
            {
                progress?.Report($"Verifying content {i + 1} of {all.Count}");
                var problem = VerifyContent(all[i], repair, ct);
                if (problem == null) healthy.Add(all[i]);
                else yield return problem;
            }

            foreach (AssetType type in Enum.GetValues(typeof(AssetType)))
            {
                var root = VersionedDocuments.RootOf(type) + "/";
                foreach (var key in store.ListDocuments(root, ct).Where(k => !k.Contains("/removed/")))
                {
                    progress?.Report("Checking " + key);
                    var problem = CheckAssetDocument(key, healthy, ct);
                    if (problem != null) yield return problem;
                }
            }

            var experiments = new ExperimentService(_workspace);
            var assets = new WorkspaceAssets(_workspace);
            foreach (var key in store.ListDocuments("experiments/", ct))
            {
                progress?.Report("Checking " + key);
                MlExperiment? experiment = null;
                MlWorkspaceProblem? unreadable = null;
                try
                {
                    experiment = experiments.Get(key.Substring("experiments/".Length), ct);
                }
                catch (MlAlmException e) when (e.Kind == ErrorKind.Corrupted)
                {
                    unreadable = new MlWorkspaceProblem("UnreadableDocument", key, e.Message, false);
                }
                if (unreadable != null) yield return unreadable;
                if (experiment == null) continue;
                foreach (var reference in experiment.UserAssets.Where(a => !assets.Exists(a)))
                    yield return new MlWorkspaceProblem("MissingAsset", key,
                        $"experiment '{experiment.Name}' uses {AssetReference.TypeToken(reference.Type)} '{reference}', which does not exist; point it at another version with Set-MlExperimentUserAsset", false);
            }
        }

        private MlWorkspaceProblem? VerifyContent(ContentHash hash, bool repair, CancellationToken ct)
        {
            try
            {
                using var stream = _workspace.Store.OpenContent(hash, ct);
                stream.CopyTo(Stream.Null, 81920);
                return null;
            }
            catch (ContentCorruptedException e)
            {
                if (repair) _workspace.Store.DeleteContent(hash, ct);
                return new MlWorkspaceProblem("CorruptedContent", hash.Hex, e.Message, repair);
            }
        }

        private MlWorkspaceProblem? CheckAssetDocument(string key, HashSet<ContentHash> healthy, CancellationToken ct)
        {
            var stored = _workspace.Store.GetDocument(key, ct);
            if (stored == null) return null; // removed meanwhile
            string? hashText;
            try
            {
                hashText = (string?)JObject.Parse(CanonicalJson.Utf8NoBom.GetString(stored.Content))["contentSha256"];
            }
            catch (Exception e) when (e is Newtonsoft.Json.JsonException || e is System.Text.DecoderFallbackException)
            {
                return new MlWorkspaceProblem("UnreadableDocument", key, "the document is not valid JSON: " + e.Message, false);
            }
            if (!ContentHash.TryParse(hashText, out var hash))
                return new MlWorkspaceProblem("UnreadableDocument", key, "the document names no valid content hash", false);
            if (!healthy.Contains(hash))
                return new MlWorkspaceProblem("MissingContent", key,
                    $"its content {hash.Hex} is missing or was corrupted; import the same file again to restore it", false);
            return null;
        }
    }
}
