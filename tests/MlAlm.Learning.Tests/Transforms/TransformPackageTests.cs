using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using MlAlm.Learning.Data;
using MlAlm.Learning.Packages;
using MlAlm.Learning.Transforms;
using Newtonsoft.Json.Linq;
using Xunit;
using static MlAlm.Learning.Tests.TestTables;

namespace MlAlm.Learning.Tests.Transforms
{
    public class TransformPackageTests
    {
        private static DataTable Train() => new DataTable(
            Num("x", 0.1, NA, 0.7, 1e-300, -3),
            Bool("b", true, null, false, true, true),
            Date("d", Utc(2024, 1, 1), null, new DateTime(2024, 1, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(7), Utc(2024, 1, 3), Utc(2024, 1, 1)),
            Str("s", "red", null, "ünïcödé \"quoted\"", "red", "blue"),
            Num("y", 1, 2, 3, NA, 5));

        private static DataTable Fresh() => new DataTable(
            Str("s", null, "blue", null),
            Num("y", NA, 7, -1),
            Num("x", NA, 2, NA),
            Bool("b", null, null, false),
            Date("d", null, Utc(1999, 12, 31), null));

        public static IEnumerable<object[]> Transforms()
        {
            yield return new object[] { "mean", MissingValueCleaner.Fit(Train(), new[] { "x", "b", "d", "y" }, CleanMethod.Mean, null) };
            yield return new object[] { "median", MissingValueCleaner.Fit(Train(), new[] { "x", "b", "d" }, CleanMethod.Median, null) };
            yield return new object[] { "mode", MissingValueCleaner.Fit(Train(), null, CleanMethod.Mode, null) };
            yield return new object[] { "constant", MissingValueCleaner.Fit(Train(), new[] { "s" }, CleanMethod.Constant, "n/a?") };
            yield return new object[] { "remove", MissingValueCleaner.Fit(Train(), new[] { "x", "s" }, CleanMethod.RemoveRow, null) };
            yield return new object[] { "zscore", Normalizer.Fit(Train(), null, NormalizeMethod.ZScore) };
            yield return new object[] { "minmax", Normalizer.Fit(Train(), new[] { "y" }, NormalizeMethod.MinMax) };
        }

        private static byte[] Bytes(TableTransform transform)
        {
            var stream = new MemoryStream();
            TransformPackage.Write(stream, transform);
            return stream.ToArray();
        }

        private static TableTransform Load(byte[] bytes) => TransformPackage.Read(new MemoryStream(bytes));

        [Theory]
        [MemberData(nameof(Transforms))]
        public void A_loaded_transform_behaves_exactly_like_the_saved_one(string name, TableTransform transform)
        {
            var loaded = Load(Bytes(transform));
            Assert.Equal(transform.GetType(), loaded.GetType());
            Assert.Equal(transform.Kind, loaded.Kind);
            Assert.Equal(transform.Columns, loaded.Columns);
            Same(transform.Apply(Train()), loaded.Apply(Train()));
            Same(transform.Apply(Fresh()), loaded.Apply(Fresh()));
            Assert.NotNull(name);
        }

        [Theory]
        [MemberData(nameof(Transforms))]
        public void The_same_transform_gives_the_same_bytes(string name, TableTransform transform)
        {
            byte[] bytes = Bytes(transform);
            Assert.Equal(bytes, Bytes(transform));
            Assert.Equal(bytes, Bytes(Load(bytes)));
            Assert.NotNull(name);
        }

        private static string Entry(byte[] package, string name)
        {
            using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
            using var reader = new StreamReader(zip.GetEntry(name)!.Open(), Encoding.UTF8);
            return reader.ReadToEnd();
        }

        [Fact]
        public void The_manifest_and_payload_hold_what_the_format_document_says()
        {
            var transform = Normalizer.Fit(new DataTable(Num("x", 2, 4, 6, 10), Str("s", "a", "b", "c", "d")), null, NormalizeMethod.MinMax);
            byte[] bytes = Bytes(transform);
            var manifest = JObject.Parse(Entry(bytes, "manifest.json"));
            Assert.Equal("mlalm-package", (string?)manifest["format"]);
            Assert.Equal("Transform", (string?)manifest["kind"]);
            Assert.Equal("NormalizeData", (string?)manifest["transformKind"]);
            Assert.Equal("MinMax", (string?)manifest["method"]);
            Assert.Equal("[{\"name\":\"x\",\"type\":\"Number\"}]", manifest["columns"]!.ToString(Newtonsoft.Json.Formatting.None));
            Assert.Equal("{\n  \"columns\": [\n    {\n      \"name\": \"x\",\n      \"min\": 2,\n      \"max\": 10\n    }\n  ]\n}\n", Entry(bytes, "transform.json"));

            var clean = MissingValueCleaner.Fit(new DataTable(Num("n", 0.1, NA), Bool("b", true, null), Date("d", Utc(2024, 5, 6, 7), null), Str("s", "é", null)), null, CleanMethod.Mode, null);
            string payload = Entry(Bytes(clean), "transform.json");
            Assert.Contains("\"replacement\": 0.1\n", payload);
            Assert.Contains("\"replacement\": true\n", payload);
            Assert.Contains("\"replacement\": \"2024-05-06T07:00:00.0000000Z\"\n", payload);
            Assert.Contains("\"replacement\": \"é\"\n", payload);
        }

        private static byte[] Package(string kind, JObject manifest, string payload)
        {
            var stream = new MemoryStream();
            PackageArchive.Write(stream, kind, manifest, new[]
            {
                new KeyValuePair<string, Action<Stream>>("transform.json", s => { var b = Encoding.UTF8.GetBytes(payload); s.Write(b, 0, b.Length); }),
            });
            return stream.ToArray();
        }

        private static JObject Manifest(string kind = "NormalizeData", string method = "ZScore", string type = "Number") => new JObject
        {
            ["transformKind"] = kind,
            ["method"] = method,
            ["columns"] = new JArray(new JObject { ["name"] = "x", ["type"] = type }),
        };

        private const string GoodPayload = "{\"columns\":[{\"name\":\"x\",\"mean\":1,\"standardDeviation\":2}]}";

        [Fact]
        public void A_hand_made_package_reads()
        {
            var transform = Assert.IsType<NormalizeDataTransform>(Load(Package("Transform", Manifest(), GoodPayload)));
            Assert.Equal(new[] { 0.5 }, Numbers(transform.Apply(new DataTable(Num("x", 2))), "x"));
        }

        public static IEnumerable<object[]> BadPackages()
        {
            yield return new object[] { "other kind", Package("TrainedModel", Manifest(), GoodPayload) };
            yield return new object[] { "unknown transform kind", Package("Transform", Manifest(kind: "Sharpen"), GoodPayload) };
            yield return new object[] { "unknown method", Package("Transform", Manifest(method: "Log"), GoodPayload) };
            yield return new object[] { "unknown type", Package("Transform", Manifest(type: "Complex"), GoodPayload) };
            yield return new object[] { "non-number column", Package("Transform", Manifest(type: "String"), GoodPayload) };
            yield return new object[] { "no payload columns", Package("Transform", Manifest(), "{}") };
            yield return new object[] { "payload not JSON", Package("Transform", Manifest(), "{\"columns\": [") };
            yield return new object[] { "value not a number", Package("Transform", Manifest(), GoodPayload.Replace("1,", "\"one\",")) };
            yield return new object[] { "value missing", Package("Transform", Manifest(), GoodPayload.Replace("\"mean\":1,", "")) };
            yield return new object[] { "other column", Package("Transform", Manifest(), GoodPayload.Replace("\"x\"", "\"y\"")) };
            yield return new object[] { "not a zip", Encoding.UTF8.GetBytes("hello, I am not a package") };
            yield return new object[] { "empty", Array.Empty<byte>() };
        }

        [Theory]
        [MemberData(nameof(BadPackages))]
        public void A_package_that_is_not_a_readable_transform_is_refused(string what, byte[] bytes)
        {
            Assert.Throws<PackageFormatException>(() => Load(bytes));
            Assert.NotNull(what);
        }

        [Fact]
        public void A_truncated_or_damaged_package_is_refused()
        {
            byte[] bytes = Bytes(MissingValueCleaner.Fit(Train(), null, CleanMethod.Mode, null));
            foreach (int length in new[] { 10, bytes.Length / 2, bytes.Length - 1 })
            {
                Assert.Throws<PackageFormatException>(() => Load(bytes.Take(length).ToArray()));
            }
            for (int i = 0; i < bytes.Length; i += 7)
            {
                var damaged = (byte[])bytes.Clone();
                damaged[i] ^= 0x5A;
                try
                {
                    // a flipped byte in a name or padding may still read; otherwise only PackageFormatException may come out
                    Load(damaged);
                }
                catch (PackageFormatException)
                {
                }
            }
        }
    }
}
