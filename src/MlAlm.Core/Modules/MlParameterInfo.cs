using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MlAlm
{
    /// <summary>
    /// A typed module parameter with its default and limits. <see cref="TryNormalize"/> turns a
    /// value from a graph file or a PowerShell hashtable into the one canonical .NET form the
    /// graph stores (string, long, double, bool, string[] or AssetReference).
    /// </summary>
    public sealed class MlParameterInfo
    {
        internal MlParameterInfo(string name, ParameterKind kind, string description)
        {
            Name = name;
            Kind = kind;
            Description = description;
            Choices = Array.Empty<string>();
        }

        public string Name { get; }
        public ParameterKind Kind { get; }
        public string Description { get; }
        public bool Required { get; internal set; }
        public object? DefaultValue { get; internal set; }
        public double? Minimum { get; internal set; }
        public double? Maximum { get; internal set; }

        /// <summary>Whether the limits themselves are excluded (e.g. a fraction strictly between 0 and 1).</summary>
        public bool ExclusiveLimits { get; internal set; }

        public IReadOnlyList<string> Choices { get; internal set; }
        public AssetType? AssetType { get; internal set; }

        public override string ToString() => Name + " (" + Kind + ")";

        /// <summary>Checks and converts a raw value; on failure, says what was expected.</summary>
        public bool TryNormalize(object? raw, out object? value, out string? error)
        {
            value = null;
            error = null;
            if (raw is null)
            {
                error = "a value is required";
                return false;
            }
            switch (Kind)
            {
                case ParameterKind.String:
                    if (raw is string s) { value = s; return true; }
                    error = $"expected a string but got {Describe(raw)}";
                    return false;

                case ParameterKind.Column:
                    if (raw is string c && c.Trim().Length > 0) { value = c; return true; }
                    error = $"expected a column name but got {Describe(raw)}";
                    return false;

                case ParameterKind.Columns:
                    return TryNormalizeColumns(raw, out value, out error);

                case ParameterKind.Boolean:
                    if (raw is bool b) { value = b; return true; }
                    error = $"expected true or false but got {Describe(raw)}";
                    return false;

                case ParameterKind.Integer:
                    if (TryGetNumber(raw, out double whole) && Math.Floor(whole) == whole && Math.Abs(whole) <= 1e15)
                    {
                        if (!InRange(whole, out error)) return false;
                        value = (long)whole;
                        return true;
                    }
                    error = $"expected a whole number but got {Describe(raw)}";
                    return false;

                case ParameterKind.Number:
                    if (TryGetNumber(raw, out double number) && !double.IsNaN(number) && !double.IsInfinity(number))
                    {
                        if (!InRange(number, out error)) return false;
                        value = number;
                        return true;
                    }
                    error = $"expected a number but got {Describe(raw)}";
                    return false;

                case ParameterKind.Choice:
                    if (raw is string choice)
                    {
                        var match = Choices.FirstOrDefault(x => string.Equals(x, choice, StringComparison.OrdinalIgnoreCase));
                        if (match != null) { value = match; return true; }
                    }
                    error = $"expected one of {string.Join(", ", Choices)} but got {Describe(raw)}";
                    return false;

                case ParameterKind.Asset:
                    if (raw is AssetReference asset)
                    {
                        if (asset.Type == AssetType) { value = asset; return true; }
                        error = $"expected a {AssetReference.TypeToken(AssetType!.Value)} reference but got a {AssetReference.TypeToken(asset.Type)} reference";
                        return false;
                    }
                    error = $"expected a {AssetReference.TypeToken(AssetType!.Value)} reference {{type, name, version}} but got {Describe(raw)}";
                    return false;

                default:
                    throw new InvalidOperationException("Unknown parameter kind " + Kind);
            }
        }

        private bool InRange(double v, out string? error)
        {
            error = null;
            bool low = Minimum.HasValue && (ExclusiveLimits ? v <= Minimum.Value : v < Minimum.Value);
            bool high = Maximum.HasValue && (ExclusiveLimits ? v >= Maximum.Value : v > Maximum.Value);
            if (!low && !high) return true;
            string lo = Minimum.HasValue ? Minimum.Value.ToString("R", CultureInfo.InvariantCulture) : "-inf";
            string hi = Maximum.HasValue ? Maximum.Value.ToString("R", CultureInfo.InvariantCulture) : "inf";
            error = ExclusiveLimits
                ? $"{v.ToString("R", CultureInfo.InvariantCulture)} is not strictly between {lo} and {hi}"
                : $"{v.ToString("R", CultureInfo.InvariantCulture)} is not between {lo} and {hi}";
            return false;
        }

        private static bool TryNormalizeColumns(object raw, out object? value, out string? error)
        {
            value = null;
            error = null;
            var names = new List<string>();
            if (raw is string single)
            {
                names.Add(single);
            }
            else if (raw is IEnumerable items && !(raw is IDictionary))
            {
                foreach (var item in items)
                {
                    if (!(item is string name))
                    {
                        error = $"expected column names but found {Describe(item)} in the list";
                        return false;
                    }
                    names.Add(name);
                }
            }
            else
            {
                error = $"expected a list of column names but got {Describe(raw)}";
                return false;
            }
            if (names.Count == 0 || names.Any(n => n.Trim().Length == 0))
            {
                error = "column names must not be empty";
                return false;
            }
            var duplicate = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                error = $"column '{duplicate.Key}' is listed twice";
                return false;
            }
            value = names.ToArray();
            return true;
        }

        private static bool TryGetNumber(object raw, out double number)
        {
            switch (raw)
            {
                case int i: number = i; return true;
                case long l: number = l; return true;
                case short sh: number = sh; return true;
                case byte by: number = by; return true;
                case float f: number = f; return true;
                case double d: number = d; return true;
                case decimal m: number = (double)m; return true;
                default: number = 0; return false;
            }
        }

        internal static string Describe(object? raw) => raw switch
        {
            null => "nothing",
            string s => $"the string '{s}'",
            bool b => b ? "true" : "false",
            AssetReference a => $"the asset reference {a}",
            IDictionary _ => "an object",
            IEnumerable _ => "a list",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => "a " + raw.GetType().Name,
        };
    }
}
