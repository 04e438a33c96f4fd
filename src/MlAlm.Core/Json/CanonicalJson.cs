using System;
using System.Globalization;
using System.IO;
using System.Text;
using Newtonsoft.Json;

namespace MlAlm.Core.Json
{
    /// <summary>
    /// One way to write JSON everywhere MlAlm writes it: two-space indent, LF line ends, a final
    /// newline, round-trippable numbers. Stored documents and exported files are then
    /// byte-identical for identical content on every platform.
    /// </summary>
    public static class CanonicalJson
    {
        public static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        public static string Write(Action<JsonWriter> write)
        {
            var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
            using (var writer = new JsonTextWriter(text) { Formatting = Formatting.Indented, Indentation = 2, IndentChar = ' ', DateFormatHandling = DateFormatHandling.IsoDateFormat })
            {
                write(writer);
            }
            return text.ToString() + "\n";
        }

        public static byte[] WriteBytes(Action<JsonWriter> write) => Utf8NoBom.GetBytes(Write(write));

        /// <summary>Shortest text that reads back as the same double; always with a '.' or exponent so it stays a float.</summary>
        public static string FormatDouble(double value)
        {
            var s = value.ToString("R", CultureInfo.InvariantCulture);
            return s.IndexOfAny(new[] { '.', 'E', 'e', 'N', 'I' }) >= 0 ? s : s + ".0";
        }
    }
}

namespace MlAlm.Core.Json
{
    /// <summary>Serializes the store's document classes with the canonical writer settings.</summary>
    public static class DocumentJson
    {
        private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings
        {
            DateParseHandling = DateParseHandling.DateTime,
            DateTimeZoneHandling = DateTimeZoneHandling.Utc,
            NullValueHandling = NullValueHandling.Ignore,
            MissingMemberHandling = MissingMemberHandling.Ignore,
            // camelCase property names, but dictionary keys (metric names, tags) exactly as given.
            ContractResolver = new Newtonsoft.Json.Serialization.DefaultContractResolver
            {
                NamingStrategy = new Newtonsoft.Json.Serialization.CamelCaseNamingStrategy { ProcessDictionaryKeys = false, OverrideSpecifiedNames = true },
            },
            Converters = { new Newtonsoft.Json.Converters.StringEnumConverter() },
        };

        public static byte[] Serialize(object document)
        {
            var serializer = JsonSerializer.Create(Settings);
            return CanonicalJson.WriteBytes(writer => serializer.Serialize(writer, document));
        }

        /// <summary>Reads a stored document; a document that does not parse is reported as corrupted, naming its key.</summary>
        public static T Deserialize<T>(byte[] content, string key) where T : class
        {
            try
            {
                var text = CanonicalJson.Utf8NoBom.GetString(content);
                return JsonConvert.DeserializeObject<T>(text, Settings)
                    ?? throw new JsonSerializationException("The document is empty.");
            }
            catch (Exception e) when (e is JsonException || e is DecoderFallbackException)
            {
                throw new MlAlm.Core.Errors.MlAlmException("CorruptedDocument", MlAlm.Core.Errors.ErrorKind.Corrupted,
                    $"The workspace document '{key}' cannot be read: {e.Message} Run Test-MlWorkspace to check the workspace.", key, e);
            }
        }
    }
}
