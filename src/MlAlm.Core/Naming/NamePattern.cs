using System.Text;
using System.Text.RegularExpressions;

namespace MlAlm.Core.Naming
{
    /// <summary>
    /// PowerShell-style wildcards for -Name parameters ('*' and '?'), case-insensitive.
    /// Asset names cannot contain '[' or ']', so only these two need meaning.
    /// </summary>
    public sealed class NamePattern
    {
        private readonly Regex _regex;

        private NamePattern(string pattern)
        {
            var sb = new StringBuilder("^");
            foreach (var c in pattern)
            {
                if (c == '*') sb.Append(".*");
                else if (c == '?') sb.Append('.');
                else sb.Append(Regex.Escape(c.ToString()));
            }
            sb.Append('$');
            _regex = new Regex(sb.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }

        public static bool HasWildcards(string? pattern) => pattern != null && pattern.IndexOfAny(new[] { '*', '?' }) >= 0;

        public static NamePattern Create(string pattern) => new NamePattern(pattern);

        public bool IsMatch(string name) => _regex.IsMatch(name);
    }
}
