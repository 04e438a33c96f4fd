using System;
using MlAlm.Core.Models;

namespace MlAlm.Commands.Models
{
    /// <summary>
    /// What the package-asset cmdlets need to know about one kind of asset: its noun in messages,
    /// the service that keeps it, and how to read an asset object's version.
    /// </summary>
    public sealed class PackageAssetKind<TAsset>
    {
        private readonly Func<MlWorkspace, IPackageAssetService<TAsset>> _service;
        private readonly Func<TAsset, int> _versionOf;

        public PackageAssetKind(string noun, Func<MlWorkspace, IPackageAssetService<TAsset>> service, Func<TAsset, int> versionOf)
        {
            Noun = noun;
            _service = service;
            _versionOf = versionOf;
        }

        public string Noun { get; }

        public IPackageAssetService<TAsset> Service(MlWorkspace workspace) => _service(workspace);

        public int VersionOf(TAsset asset) => _versionOf(asset);
    }

    /// <summary>The kinds of package asset there are cmdlets for.</summary>
    internal static class PackageAssetKinds
    {
        public static readonly PackageAssetKind<MlTrainedModel> TrainedModel =
            new PackageAssetKind<MlTrainedModel>("trained model", workspace => new TrainedModelService(workspace), model => model.Version);

        public static readonly PackageAssetKind<MlTransform> Transform =
            new PackageAssetKind<MlTransform>("transform", workspace => new TransformService(workspace), transform => transform.Version);
    }
}
