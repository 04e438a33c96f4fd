using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MlAlm.Learning.Data;

namespace MlAlm.Host.Endpoints
{
    /// <summary>
    /// The OpenAPI 3.0 document of one endpoint version, written by hand with Utf8JsonWriter: the
    /// execute path (and the batch job paths when the host runs batch jobs), request and response
    /// schemas derived from the input and output schema, the bearer security scheme and an example
    /// request. It never contains a key.
    /// </summary>
    internal static class OpenApiDocument
    {
        public static byte[] Build(CompiledEndpoint endpoint, bool batchRoutes)
        {
            var buffer = new ArrayBufferWriter<byte>(8192);
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                string basePath = $"/services/{Uri.EscapeDataString(endpoint.Service)}/endpoints/{Uri.EscapeDataString(endpoint.Name)}";
                w.WriteStartObject();
                w.WriteString("openapi", "3.0.3");
                w.WriteStartObject("info");
                w.WriteString("title", $"{endpoint.Service}/{endpoint.Name}");
                w.WriteString("description", (endpoint.ServiceDescription ?? $"Web service '{endpoint.Service}', endpoint '{endpoint.Name}'.") +
                    $" Pipeline: {string.Join(", ", endpoint.Steps)}.");
                w.WriteString("version", endpoint.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteEndObject();

                w.WriteStartObject("paths");
                WriteExecutePath(w, basePath, endpoint);
                if (batchRoutes) WriteJobPaths(w, basePath);
                w.WriteEndObject();

                w.WriteStartObject("components");
                w.WriteStartObject("securitySchemes");
                w.WriteStartObject("bearer");
                w.WriteString("type", "http");
                w.WriteString("scheme", "bearer");
                w.WriteString("description", "The endpoint's primary or secondary key (Get-MlWebServiceEndpoint shows them).");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteStartObject("schemas");
                WriteSchemas(w, endpoint, batchRoutes);
                w.WriteEndObject();
                w.WriteEndObject();

                w.WriteStartArray("security");
                w.WriteStartObject();
                w.WriteStartArray("bearer");
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }

        private static void WriteExecutePath(Utf8JsonWriter w, string basePath, CompiledEndpoint endpoint)
        {
            w.WriteStartObject(basePath + "/execute");
            w.WriteStartObject("post");
            w.WriteString("operationId", "execute");
            w.WriteString("summary", "Scores rows (request/response).");
            w.WriteString("description",
                "Send the classic form {\"Inputs\":{\"input1\":{\"ColumnNames\":[...],\"Values\":[[...]]}}} or a list of records. " +
                "Every input column is required (null is a missing value); columns the schema does not name are ignored.");
            RequestBody(w, new MediaType("application/json", OneOf(Ref("ClassicRequest"), Ref("RecordsRequest"), Ref("EnvelopedRecordsRequest")),
                Example: writer => WriteExampleRequest(writer, endpoint)));
            w.WriteStartObject("responses");
            Response(w, "200", "The scored rows, in the form of the request.",
                OneOf(Ref("ClassicResponse"), Ref("RecordsResponse"), Ref("EnvelopedRecordsResponse")));
            ErrorResponses(w, ("400", "Invalid JSON or input that does not match the schema (the message names the row and column)."),
                ("401", "Missing or wrong key."), ("404", "No such endpoint on this host."), ("413", "The body is too large."),
                ("415", "The body is not application/json."), ("429", "The endpoint is at its MaxConcurrentCalls; retry."));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        private static void WriteJobPaths(Utf8JsonWriter w, string basePath)
        {
            w.WriteStartObject(basePath + "/jobs");
            w.WriteStartObject("post");
            w.WriteString("operationId", "submitJob");
            w.WriteString("summary", "Submits a batch job: a dataset version, or a CSV uploaded as the body.");
            RequestBody(w, new MediaType("application/json", Ref("JobRequest")), new MediaType("text/csv", BinaryString));
            w.WriteStartObject("responses");
            Response(w, "202", "Accepted; the Location header is the job's URL.", Ref("Job"));
            ErrorResponses(w, ("400", "Invalid request."), ("401", "Missing or wrong key."), ("404", "No such endpoint or dataset."),
                ("413", "The body is too large."), ("415", "The body is neither application/json nor text/csv."));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartObject(basePath + "/jobs/{jobId}");
            w.WriteStartArray("parameters");
            w.WriteStartObject();
            w.WriteString("name", "jobId");
            w.WriteString("in", "path");
            w.WriteBoolean("required", true);
            WriteSchema(w, "schema", StringType);
            w.WriteEndObject();
            w.WriteEndArray();
            foreach (var (method, id, summary) in new[] { ("get", "getJob", "The job's status."), ("delete", "cancelJob", "Cancels the job.") })
            {
                w.WriteStartObject(method);
                w.WriteString("operationId", id);
                w.WriteString("summary", summary);
                w.WriteStartObject("responses");
                Response(w, "200", "The job.", Ref("Job"));
                ErrorResponses(w, ("401", "Missing or wrong key."), ("404", "No such job."));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }

        private static void WriteSchemas(Utf8JsonWriter w, CompiledEndpoint endpoint, bool batchRoutes)
        {
            // A request may carry columns the schema does not name; they are ignored, not refused.
            WriteSchema(w, "InputRecord", AllowingAdditionalProperties(Record(endpoint.Inputs.Select(c => (c.Name, c.Type)))));
            WriteSchema(w, "OutputRecord", Record(endpoint.Outputs.Select(c => (c.Name, c.Type))));

            // The classic table: ColumnNames then rows of values in that order.
            WriteSchema(w, "InputTable", ObjectOf(
                Required("ColumnNames", ArrayOf(StringEnum(endpoint.Inputs.Select(c => c.Name)))),
                Required("Values", ArrayOf(ArrayOf(WithDescription(AnyNullable, "A value of the column named at the same position in ColumnNames."))))));
            WriteSchema(w, "ClassicRequest", ObjectOf(
                Required("Inputs", ObjectOf(Required("input1", Ref("InputTable")))),
                Optional("GlobalParameters", WithDescription(FreeFormObject, "Accepted and ignored: this service has no global parameters."))));
            WriteSchema(w, "RecordsRequest", ArrayOf(Ref("InputRecord")));
            WriteSchema(w, "EnvelopedRecordsRequest", Envelope("Inputs", "input1", "InputRecord"));

            WriteSchema(w, "ClassicResponse", ObjectOf(
                Optional("Results", ObjectOf(
                    Optional("output1", ObjectOf(
                        Optional("type", StringEnum(new[] { "table" })),
                        Optional("value", ObjectOf(
                            Optional("ColumnNames", ArrayOf(StringEnum(endpoint.Outputs.Select(c => c.Name)))),
                            Optional("ColumnTypes", ArrayOf(StringEnum(endpoint.Outputs.Select(c => c.Type.ToString())))),
                            Optional("Values", ArrayOf(ArrayOf(AnyNullable)))))))))));
            WriteSchema(w, "RecordsResponse", ArrayOf(Ref("OutputRecord")));
            WriteSchema(w, "EnvelopedRecordsResponse", Envelope("Results", "output1", "OutputRecord"));

            WriteSchema(w, "Error", ObjectOf(
                Optional("error", ObjectOf(
                    Optional("code", StringType),
                    Optional("message", StringType)))));

            if (!batchRoutes) return;
            WriteSchema(w, "JobRequest", ObjectOf(
                Required("input", ObjectOf(
                    Optional("dataset", WithDescription(StringType, "A dataset as name or name:version (latest when no version).")))),
                Optional("outputDataset", WithDescription(StringType, "The dataset the scored rows become a new version of."))));
            WriteSchema(w, "Job", AllowingAdditionalProperties(ObjectOf(
                Optional("id", StringType),
                Optional("status", StringType),
                Optional("service", StringType),
                Optional("endpoint", StringType),
                Optional("error", StringType))));
        }

        /// <summary>Records wrapped as {"<paramref name="outer"/>":{"<paramref name="inner"/>":[records]}}, the classic envelope around a list.</summary>
        private static Schema Envelope(string outer, string inner, string record) =>
            ObjectOf(Required(outer, ObjectOf(Optional(inner, ArrayOf(Ref(record))))));

        private static void WriteExampleRequest(Utf8JsonWriter w, CompiledEndpoint endpoint)
        {
            w.WriteStartObject();
            w.WriteStartObject("Inputs");
            w.WriteStartObject("input1");
            w.WriteStartArray("ColumnNames");
            foreach (var c in endpoint.Inputs) w.WriteStringValue(c.Name);
            w.WriteEndArray();
            w.WriteStartArray("Values");
            w.WriteStartArray();
            foreach (var c in endpoint.Inputs)
            {
                switch (c.Type)
                {
                    case ColumnType.Number: w.WriteNumberValue(0); break;
                    case ColumnType.Boolean: w.WriteBooleanValue(false); break;
                    case ColumnType.DateTime: w.WriteStringValue("2024-01-01T00:00:00Z"); break;
                    default: w.WriteStringValue("text"); break;
                }
            }
            w.WriteEndArray();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("GlobalParameters");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        // ---- Paths: request bodies and responses ----

        /// <summary>One entry of a "content" map: the media type, its schema and, optionally, an example.</summary>
        private readonly record struct MediaType(string Name, Schema Schema, Action<Utf8JsonWriter>? Example = null);

        private static void RequestBody(Utf8JsonWriter w, params MediaType[] content)
        {
            w.WriteStartObject("requestBody");
            w.WriteBoolean("required", true);
            Content(w, content);
            w.WriteEndObject();
        }

        /// <summary>A response whose body is JSON of the given schema.</summary>
        private static void Response(Utf8JsonWriter w, string status, string description, Schema schema)
        {
            w.WriteStartObject(status);
            w.WriteString("description", description);
            Content(w, new MediaType("application/json", schema));
            w.WriteEndObject();
        }

        private static void ErrorResponses(Utf8JsonWriter w, params (string Status, string Description)[] responses)
        {
            foreach (var (status, description) in responses) Response(w, status, description, Ref("Error"));
        }

        private static void Content(Utf8JsonWriter w, params MediaType[] content)
        {
            w.WriteStartObject("content");
            foreach (var mediaType in content)
            {
                w.WriteStartObject(mediaType.Name);
                WriteSchema(w, "schema", mediaType.Schema);
                if (mediaType.Example is not null)
                {
                    w.WritePropertyName("example");
                    mediaType.Example(w);
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }

        // ---- Schemas ----

        /// <summary>Writes the members of one schema object; the writer is already inside its braces.</summary>
        private delegate void Schema(Utf8JsonWriter w);

        /// <summary>A property of an object schema; required ones are listed in the object's "required".</summary>
        private readonly record struct Property(string Name, Schema Schema, bool IsRequired);

        private static Property Required(string name, Schema schema) => new Property(name, schema, IsRequired: true);

        private static Property Optional(string name, Schema schema) => new Property(name, schema, IsRequired: false);

        /// <summary>Writes the schema as the member "<paramref name="name"/>" of the object being written.</summary>
        private static void WriteSchema(Utf8JsonWriter w, string name, Schema schema)
        {
            w.WriteStartObject(name);
            schema(w);
            w.WriteEndObject();
        }

        private static readonly Schema StringType = w => w.WriteString("type", "string");

        private static readonly Schema BinaryString = w =>
        {
            w.WriteString("type", "string");
            w.WriteString("format", "binary");
        };

        /// <summary>An object with no declared properties.</summary>
        private static readonly Schema FreeFormObject = w => w.WriteString("type", "object");

        /// <summary>Any value, or null.</summary>
        private static readonly Schema AnyNullable = w => w.WriteBoolean("nullable", true);

        private static Schema Ref(string schemaName) => w => w.WriteString("$ref", "#/components/schemas/" + schemaName);

        private static Schema StringEnum(IEnumerable<string> values)
        {
            var list = values.ToArray();
            return w =>
            {
                w.WriteString("type", "string");
                w.WriteStartArray("enum");
                foreach (var value in list) w.WriteStringValue(value);
                w.WriteEndArray();
            };
        }

        private static Schema ArrayOf(Schema items) => w =>
        {
            w.WriteString("type", "array");
            WriteSchema(w, "items", items);
        };

        private static Schema OneOf(params Schema[] choices) => w =>
        {
            w.WriteStartArray("oneOf");
            foreach (var choice in choices)
            {
                w.WriteStartObject();
                choice(w);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        };

        private static Schema ObjectOf(params Property[] properties) => w =>
        {
            w.WriteString("type", "object");
            var required = properties.Where(p => p.IsRequired).Select(p => p.Name).ToArray();
            if (required.Length > 0) RequiredList(w, required);
            Properties(w, properties);
        };

        /// <summary>
        /// A record of columns: every column a property, and every one required (null is a missing
        /// value). Unlike <see cref="ObjectOf"/> it lists "required" after the properties, the order
        /// the document has always had.
        /// </summary>
        private static Schema Record(IEnumerable<(string Name, ColumnType Type)> columns)
        {
            var properties = columns.Select(c => Required(c.Name, ColumnSchema(c.Type))).ToArray();
            return w =>
            {
                w.WriteString("type", "object");
                Properties(w, properties);
                RequiredList(w, properties.Select(p => p.Name));
            };
        }

        private static Schema WithDescription(Schema schema, string description) => w =>
        {
            schema(w);
            w.WriteString("description", description);
        };

        private static Schema AllowingAdditionalProperties(Schema objectSchema) => w =>
        {
            objectSchema(w);
            w.WriteBoolean("additionalProperties", true);
        };

        /// <summary>A column's value: its JSON type, and null for a missing value.</summary>
        private static Schema ColumnSchema(ColumnType type) => w =>
        {
            switch (type)
            {
                case ColumnType.Number:
                    w.WriteString("type", "number");
                    w.WriteString("format", "double");
                    break;
                case ColumnType.Boolean:
                    w.WriteString("type", "boolean");
                    break;
                case ColumnType.DateTime:
                    w.WriteString("type", "string");
                    w.WriteString("format", "date-time");
                    break;
                default:
                    w.WriteString("type", "string");
                    break;
            }
            w.WriteBoolean("nullable", true);
        };

        private static void Properties(Utf8JsonWriter w, Property[] properties)
        {
            w.WriteStartObject("properties");
            foreach (var property in properties) WriteSchema(w, property.Name, property.Schema);
            w.WriteEndObject();
        }

        private static void RequiredList(Utf8JsonWriter w, IEnumerable<string> names)
        {
            w.WriteStartArray("required");
            foreach (var name in names) w.WriteStringValue(name);
            w.WriteEndArray();
        }
    }
}
