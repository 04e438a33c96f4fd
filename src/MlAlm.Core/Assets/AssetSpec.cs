using System;
using System.Globalization;
using MlAlm.Core.Errors;
using MlAlm.Core.Naming;

namespace MlAlm
{
    /// <summary>
    /// What a user types to name an asset: 'churn' (latest), 'churn:3' or 'churn:latest'.
    /// A null <see cref="Version"/> means the latest version, resolved when used.
    /// </summary>
    public sealed class AssetSpec
    {
        public AssetSpec(string name, int? version, bool explicitLatest = false)
        {
            Name = name;
            Version = version;
            ExplicitLatest = explicitLatest && version == null;
        }

        public string Name { get; }
        public int? Version { get; }

        /// <summary>The user wrote 'latest' (as opposed to giving no version, which some commands read as "all").</summary>
        public bool ExplicitLatest { get; }

        public override string ToString() =>
            Version.HasValue ? Name + ":" + Version.Value.ToString(CultureInfo.InvariantCulture) : Name;

        /// <summary>Parses 'name', 'name:N' or 'name:latest'; the name is validated.</summary>
        public static AssetSpec Parse(string text, string kind)
        {
            if (string.IsNullOrWhiteSpace(text))
                throw MlAlmException.InvalidArgument("InvalidAssetSpec", $"A {kind} name is required.");
            string name = text;
            int? version = null;
            bool latest = false;
            int colon = text.LastIndexOf(':');
            if (colon >= 0)
            {
                name = text.Substring(0, colon);
                version = ParseVersion(text.Substring(colon + 1), kind, text);
                latest = version == null;
            }
            NameRules.Validate(name, kind);
            return new AssetSpec(name, version, latest);
        }

        /// <summary>Parses a version: a positive number, or 'latest' (returned as null).</summary>
        public static int? ParseVersion(string text, string kind, string? whole = null)
        {
            var trimmed = text.Trim();
            if (trimmed.Length == 0 || string.Equals(trimmed, "latest", StringComparison.OrdinalIgnoreCase)) return null;
            if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 1) return v;
            throw MlAlmException.InvalidArgument("InvalidAssetVersion",
                $"'{whole ?? text}' does not name a {kind} version: a version is a number from 1 up, or 'latest'.");
        }
    }
}
