using System;
using System.Globalization;

namespace MlAlm
{
    /// <summary>An exact asset version named by a graph: {type, name, version}.</summary>
    public sealed class AssetReference : IEquatable<AssetReference>
    {
        public AssetReference(AssetType type, string name, int version)
        {
            Type = type;
            Name = name;
            Version = version;
        }

        public AssetType Type { get; }
        public string Name { get; }
        public int Version { get; }

        public AssetReference WithVersion(int version) => new AssetReference(Type, Name, version);

        public bool Equals(AssetReference? other) =>
            other != null && Type == other.Type && Version == other.Version &&
            string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => Equals(obj as AssetReference);

        public override int GetHashCode() =>
            ((int)Type * 397) ^ StringComparer.OrdinalIgnoreCase.GetHashCode(Name) ^ (Version * 7919);

        /// <summary>The 'name:version' form users type.</summary>
        public override string ToString() => Name + ":" + Version.ToString(CultureInfo.InvariantCulture);

        /// <summary>The JSON 'type' token for an asset type (camelCase, stable across releases).</summary>
        public static string TypeToken(AssetType type) => type switch
        {
            AssetType.Dataset => "dataset",
            AssetType.TrainedModel => "trainedModel",
            AssetType.Transform => "transform",
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };

        public static bool TryParseTypeToken(string? token, out AssetType type)
        {
            foreach (AssetType candidate in Enum.GetValues(typeof(AssetType)))
            {
                if (string.Equals(TypeToken(candidate), token, StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(candidate.ToString(), token, StringComparison.OrdinalIgnoreCase))
                {
                    type = candidate;
                    return true;
                }
            }
            type = default;
            return false;
        }
    }
}
