using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MlAlm.Core.Assets;
using MlAlm.Core.Engine;
using MlAlm.Core.Errors;
using MlAlm.Core.Models;
using MlAlm.Core.Storage;
using MlAlm.Learning.Models;
using MlAlm.Learning.Packages;
using MlAlm.Learning.Scoring;
using MlAlm.Learning.Transforms;

namespace MlAlm.Core.WebServices
{
    /// <summary>Pins asset references as pipeline steps and loads pinned steps into a scoring pipeline.</summary>
    internal static class PipelineSteps
    {
        /// <summary>Transforms then the model, each pinned to its content hash. Missing assets are listed all at once.</summary>
        public static List<PipelineStepDocument> Pin(MlWorkspace workspace, IReadOnlyList<AssetReference> transforms, AssetReference model, CancellationToken ct)
        {
            var missing = transforms.Concat(new[] { model }).Where(a => !new WorkspaceAssets(workspace).Exists(a)).ToList();
            if (missing.Count > 0)
                throw MlAlmException.NotFound("AssetNotFound", "These assets do not exist in the workspace at '" + workspace.Location + "': " +
                    string.Join(", ", missing.Select(m => AssetReference.TypeToken(m.Type) + " " + m)) + ".", string.Join(", ", missing));
            return transforms.Concat(new[] { model })
                .Select(a => new PipelineStepDocument { Type = a.Type, Name = a.Name, Version = a.Version, ContentSha256 = AssetContent.HashOf(workspace, a, ct).Hex })
                .ToList();
        }

        /// <summary>Loads the packages of pinned steps (verified by hash) into a pipeline.</summary>
        public static ScoringPipeline Load(IWorkspaceStore store, IReadOnlyList<PipelineStepDocument> steps, IReadOnlyList<string>? outputColumns, CancellationToken ct)
        {
            var transforms = new List<TableTransform>();
            TrainedModel? model = null;
            foreach (var step in steps)
            {
                var hash = ContentHash.Parse(step.ContentSha256);
                if (step.Type == AssetType.Transform) transforms.Add(VerifiedContent.Read(store, hash, TransformPackage.Read, ct));
                else model = VerifiedContent.Read(store, hash, ModelPackage.Read, ct);
            }
            if (model == null) throw MlAlmException.InvalidData("PipelineWithoutModel", "The endpoint's pipeline has no trained model.");
            return new ScoringPipeline(transforms, model, outputColumns);
        }

        public static AssetReference? ModelOf(IEnumerable<PipelineStepDocument> steps) =>
            steps.Where(s => s.Type == AssetType.TrainedModel).Select(s => new AssetReference(s.Type, s.Name, s.Version)).FirstOrDefault();

        public static IReadOnlyList<AssetReference> TransformsOf(IEnumerable<PipelineStepDocument> steps) =>
            steps.Where(s => s.Type == AssetType.Transform).Select(s => new AssetReference(s.Type, s.Name, s.Version)).ToList();
    }
}
