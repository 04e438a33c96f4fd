using System;
using System.Text.RegularExpressions;

namespace MlAlm.Core.Graphs
{
    /// <summary>One end of an edge: 'node.port'.</summary>
    public readonly struct PortAddress : IEquatable<PortAddress>
    {
        public PortAddress(string nodeId, string port)
        {
            NodeId = nodeId;
            Port = port;
        }

        public string NodeId { get; }
        public string Port { get; }

        public static bool TryParse(string? text, out PortAddress address)
        {
            address = default;
            if (text == null) return false;
            int dot = text.IndexOf('.');
            if (dot <= 0 || dot == text.Length - 1 || text.IndexOf('.', dot + 1) >= 0) return false;
            var node = text.Substring(0, dot);
            var port = text.Substring(dot + 1);
            if (!NodeIds.IsValid(node) || !NodeIds.IsValid(port)) return false;
            address = new PortAddress(node, port);
            return true;
        }

        public bool Equals(PortAddress other) =>
            string.Equals(NodeId, other.NodeId, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(Port, other.Port, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is PortAddress other && Equals(other);
        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(NodeId ?? "") ^ StringComparer.OrdinalIgnoreCase.GetHashCode(Port ?? "");
        public override string ToString() => NodeId + "." + Port;
    }

    /// <summary>Node ids and port names: a letter, then letters, digits, '_' or '-' (no dots: a dot separates node from port).</summary>
    public static class NodeIds
    {
        private static readonly Regex Pattern = new Regex("^[A-Za-z][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);

        public static bool IsValid(string? id) => id != null && Pattern.IsMatch(id);

        public const string Rule = "a letter followed by up to 63 letters, digits, '_' or '-'";
    }
}
