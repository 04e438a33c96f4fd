using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Core.Assets;
using MlAlm.Core.Datasets;
using MlAlm.Core.Engine;
using MlAlm.Core.Experiments;
using MlAlm.Core.Models;
using MlAlm.Core.Storage;
using MlAlm.Core.Storage.Blob;
using MlAlm.Core.Tests.Storage;
using MlAlm.Core.Tests.Support;
using MlAlm.Core.Workspaces;
using MlAlm.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MlAlm.Core.Tests.Assets
{
    /// <summary>
    /// Copying between a local workspace and an Azure Blob one (Azurite), both ways: an
    /// experiment with the datasets, trained models and transforms it uses
    /// (Copy-MlExperiment -DestinationWorkspace, i.e. ExperimentService.Copy), and single asset
    /// versions (Copy-MlDataset, Copy-MlTrainedModel, Copy-MlTransform: the services' CopyTo;
    /// both go through AssetTransfer). The copies read back
    /// identical, and content travels once, by hash: each piece is read from the source and
    /// stored in the destination once, and copying again, or copying another asset with the same
    /// content, stores nothing (no PutContent call, no new or rewritten blob or file).
    /// </summary>
    public sealed class CrossWorkspaceCopyTests
    {
        private static readonly AzuriteServer Server = AzuriteEnvironment.SharedServerWithKeyInEnvironment();

        private readonly ITestOutputHelper _output;

        public CrossWorkspaceCopyTests(ITestOutputHelper output) => _output = output;

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void An_experiment_copied_between_local_and_blob_reads_back_identical_and_its_content_travels_once(bool fromBlob)
        {
            using var local = new TempWorkspace("local");
            var blob = NewBlobWorkspace(fromBlob ? "copy-source" : "copy-destination");
            var source = fromBlob ? blob : local.Workspace;
            var destination = fromBlob ? local.Workspace : blob;
            var assets = Populate(source, local);

            // The copies go through handles that watch the content calls; the checks look directly.
            var experiments = new ExperimentService(ObservedStore.Over(source, out var sourceStore));
            var observedDestination = ObservedStore.Over(destination, out var destinationStore);
            var copy = experiments.Copy("scoring", null, observedDestination, keepAssetVersions: true);
            Assert.Equal(experiments.Get("scoring").UserAssets.OrderBy(a => a.ToString()), copy.UserAssets.OrderBy(a => a.ToString()));
            Assert.Equal(experiments.ExportGraph("scoring"), new ExperimentService(destination).ExportGraph("scoring"));
            AssertSameAssets(source, destination, assets);

            // Each piece of content was read once and stored once.
            var hashes = assets.Select(a => HashOf(source, a)).Distinct().OrderBy(h => h.Hex).ToList();
            Assert.Equal(3, hashes.Count);
            Assert.Equal(hashes, sourceStore.Opened.OrderBy(h => h.Hex));
            Assert.Equal(hashes, destinationStore.Put.OrderBy(h => h.Hex));
            Assert.Equal(3, destinationStore.PutCalls);

            // Copying again stores no content and reuses every asset version.
            var before = ContentState(destination);
            long requestsBefore = BlobRequests(blob);
            var again = experiments.Copy("scoring", "scoring-again", observedDestination, keepAssetVersions: true);
            _output.WriteLine($"second copy ({(fromBlob ? "blob to local" : "local to blob")}): {BlobRequests(blob) - requestsBefore} requests to the Blob workspace");
            Assert.Equal(copy.UserAssets.OrderBy(a => a.ToString()), again.UserAssets.OrderBy(a => a.ToString()));
            Assert.Equal(3, destinationStore.PutCalls);
            Assert.Equal(3, sourceStore.Opened.Count);
            Assert.Equal(before, ContentState(destination));

            // The template experiment uses the same dataset version: nothing new goes over either.
            experiments.Copy("demo", null, observedDestination, keepAssetVersions: true);
            Assert.Equal(3, destinationStore.PutCalls);
            Assert.Equal(before, ContentState(destination));

            // Another dataset with the same bytes becomes a dataset of its own there, sharing the stored content.
            var sameBytes = new DatasetService(source).Import(
                new DatasetService(source).Export("template-binary", 1, Path.Combine(local.Root, "same.csv"), overwrite: false).FullName, "same-bytes", null);
            experiments.Create("other", null);
            experiments.AddNode("other", "data", "Dataset", new Hashtable { ["dataset"] = "same-bytes:1" }, null, null);
            var other = experiments.Copy("other", null, observedDestination, keepAssetVersions: true);
            Assert.Equal(new AssetReference(AssetType.Dataset, "same-bytes", 1), other.UserAssets.Single());
            Assert.Equal(sameBytes.ContentHash, new DatasetService(destination).Get("same-bytes", 1).ContentHash);
            Assert.Equal(3, destinationStore.PutCalls);
            Assert.Equal(3, sourceStore.Opened.Count);
            Assert.Equal(before, ContentState(destination));

            Assert.Single(new DatasetService(destination).List("template-binary", allVersions: true));
            Assert.Single(new TrainedModelService(destination).List(null, allVersions: true));
            Assert.Single(new TransformService(destination).List(null, allVersions: true));
            Assert.Empty(new WorkspaceChecker(destination).Check(repair: false));
        }

        [Fact]
        public void Datasets_models_and_transforms_copy_local_to_blob_to_local_by_hash()
        {
            using var first = new TempWorkspace("first");
            using var last = new TempWorkspace("last");
            var blob = NewBlobWorkspace("asset-copy");
            var assets = Populate(first.Workspace, first);
            var middle = ObservedStore.Over(blob, out var blobStore);
            var end = ObservedStore.Over(last.Workspace, out var lastStore);

            // In the Blob workspace a dataset of the same name already exists with other bytes: the
            // copy becomes its next version.
            new DatasetService(blob).Import(first.WriteFile("different.csv", "f1,label\n1,0\n2,1\n"), "template-binary", "not the same");

            // Copy-MlDataset, Copy-MlTrainedModel, Copy-MlTransform -DestinationWorkspace, local to Blob.
            var inBlob = CopyAll(first.Workspace, assets, middle);
            Assert.Equal(new AssetReference(AssetType.Dataset, "template-binary", 2), inBlob.Single(a => a.Type == AssetType.Dataset));
            Assert.All(inBlob.Where(a => a.Type != AssetType.Dataset), a => Assert.Equal(1, a.Version));
            Assert.Equal(3, blobStore.PutCalls);
            for (int i = 0; i < assets.Count; i++) AssertSameAsset(first.Workspace, assets[i], blob, inBlob[i]);

            // Back out of Blob into another local workspace: each blob is read once.
            var inLast = CopyAll(middle, inBlob, end);
            Assert.Equal(3, lastStore.PutCalls);
            Assert.Equal(3, blobStore.Opened.Count);
            for (int i = 0; i < assets.Count; i++) AssertSameAsset(first.Workspace, assets[i], last.Workspace, inLast[i]);

            // Copying again finds everything there already: the same versions, no content sent or rewritten.
            var blobBefore = ContentState(blob);
            var lastBefore = ContentState(last.Workspace);
            long requestsBefore = BlobRequests(blob);
            Assert.Equal(inBlob, CopyAll(first.Workspace, assets, middle));
            _output.WriteLine($"copying 3 assets already there: {BlobRequests(blob) - requestsBefore} requests to the Blob workspace");
            Assert.Equal(inLast, CopyAll(middle, inBlob, end));
            Assert.Equal(3, blobStore.PutCalls);
            Assert.Equal(3, lastStore.PutCalls);
            Assert.Equal(3, blobStore.Opened.Count);
            Assert.Equal(blobBefore, ContentState(blob));
            Assert.Equal(lastBefore, ContentState(last.Workspace));

            Assert.Empty(new WorkspaceChecker(blob).Check(repair: false));
            Assert.Empty(new WorkspaceChecker(last.Workspace).Check(repair: false));
        }

        [Fact]
        public void A_copied_models_lineage_names_the_workspace_it_was_trained_in_until_it_is_copied_back()
        {
            using var trainedIn = new TempWorkspace("trained-in");
            using var elsewhere = new TempWorkspace("elsewhere");
            var assets = Populate(trainedIn.Workspace, trainedIn);
            var modelReference = assets.Single(a => a.Type == AssetType.TrainedModel);
            // The destination's template-binary:1 holds other bytes, so the copied dataset becomes
            // version 2 there, while the model's lineage says template-binary:1.
            new DatasetService(elsewhere.Workspace).Import(elsewhere.WriteFile("other.csv", "f1,label\n1,0\n2,1\n"), "template-binary", null);
            Assert.Equal(2, new DatasetService(trainedIn.Workspace).CopyTo("template-binary", 1, elsewhere.Workspace).Version);

            var original = new TrainedModelService(trainedIn.Workspace).Get(modelReference.Name, modelReference.Version);
            Assert.NotNull(original.Lineage);
            Assert.Null(original.Lineage!.Workspace);
            Assert.Null(original.Lineage.WorkspaceId);

            var copy = new TrainedModelService(trainedIn.Workspace).CopyTo(modelReference.Name, modelReference.Version, elsewhere.Workspace);
            Assert.Equal(trainedIn.Workspace.Id, copy.Lineage!.WorkspaceId);
            Assert.Equal(trainedIn.Workspace.Location, copy.Lineage.Workspace);
            Assert.EndsWith(" in " + trainedIn.Workspace.Location, copy.Lineage.ToString(), StringComparison.Ordinal);
            // Everything else of the lineage is as recorded: the dataset version is the origin's.
            Assert.Equal(original.Lineage.Datasets, copy.Lineage.Datasets);
            Assert.Equal((original.Lineage.Experiment, original.Lineage.RunId, original.Lineage.NodeId), (copy.Lineage.Experiment, copy.Lineage.RunId, copy.Lineage.NodeId));

            // A copy of the copy still points at where the model was trained...
            using var third = new TempWorkspace("third");
            var copyOfCopy = new TrainedModelService(elsewhere.Workspace).CopyTo(copy.Name, copy.Version, third.Workspace);
            Assert.Equal(trainedIn.Workspace.Id, copyOfCopy.Lineage!.WorkspaceId);
            // ...and copied back there, in a workspace where it is not yet (the original was
            // removed), its lineage is local again.
            new TrainedModelService(trainedIn.Workspace).Remove(new[] { original });
            var back = new TrainedModelService(third.Workspace).CopyTo(copyOfCopy.Name, copyOfCopy.Version, trainedIn.Workspace);
            Assert.Null(back.Lineage!.WorkspaceId);
            Assert.Null(back.Lineage.Workspace);
            Assert.Equal(original.Lineage.ToString(), back.Lineage.ToString());
        }

        /// <summary>Each asset copied with its service's CopyTo (what the Copy-Ml* cmdlets call).</summary>
        private static List<AssetReference> CopyAll(MlWorkspace source, IEnumerable<AssetReference> assets, MlWorkspace destination) =>
            assets.Select(a => a.Type switch
            {
                AssetType.Dataset => new DatasetService(source).CopyTo(a.Name, a.Version, destination).ToReference(),
                AssetType.TrainedModel => new TrainedModelService(source).CopyTo(a.Name, a.Version, destination).ToReference(),
                AssetType.Transform => new TransformService(source).CopyTo(a.Name, a.Version, destination).ToReference(),
                _ => throw new ArgumentOutOfRangeException(nameof(assets), a.Type, "not a copyable asset"),
            }).ToList();

        /// <summary>
        /// Runs the binary classification template, registers its model and its normalize
        /// transform, and makes an experiment "scoring" that uses all three asset versions.
        /// </summary>
        private static List<AssetReference> Populate(MlWorkspace workspace, TempWorkspace files)
        {
            var experiments = new ExperimentService(workspace);
            experiments.CreateFromTemplate("demo", ExperimentTemplates.BinaryClassification, null);
            var run = new ExperimentEngine(workspace).Start("demo", noCache: false);
            var model = new TrainedModelService(workspace).RegisterFromRun(run, "train", null, "churn-model", "for copying", new Hashtable { ["stage"] = "dev" });
            var transform = new TransformService(workspace).RegisterFromRun(run, "normalize", null, "scaling", null, null);

            experiments.Create("scoring", "scores with a registered model");
            experiments.AddNode("scoring", "data", "Dataset", new Hashtable { ["dataset"] = "template-binary:1" }, null, null);
            experiments.AddNode("scoring", "scaling", "Transform", new Hashtable { ["transform"] = "scaling:1" }, null, null);
            experiments.AddNode("scoring", "apply", "ApplyTransformation", null, new Hashtable { ["transform"] = "scaling.transform", ["data"] = "data.output" }, null);
            experiments.AddNode("scoring", "model", "TrainedModel", new Hashtable { ["model"] = "churn-model:1" }, null, null);
            experiments.AddNode("scoring", "score", "ScoreModel", null, new Hashtable { ["model"] = "model.model", ["data"] = "apply.output" }, null);
            return new List<AssetReference>
            {
                new AssetReference(AssetType.Dataset, "template-binary", 1),
                model.ToReference(),
                transform.ToReference(),
            };
        }

        private static void AssertSameAssets(MlWorkspace source, MlWorkspace destination, IEnumerable<AssetReference> assets)
        {
            foreach (var asset in assets) AssertSameAsset(source, asset, destination, asset);
        }

        /// <summary>The same document apart from its version, and the same bytes, read and verified on both sides.</summary>
        private static void AssertSameAsset(MlWorkspace source, AssetReference from, MlWorkspace destination, AssetReference to)
        {
            Assert.Equal(from.Type, to.Type);
            Assert.Equal(from.Name, to.Name);
            var a = Document(source, from);
            var b = Document(destination, to);
            Assert.Equal(to.Version, (int)b["version"]!);
            a.Remove("version");
            b.Remove("version");
            // Lineage recorded in the source now says where its run and datasets are.
            if (a["lineage"] is Newtonsoft.Json.Linq.JObject sourceLineage)
            {
                Assert.Null(sourceLineage["workspaceId"]);
                var copiedLineage = (Newtonsoft.Json.Linq.JObject)b["lineage"]!;
                Assert.Equal(source.Id.ToString(), (string?)copiedLineage["workspaceId"]);
                Assert.Equal(source.Location, (string?)copiedLineage["workspace"]);
                copiedLineage.Remove("workspaceId");
                copiedLineage.Remove("workspace");
            }
            Assert.Equal(a.ToString(), b.ToString());
            var hash = HashOf(source, from);
            Assert.Equal(ReadAll(source.Store, hash), ReadAll(destination.Store, hash));
        }

        private static Newtonsoft.Json.Linq.JObject Document(MlWorkspace workspace, AssetReference reference)
        {
            var stored = new VersionedDocuments(workspace.Store, reference.Type).Get(reference.Name, reference.Version, CancellationToken.None)
                ?? throw new InvalidOperationException($"{reference} is not in {workspace.Location}.");
            return Newtonsoft.Json.Linq.JObject.Parse(System.Text.Encoding.UTF8.GetString(stored.Content));
        }

        private static ContentHash HashOf(MlWorkspace workspace, AssetReference reference) =>
            ContentHash.Parse((string)Document(workspace, reference)["contentSha256"]!);

        private static byte[] ReadAll(IWorkspaceStore store, ContentHash hash)
        {
            using var content = store.OpenContent(hash);
            using var copy = new MemoryStream();
            content.CopyTo(copy);
            return copy.ToArray();
        }

        /// <summary>
        /// Every piece of content and every unfinished write the workspace holds, as comparable lines
        /// with length and modification time, seen below the store: blobs under content/ and
        /// uploads/ (uncommitted ones too), or files under content/ and tmp/.
        /// </summary>
        private static IReadOnlyList<string> ContentState(MlWorkspace workspace)
        {
            var store = workspace.Store is ObservedStore observed ? observed.Inner : workspace.Store;
            if (store is BlobWorkspaceStore blob)
                return ContainerListing.Snapshot(blob.Address, BlobLayout.ContentPrefix).Concat(ContainerListing.Snapshot(blob.Address, BlobLayout.StagingPrefix)).ToList();
            return new[] { "content", "tmp" }
                .Select(folder => Path.Combine(workspace.Location, folder))
                .Where(Directory.Exists)
                .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                .Select(path => new FileInfo(path))
                .Select(file => $"{Path.GetRelativePath(workspace.Location, file.FullName)} {file.Length} {file.LastWriteTimeUtc:o}")
                .OrderBy(line => line, StringComparer.Ordinal)
                .ToList();
        }

        private static long BlobRequests(MlWorkspace workspace) => ((BlobWorkspaceStore)workspace.Store).RequestCount;

        private static MlWorkspace NewBlobWorkspace(string hint) =>
            WorkspaceFactory.Create(BlobContainerAddress.FromConnectionString(Server.ConnectionString, AzuriteServer.NewContainerName(hint)), hint);
    }
}
