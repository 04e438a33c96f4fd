using MlAlm.Core.Errors;

namespace MlAlm.Commands.Infrastructure
{
    /// <summary>Reads -Name and -Version together: 'churn' -Version 3, 'churn:3' and 'churn:latest' mean what users expect.</summary>
    internal static class AssetArguments
    {
        public static AssetSpec Read(string name, string? version, string kind)
        {
            var spec = AssetSpec.Parse(name, kind);
            if (version == null) return spec;
            if (spec.Version.HasValue)
                throw MlAlmException.InvalidArgument("AmbiguousVersion", $"'{name}' already names a version; do not also give -Version.", name);
            return new AssetSpec(spec.Name, AssetSpec.ParseVersion(version, kind));
        }
    }
}
