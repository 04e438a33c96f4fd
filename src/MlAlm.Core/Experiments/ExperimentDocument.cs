using System;
using System.Collections.Generic;
using MlAlm.Core.Errors;
using MlAlm.Core.Graphs;
using MlAlm.Core.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MlAlm.Core.Experiments
{
    /// <summary>
    /// The stored form of an experiment (key experiments/name): identity and timestamps around the
    /// same graph body the graph file uses, so one reader and one writer serve both.
    /// </summary>
    internal static class ExperimentDocument
    {
        public static byte[] Write(Guid id, DateTime createdUtc, DateTime modifiedUtc, GraphDocument graph)
        {
            return CanonicalJson.WriteBytes(writer =>
            {
                writer.WriteStartObject();
                writer.WritePropertyName("id");
                writer.WriteValue(id.ToString("D"));
                writer.WritePropertyName("createdUtc");
                writer.WriteValue(createdUtc);
                writer.WritePropertyName("modifiedUtc");
                writer.WriteValue(modifiedUtc);
                writer.WritePropertyName("graph");
                writer.WriteStartObject();
                GraphJson.WriteBody(writer, graph);
                writer.WriteEndObject();
                writer.WriteEndObject();
            });
        }

        public static (Guid Id, DateTime CreatedUtc, DateTime ModifiedUtc, GraphDocument Graph) Read(byte[] content, string key)
        {
            try
            {
                var root = JObject.Parse(CanonicalJson.Utf8NoBom.GetString(content), new JsonLoadSettings());
                var id = Guid.Parse((string)root["id"]!);
                var created = ((DateTime)root["createdUtc"]!).ToUniversalTime();
                var modified = ((DateTime)root["modifiedUtc"]!).ToUniversalTime();
                var problems = new List<GraphProblem>();
                var graph = GraphJson.Read(root["graph"]!.ToString(Formatting.None), problems);
                if (problems.Count > 0) throw new FormatException(string.Join("; ", problems));
                GraphValidator.Validate(graph.Graph, assets: null); // normalizes values read back from JSON
                return (id, created, modified, graph);
            }
            catch (Exception e) when (e is JsonException || e is FormatException || e is InvalidCastException || e is NullReferenceException || e is ArgumentException)
            {
                throw new MlAlmException("CorruptedDocument", ErrorKind.Corrupted,
                    $"The workspace document '{key}' cannot be read: {e.Message} Run Test-MlWorkspace to check the workspace.", key, e);
            }
        }
    }
}
