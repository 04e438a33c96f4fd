using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MlAlm.Core.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MlAlm.Core.Graphs
{
    /// <summary>
    /// Reads and writes the graph file format (docs/graph-format.md). Writing is deterministic:
    /// nodes by id, edges by target then source, parameters by name, two-space indent, LF line
    /// ends, a final newline — so the same graph is the same bytes and diffs mean something.
    /// Reading collects every structural problem instead of stopping at the first.
    /// </summary>
    public static class GraphJson
    {
        private static readonly string[] TopLevelProperties = { "schemaVersion", "name", "description", "nodes", "edges" };
        private static readonly string[] NodeProperties = { "id", "module", "parameters", "comment" };
        private static readonly string[] EdgeProperties = { "from", "to" };

        public static string Write(GraphDocument document)
        {
            return CanonicalJson.Write(writer =>
            {
                writer.WriteStartObject();
                WriteBody(writer, document);
                writer.WriteEndObject();
            });
        }

        /// <summary>Writes schemaVersion, name, description, nodes and edges into an object already open.</summary>
        internal static void WriteBody(JsonWriter writer, GraphDocument document)
        {
            writer.WritePropertyName("schemaVersion");
            writer.WriteValue(ExperimentGraph.CurrentSchemaVersion);
            if (document.Name != null)
            {
                writer.WritePropertyName("name");
                writer.WriteValue(document.Name);
            }
            if (!string.IsNullOrEmpty(document.Description))
            {
                writer.WritePropertyName("description");
                writer.WriteValue(document.Description);
            }
            writer.WritePropertyName("nodes");
            writer.WriteStartArray();
            foreach (var node in document.Graph.Nodes.OrderBy(n => n.Id, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WritePropertyName("id");
                writer.WriteValue(node.Id);
                writer.WritePropertyName("module");
                writer.WriteValue(node.Module);
                if (node.Parameters.Count > 0)
                {
                    writer.WritePropertyName("parameters");
                    writer.WriteStartObject();
                    foreach (var p in node.Parameters) // SortedDictionary: ordinal order
                    {
                        writer.WritePropertyName(p.Key);
                        WriteValue(writer, p.Value);
                    }
                    writer.WriteEndObject();
                }
                if (!string.IsNullOrEmpty(node.Comment))
                {
                    writer.WritePropertyName("comment");
                    writer.WriteValue(node.Comment);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WritePropertyName("edges");
            writer.WriteStartArray();
            foreach (var edge in document.Graph.Edges
                .OrderBy(e => e.To.ToString(), StringComparer.Ordinal)
                .ThenBy(e => e.From.ToString(), StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WritePropertyName("from");
                writer.WriteValue(edge.From.ToString());
                writer.WritePropertyName("to");
                writer.WriteValue(edge.To.ToString());
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }

        private static void WriteValue(JsonWriter writer, object value)
        {
            switch (value)
            {
                case AssetReference asset:
                    writer.WriteStartObject();
                    writer.WritePropertyName("type");
                    writer.WriteValue(AssetReference.TypeToken(asset.Type));
                    writer.WritePropertyName("name");
                    writer.WriteValue(asset.Name);
                    writer.WritePropertyName("version");
                    writer.WriteValue(asset.Version);
                    writer.WriteEndObject();
                    break;
                case string[] list:
                    writer.WriteStartArray();
                    foreach (var item in list) writer.WriteValue(item);
                    writer.WriteEndArray();
                    break;
                case double d:
                    writer.WriteRawValue(CanonicalJson.FormatDouble(d));
                    break;
                default:
                    writer.WriteValue(value);
                    break;
            }
        }

        /// <summary>
        /// Parses graph JSON. Returns the document (possibly partial) and every structural problem
        /// found; module-level checks are <see cref="GraphValidator"/>'s job.
        /// </summary>
        public static GraphDocument Read(string json, List<GraphProblem> problems)
        {
            var graph = new ExperimentGraph();
            JToken root;
            try
            {
                using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
                root = JToken.ReadFrom(reader, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load, DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
                if (reader.Read() && reader.TokenType != JsonToken.Comment)
                    throw new JsonReaderException($"Additional text after the graph at line {reader.LineNumber}, position {reader.LinePosition}.");
            }
            catch (JsonReaderException e)
            {
                problems.Add(new GraphProblem("InvalidJson", $"line {e.LineNumber}, position {e.LinePosition}", "the file is not valid JSON: " + e.Message));
                return new GraphDocument(null, null, graph);
            }

            if (!(root is JObject top))
            {
                problems.Add(new GraphProblem("InvalidStructure", "$", $"the graph must be a JSON object, not {Describe(root)}"));
                return new GraphDocument(null, null, graph);
            }
            CheckProperties(top, TopLevelProperties, "$", problems);

            var schema = top["schemaVersion"];
            if (schema == null)
                problems.Add(new GraphProblem("SchemaVersion", "$.schemaVersion", "'schemaVersion' is missing"));
            else if (schema.Type != JTokenType.Integer || schema.Value<long>() != ExperimentGraph.CurrentSchemaVersion)
                problems.Add(new GraphProblem("SchemaVersion", "$.schemaVersion",
                    $"schemaVersion {schema} is not supported; this version of MlAlm reads schemaVersion {ExperimentGraph.CurrentSchemaVersion}"));

            string? name = ReadOptionalString(top, "name", "$", problems);
            string? description = ReadOptionalString(top, "description", "$", problems);

            var nodes = top["nodes"];
            if (nodes == null)
                problems.Add(new GraphProblem("InvalidStructure", "$.nodes", "'nodes' is missing"));
            else if (!(nodes is JArray nodeArray))
                problems.Add(new GraphProblem("InvalidStructure", "$.nodes", $"'nodes' must be an array, not {Describe(nodes)}"));
            else
                for (int i = 0; i < nodeArray.Count; i++) ReadNode(nodeArray[i], $"nodes[{i}]", graph, problems);

            var edges = top["edges"];
            if (edges != null && !(edges is JArray))
                problems.Add(new GraphProblem("InvalidStructure", "$.edges", $"'edges' must be an array, not {Describe(edges)}"));
            else if (edges is JArray edgeArray)
                for (int i = 0; i < edgeArray.Count; i++) ReadEdge(edgeArray[i], $"edges[{i}]", graph, problems);

            return new GraphDocument(name, description, graph);
        }

        private static void ReadNode(JToken token, string where, ExperimentGraph graph, List<GraphProblem> problems)
        {
            if (!(token is JObject obj))
            {
                problems.Add(new GraphProblem("InvalidStructure", where, $"a node must be an object, not {Describe(token)}"));
                return;
            }
            CheckProperties(obj, NodeProperties, where, problems);
            var id = ReadRequiredString(obj, "id", where, problems);
            var module = ReadRequiredString(obj, "module", where, problems);
            var comment = ReadOptionalString(obj, "comment", where, problems);
            if (id == null || module == null) return;
            var node = new GraphNode(id, module) { Comment = comment };
            var parameters = obj["parameters"];
            if (parameters != null && !(parameters is JObject))
                problems.Add(new GraphProblem("InvalidStructure", where + ".parameters", $"'parameters' must be an object, not {Describe(parameters)}"));
            else if (parameters is JObject parameterObject)
            {
                foreach (var property in parameterObject.Properties())
                {
                    var value = ToValue(property.Value, $"{where}.parameters.{property.Name}", problems);
                    if (value != null) node.Parameters[property.Name] = value;
                }
            }
            graph.Nodes.Add(node);
        }

        private static void ReadEdge(JToken token, string where, ExperimentGraph graph, List<GraphProblem> problems)
        {
            if (!(token is JObject obj))
            {
                problems.Add(new GraphProblem("InvalidStructure", where, $"an edge must be an object, not {Describe(token)}"));
                return;
            }
            CheckProperties(obj, EdgeProperties, where, problems);
            var from = ReadRequiredString(obj, "from", where, problems);
            var to = ReadRequiredString(obj, "to", where, problems);
            if (from == null || to == null) return;
            bool ok = true;
            if (!PortAddress.TryParse(from, out var fromAddress))
            {
                problems.Add(new GraphProblem("InvalidEdge", where + ".from", $"'{from}' is not 'node.port'"));
                ok = false;
            }
            if (!PortAddress.TryParse(to, out var toAddress))
            {
                problems.Add(new GraphProblem("InvalidEdge", where + ".to", $"'{to}' is not 'node.port'"));
                ok = false;
            }
            if (ok) graph.Edges.Add(new GraphEdge(fromAddress, toAddress));
        }

        /// <summary>JSON value to the graph's .NET form; objects become asset references.</summary>
        private static object? ToValue(JToken token, string where, List<GraphProblem> problems)
        {
            switch (token.Type)
            {
                case JTokenType.String: return token.Value<string>();
                case JTokenType.Integer: return token.Value<long>();
                case JTokenType.Float: return token.Value<double>();
                case JTokenType.Boolean: return token.Value<bool>();
                case JTokenType.Array:
                    var items = new List<object?>();
                    foreach (var item in (JArray)token)
                    {
                        if (item.Type != JTokenType.String)
                        {
                            problems.Add(new GraphProblem("InvalidParameterValue", where, $"a list may hold only strings, not {Describe(item)}"));
                            return null;
                        }
                        items.Add(item.Value<string>());
                    }
                    return items;
                case JTokenType.Object:
                    return ToAssetReference((JObject)token, where, problems);
                default:
                    problems.Add(new GraphProblem("InvalidParameterValue", where, $"{Describe(token)} is not a parameter value"));
                    return null;
            }
        }

        private static AssetReference? ToAssetReference(JObject obj, string where, List<GraphProblem> problems)
        {
            int before = problems.Count;
            CheckProperties(obj, new[] { "type", "name", "version" }, where, problems);
            var typeText = ReadRequiredString(obj, "type", where, problems);
            var name = ReadRequiredString(obj, "name", where, problems);
            var version = obj["version"];
            AssetType type = default;
            if (typeText != null && !AssetReference.TryParseTypeToken(typeText, out type))
                problems.Add(new GraphProblem("InvalidParameterValue", where + ".type", $"'{typeText}' is not an asset type: use dataset, trainedModel or transform"));
            if (version == null)
                problems.Add(new GraphProblem("InvalidParameterValue", where + ".version", "an asset reference needs an exact 'version' number"));
            else if (version.Type != JTokenType.Integer || version.Value<long>() < 1 || version.Value<long>() > int.MaxValue)
                problems.Add(new GraphProblem("InvalidParameterValue", where + ".version", $"'version' must be a whole number from 1 up, not {Describe(version)}"));
            if (problems.Count > before) return null;
            return new AssetReference(type, name!, (int)version!.Value<long>());
        }

        private static void CheckProperties(JObject obj, string[] allowed, string where, List<GraphProblem> problems)
        {
            foreach (var property in obj.Properties())
                if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                    problems.Add(new GraphProblem("InvalidStructure", $"{where}.{property.Name}",
                        $"unknown property '{property.Name}' (line {((IJsonLineInfo)property).LineNumber}); expected {string.Join(", ", allowed)}"));
        }

        private static string? ReadRequiredString(JObject obj, string property, string where, List<GraphProblem> problems)
        {
            var token = obj[property];
            if (token == null)
            {
                problems.Add(new GraphProblem("InvalidStructure", where, $"'{property}' is missing"));
                return null;
            }
            if (token.Type != JTokenType.String || string.IsNullOrWhiteSpace(token.Value<string>()))
            {
                problems.Add(new GraphProblem("InvalidStructure", $"{where}.{property}", $"'{property}' must be a non-empty string, not {Describe(token)}"));
                return null;
            }
            return token.Value<string>();
        }

        private static string? ReadOptionalString(JObject obj, string property, string where, List<GraphProblem> problems)
        {
            var token = obj[property];
            if (token == null || token.Type == JTokenType.Null) return null;
            if (token.Type != JTokenType.String)
            {
                problems.Add(new GraphProblem("InvalidStructure", $"{where}.{property}", $"'{property}' must be a string, not {Describe(token)}"));
                return null;
            }
            return token.Value<string>();
        }

        private static string Describe(JToken token) => token.Type switch
        {
            JTokenType.Object => "an object",
            JTokenType.Array => "an array",
            JTokenType.String => $"the string \"{token.Value<string>()}\"",
            JTokenType.Null => "null",
            _ => token.ToString(Formatting.None),
        };
    }
}
