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
            if (spec.Version.HasValue || spec.ExplicitLatest)
                throw MlAlmException.InvalidArgument("AmbiguousVersion", $"'{name}' already names a version; do not also give -Version.", name);
            var parsed = AssetSpec.ParseVersion(version, kind);
            return new AssetSpec(spec.Name, parsed, explicitLatest: parsed == null);
        }

        /// <summary>-Version is meaningless with a wildcard name: say so rather than ignore it.</summary>
        public static void RefuseVersionWithWildcard(string name, string? version)
        {
            if (version != null)
                throw MlAlmException.InvalidArgument("VersionWithWildcard", $"-Version cannot be combined with the wildcard name '{name}'; give one name.", name);
        }
    }
}
