using System;
using System.Security.Cryptography;

namespace MlAlm.Core.Storage
{
    /// <summary>A SHA-256 digest in lower-case hexadecimal: the address of stored content.</summary>
    public readonly struct ContentHash : IEquatable<ContentHash>
    {
        private ContentHash(string hex) => Hex = hex;

        public string Hex { get; }

        /// <summary>Parses 64 hexadecimal digits (either case); anything else is rejected.</summary>
        public static ContentHash Parse(string text)
        {
            if (!TryParse(text, out var hash))
                throw new FormatException($"'{text}' is not a SHA-256 hash: expected 64 hexadecimal digits.");
            return hash;
        }

        public static bool TryParse(string? text, out ContentHash hash)
        {
            hash = default;
            if (text is null || text.Length != 64) return false;
            foreach (var c in text)
            {
                bool isHex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                if (!isHex) return false;
            }
            hash = new ContentHash(text.ToLowerInvariant());
            return true;
        }

        public static ContentHash FromDigest(byte[] digest)
        {
            if (digest is null || digest.Length != 32) throw new ArgumentException("A SHA-256 digest has 32 bytes.", nameof(digest));
            var chars = new char[64];
            const string digits = "0123456789abcdef";
            for (int i = 0; i < 32; i++)
            {
                chars[2 * i] = digits[digest[i] >> 4];
                chars[2 * i + 1] = digits[digest[i] & 0xF];
            }
            return new ContentHash(new string(chars));
        }

        public static ContentHash Compute(byte[] bytes)
        {
            using var sha = SHA256.Create();
            return FromDigest(sha.ComputeHash(bytes));
        }

        public bool Equals(ContentHash other) => string.Equals(Hex, other.Hex, StringComparison.Ordinal);
        public override bool Equals(object? obj) => obj is ContentHash other && Equals(other);
        public override int GetHashCode() => Hex is null ? 0 : StringComparer.Ordinal.GetHashCode(Hex);
        public override string ToString() => Hex ?? string.Empty;
        public static bool operator ==(ContentHash left, ContentHash right) => left.Equals(right);
        public static bool operator !=(ContentHash left, ContentHash right) => !left.Equals(right);
    }
}
