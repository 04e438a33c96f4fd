using System;
using System.Collections.Generic;

namespace MlAlm.Core.Naming
{
    /// <summary>
    /// Validates every name a user gives (datasets, experiments, models, services, endpoints)
    /// before it reaches a store key or a file path. One rule set for every backend so that a
    /// workspace can move between a local directory and a Blob container unchanged.
    /// </summary>
    public static class NameRules
    {
        public const int MaxLength = 100;

        // Device names Windows refuses as file names, with or without an extension.
        private static readonly HashSet<string> ReservedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
        };

        /// <summary>Returns the name when it is valid; otherwise throws <see cref="InvalidNameException"/> saying why.</summary>
        /// <param name="name">The name as the user typed it.</param>
        /// <param name="kind">What is being named ("dataset", "experiment"), for the message.</param>
        public static string Validate(string? name, string kind)
        {
            var problem = FindProblem(name);
            if (problem != null) throw new InvalidNameException(name ?? string.Empty, kind, problem);
            return name!;
        }

        public static bool IsValid(string? name) => FindProblem(name) == null;

        /// <summary>Describes what is wrong with a name, or returns null when nothing is.</summary>
        public static string? FindProblem(string? name)
        {
            if (string.IsNullOrEmpty(name)) return "it is empty";
            if (name!.Length > MaxLength) return $"it is longer than {MaxLength} characters";
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (char.IsControl(c)) return $"it contains a control character (U+{(int)c:X4}) at position {i + 1}";
                if (c == '/' || c == '\\') return $"it contains a path separator '{c}'";
                if (!IsAllowed(c)) return $"it contains '{c}'; use letters, digits, spaces, '.', '-' and '_'";
            }
            if (name.Contains("..")) return "it contains '..'";
            if (!char.IsLetterOrDigit(name[0])) return "it must start with a letter or a digit";
            char last = name[name.Length - 1];
            if (last == '.' || last == ' ') return "it must not end with '.' or a space";
            int dot = name.IndexOf('.');
            string stem = (dot < 0 ? name : name.Substring(0, dot)).TrimEnd(' ');
            if (ReservedNames.Contains(stem)) return $"'{stem}' is a reserved device name";
            return null;
        }

        private static bool IsAllowed(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == ' ' || c == '.' || c == '-' || c == '_';

        /// <summary>
        /// The form of a valid name used inside store keys. Names compare case-insensitively, as
        /// PowerShell users expect, and every backend sees the same key whatever its case rules.
        /// </summary>
        public static string ToKeySegment(string validName) => validName.ToLowerInvariant();
    }

    /// <summary>A user-supplied name was refused before it reached the store.</summary>
    public sealed class InvalidNameException : ArgumentException
    {
        public InvalidNameException(string name, string kind, string problem)
            : base($"'{Printable(name)}' is not a valid {kind} name: {problem}.")
        {
            Name = name;
            Kind = kind;
            Problem = problem;
        }

        public string Name { get; }
        public string Kind { get; }
        public string Problem { get; }

        private static string Printable(string s)
        {
            var chars = s.ToCharArray();
            for (int i = 0; i < chars.Length; i++) if (char.IsControl(chars[i])) chars[i] = '?';
            return new string(chars);
        }
    }
}
