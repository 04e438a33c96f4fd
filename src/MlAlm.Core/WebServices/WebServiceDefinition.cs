using System;
using System.Collections.Generic;
using System.Linq;
using MlAlm.Core.Errors;
using MlAlm.Core.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MlAlm.Core.WebServices
{
    /// <summary>
    /// The web service definition file (WSD): a service and its endpoints with the exact asset
    /// versions (and content hashes) they serve, without keys. Exported from one workspace and
    /// deployed into another (docs/web-service-definition.md). Deterministic, like graph files.
    /// </summary>
    internal static class WebServiceDefinition
    {
        public const string Kind = "mlalm-web-service";
        public const int SchemaVersion = 1;

        public sealed class Parsed
        {
            public string Name { get; set; } = string.Empty;
            public string? Description { get; set; }
            public List<EndpointDocument> Endpoints { get; } = new List<EndpointDocument>();
        }

        public static string Write(string name, string? description, IEnumerable<EndpointDocument> endpoints) =>
            CanonicalJson.Write(w =>
            {
                w.WriteStartObject();
                w.WritePropertyName("kind"); w.WriteValue(Kind);
                w.WritePropertyName("schemaVersion"); w.WriteValue(SchemaVersion);
                w.WritePropertyName("name"); w.WriteValue(name);
                if (!string.IsNullOrEmpty(description)) { w.WritePropertyName("description"); w.WriteValue(description); }
                w.WritePropertyName("endpoints");
                w.WriteStartArray();
                foreach (var e in endpoints)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("name"); w.WriteValue(e.Name);
                    if (e.Environment != null) { w.WritePropertyName("environment"); w.WriteValue(e.Environment); }
                    w.WritePropertyName("maxConcurrentCalls"); w.WriteValue(e.MaxConcurrentCalls);
                    w.WritePropertyName("outputColumns");
                    w.WriteStartArray();
                    foreach (var c in e.OutputColumns) w.WriteValue(c);
                    w.WriteEndArray();
                    w.WritePropertyName("pipeline");
                    w.WriteStartArray();
                    foreach (var s in e.Pipeline)
                    {
                        w.WriteStartObject();
                        w.WritePropertyName("type"); w.WriteValue(AssetReference.TypeToken(s.Type));
                        w.WritePropertyName("name"); w.WriteValue(s.Name);
                        w.WritePropertyName("version"); w.WriteValue(s.Version);
                        w.WritePropertyName("contentSha256"); w.WriteValue(s.ContentSha256);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });

        public static Parsed Read(string json, string sourceName)
        {
            try
            {
                var root = JObject.Parse(json);
                if ((string?)root["kind"] != Kind) throw new FormatException($"it is not a web service definition ('kind' must be '{Kind}')");
                if ((int?)root["schemaVersion"] != SchemaVersion) throw new FormatException($"schemaVersion {root["schemaVersion"]} is not supported; this MlAlm reads {SchemaVersion}");
                var parsed = new Parsed
                {
                    Name = (string?)root["name"] ?? throw new FormatException("'name' is missing"),
                    Description = (string?)root["description"],
                };
                foreach (var e in (JArray?)root["endpoints"] ?? throw new FormatException("'endpoints' is missing"))
                {
                    var endpoint = new EndpointDocument
                    {
                        Name = (string?)e["name"] ?? throw new FormatException("an endpoint has no 'name'"),
                        Environment = (string?)e["environment"],
                        MaxConcurrentCalls = (int?)e["maxConcurrentCalls"] ?? WebServiceService.DefaultMaxConcurrentCalls,
                        OutputColumns = ((JArray?)e["outputColumns"])?.Select(c => (string)c!).ToList() ?? new List<string>(),
                    };
                    foreach (var s in (JArray?)e["pipeline"] ?? throw new FormatException($"endpoint '{endpoint.Name}' has no 'pipeline'"))
                    {
                        if (!AssetReference.TryParseTypeToken((string?)s["type"], out var type) || type == AssetType.Dataset)
                            throw new FormatException($"endpoint '{endpoint.Name}': '{s["type"]}' is not a pipeline step type (transform or trainedModel)");
                        endpoint.Pipeline.Add(new PipelineStepDocument
                        {
                            Type = type,
                            Name = (string?)s["name"] ?? throw new FormatException($"endpoint '{endpoint.Name}': a step has no 'name'"),
                            Version = (int?)s["version"] ?? throw new FormatException($"endpoint '{endpoint.Name}': a step has no 'version'"),
                            ContentSha256 = (string?)s["contentSha256"] ?? throw new FormatException($"endpoint '{endpoint.Name}': a step has no 'contentSha256'"),
                        });
                    }
                    if (endpoint.Pipeline.Count(s => s.Type == AssetType.TrainedModel) != 1)
                        throw new FormatException($"endpoint '{endpoint.Name}' must name exactly one trained model");
                    parsed.Endpoints.Add(endpoint);
                }
                if (!parsed.Endpoints.Any(e => string.Equals(e.Name, WebServiceService.DefaultEndpoint, StringComparison.OrdinalIgnoreCase)))
                    throw new FormatException("it has no 'default' endpoint");
                return parsed;
            }
            catch (Exception e) when (e is JsonException || e is FormatException || e is InvalidCastException || e is ArgumentException)
            {
                throw MlAlmException.InvalidData("InvalidDefinitionFile", $"'{sourceName}' is not a valid web service definition: {e.Message}", sourceName, e);
            }
        }
    }
}
