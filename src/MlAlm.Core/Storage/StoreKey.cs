using System;
using System.Text;

namespace MlAlm.Core.Storage
{
    /// <summary>
    /// Builds and checks document keys: '/'-separated segments of lower-case letters, digits,
    /// spaces, '.', '-' and '_', never empty, never '.' or '..'. Services build keys only through
    /// here, so a backend can map a key to a path or a blob name without escaping anything.
    /// </summary>
    public static class StoreKey
    {
        public static string Of(params string[] segments)
        {
            var sb = new StringBuilder();
            foreach (var segment in segments)
            {
                if (sb.Length > 0) sb.Append('/');
                sb.Append(segment);
            }
            var key = sb.ToString();
            EnsureValid(key);
            return key;
        }

        /// <summary>A prefix for listing: a key followed by '/'.</summary>
        public static string PrefixOf(params string[] segments) => Of(segments) + "/";

        public static bool IsValid(string? key)
        {
            if (string.IsNullOrEmpty(key) || key!.Length > 1024) return false;
            foreach (var segment in key.Split('/'))
            {
                if (segment.Length == 0 || segment == "." || segment == "..") return false;
                if (segment[0] == ' ' || segment[segment.Length - 1] == ' ' || segment[segment.Length - 1] == '.') return false;
                foreach (var c in segment)
                {
                    if (!IsSegmentChar(c)) return false;
                }
            }
            return true;
        }

        public static void EnsureValid(string key)
        {
            if (!IsValid(key)) throw new ArgumentException($"'{key}' is not a valid store key.", nameof(key));
        }

        /// <summary>
        /// Whether <paramref name="prefix"/> can start a key: empty, or complete valid segments
        /// each followed by '/', optionally ending in a partial segment of allowed characters.
        /// Listing matches keys by plain string prefix, so 'a/b' matches 'a/bc' but 'a/b/' does not.
        /// </summary>
        public static bool IsValidPrefix(string? prefix)
        {
            if (prefix is null || prefix.Length > 1024) return false;
            if (prefix.Length == 0) return true;
            int lastSlash = prefix.LastIndexOf('/');
            if (lastSlash >= 0 && !IsValid(prefix.Substring(0, lastSlash))) return false;
            // The part after the last '/' is a segment still being typed: it only has to use the
            // allowed characters and must not already be a path trick ('.' or '..') on its own.
            string partial = prefix.Substring(lastSlash + 1);
            if (partial == "." || partial == ".." || (partial.Length > 0 && partial[0] == ' ')) return false;
            foreach (var c in partial)
            {
                if (!IsSegmentChar(c)) return false;
            }
            return true;
        }

        public static void EnsureValidPrefix(string prefix)
        {
            if (!IsValidPrefix(prefix)) throw new ArgumentException($"'{prefix}' is not a valid store key prefix.", nameof(prefix));
        }

        private static bool IsSegmentChar(char c) =>
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '-' || c == '_';

        /// <summary>Zero-padded so that ordinal key order is numeric version order.</summary>
        public static string VersionSegment(int version) => version.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
    }
}
