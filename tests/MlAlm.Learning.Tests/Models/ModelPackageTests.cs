using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using MlAlm.Learning.Data;
using MlAlm.Learning.Models;
using MlAlm.Learning.Packages;
using Newtonsoft.Json.Linq;
using Xunit;

namespace MlAlm.Learning.Tests.Models
{
    public class ModelPackageTests
    {
        /// <summary>Every column type, missing values, and a label with a missing value.</summary>
        private static DataTable MixedTable(int n, int seed)
        {
            var random = new Random(seed);
            var x = TestData.Normal(random, n);
            var flag = new bool?[n];
            var city = new string?[n];
            var when = new DateTime?[n];
            var y = new string?[n];
            string[] cities = { "Lima", "Oslo", "Pune", "Kyiv" };
            for (int i = 0; i < n; i++)
            {
                if (i % 13 == 5) x[i] = double.NaN;
                flag[i] = i % 17 == 3 ? null : random.NextDouble() < 0.4;
                city[i] = i % 11 == 7 ? null : cities[random.Next(cities.Length)];
                when[i] = i % 19 == 2 ? null : new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(random.Next(20000));
                double z = (double.IsNaN(x[i]) ? 0 : x[i]) + (flag[i] == true ? 1 : 0) + (city[i] == "Oslo" ? 1.5 : 0) - 0.5;
                y[i] = i % 23 == 9 ? null : random.NextDouble() < TestData.Sigmoid(z) ? "good" : "bad";
            }
            return TestData.Table(new NumberColumn("x", x), new BooleanColumn("flag", flag), new StringColumn("city", city),
                new DateTimeColumn("when", when), new StringColumn("y", y));
        }

        private static DataTable ScoringTable() => TestData.Table(
            new NumberColumn("x", new[] { 0.5, double.NaN, -2 }),
            new BooleanColumn("flag", new bool?[] { true, null, false }),
            new StringColumn("city", new[] { "Oslo", "Atlantis", null }),
            new DateTimeColumn("when", new DateTime?[] { new DateTime(2021, 3, 4, 5, 0, 0, DateTimeKind.Utc), null, new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc) }));

        private static byte[] Bytes(TrainedModel model)
        {
            var stream = new MemoryStream();
            ModelPackage.Write(stream, model);
            return stream.ToArray();
        }

        private static TrainedModel Read(byte[] bytes) => ModelPackage.Read(new MemoryStream(bytes));

        private static TrainedModel TrainLogistic(DataTable table) =>
            Trainer.Train(table, new TrainingSpec(Learners.LogisticRegression, "y") { L2Regularization = 1e-3 }, CancellationToken.None);

        private static TrainedModel TrainLinear(DataTable table) =>
            Trainer.Train(table, new TrainingSpec(Learners.LinearRegression, "x") { L2Regularization = 1e-3 }, CancellationToken.None);

        [Fact]
        public void A_round_trip_gives_the_same_model_and_identical_predictions()
        {
            var table = MixedTable(3000, 1);
            foreach (var model in new[] { TrainLogistic(table), TrainLinear(table.Select(new[] { "flag", "city", "when", "x" }).With(new NumberColumn("x", TestData.Normal(new Random(2), 3000)))) })
            {
                var copy = Read(Bytes(model));
                Assert.Equal(model.GetType(), copy.GetType());
                Assert.Equal(model.Learner, copy.Learner);
                Assert.Equal(model.Task, copy.Task);
                Assert.Equal(model.LabelColumn, copy.LabelColumn);
                Assert.Equal(model.LabelType, copy.LabelType);
                Assert.Equal(model.ClassLabels, copy.ClassLabels);
                Assert.Equal(model.InputColumns.Select(c => (c.Name, c.Type)), copy.InputColumns.Select(c => (c.Name, c.Type)));
                Assert.Equal(((LinearModel)model).Weights, ((LinearModel)copy).Weights);
                Assert.Equal(((LinearModel)model).Bias, ((LinearModel)copy).Bias);
                Assert.Equal(model.Training!.Log, copy.Training!.Log);
                Assert.Equal(model.Training.RowCount, copy.Training.RowCount);
                Assert.Equal(model.Training.Parameters, copy.Training.Parameters);

                var scoring = ScoringTable();
                var expected = new double[3];
                var actual = new double[3];
                model.Predict(scoring, expected);
                copy.Predict(scoring, actual);
                Assert.Equal(expected, actual);
                Assert.All(actual, v => Assert.False(double.IsNaN(v)));
                Assert.Equal(Bytes(model), Bytes(copy));
            }
        }

        [Fact]
        public void Training_twice_gives_byte_identical_packages()
        {
            var first = Bytes(TrainLogistic(MixedTable(5000, 3)));
            var second = Bytes(TrainLogistic(MixedTable(5000, 3)));
            Assert.Equal(first, second);
            Assert.NotEqual(first, Bytes(TrainLogistic(MixedTable(5000, 4))));
        }

        [Fact]
        public void Scoring_one_row_gives_the_same_value_as_scoring_it_in_a_batch()
        {
            var model = Read(Bytes(TrainLogistic(MixedTable(2000, 5))));
            var batch = ScoringTable();
            var all = new double[3];
            model.Predict(batch, all);
            for (int i = 0; i < 3; i++)
            {
                var row = new DataTable(batch.Columns.Select(c => Single(c, i)));
                var one = new double[1];
                model.Predict(row, one);
                Assert.Equal(all[i], one[0]);
            }
        }

        private static DataColumn Single(DataColumn column, int row) => column switch
        {
            NumberColumn n => new NumberColumn(n.Name, new[] { n[row] }),
            BooleanColumn b => new BooleanColumn(b.Name, new[] { b.GetBoolean(row) }),
            DateTimeColumn d => new DateTimeColumn(d.Name, new[] { d.GetDateTime(row) }),
            StringColumn s => new StringColumn(s.Name, new[] { s[row] }),
            _ => throw new ArgumentException(),
        };

        [Fact]
        public void The_manifest_describes_the_model()
        {
            var bytes = Bytes(TrainLogistic(MixedTable(1000, 6)));
            using var zip = new ZipArchive(new MemoryStream(bytes));
            Assert.Equal(new[] { "manifest.json", "model.bin" }, zip.Entries.Select(e => e.FullName));
            JObject manifest;
            using (var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open())) manifest = JObject.Parse(reader.ReadToEnd());
            Assert.Equal("mlalm-package", (string?)manifest["format"]);
            Assert.Equal(1, (int?)manifest["formatVersion"]);
            Assert.Equal("TrainedModel", (string?)manifest["kind"]);
            Assert.Equal("LogisticRegression", (string?)manifest["learner"]);
            Assert.Equal("BinaryClassification", (string?)manifest["task"]);
            Assert.Equal("y", (string?)manifest["label"]!["name"]);
            Assert.Equal("String", (string?)manifest["label"]!["type"]);
            Assert.Equal(new[] { "bad", "good" }, manifest["label"]!["classLabels"]!.Select(t => (string?)t));
            Assert.Equal(new[] { "x:Number", "flag:Boolean", "city:String", "when:DateTime" },
                manifest["inputColumns"]!.Select(c => $"{c["name"]}:{c["type"]}"));
            Assert.Equal(new[] { "Kyiv", "Lima", "Oslo", "Pune" }, manifest["features"]!["columns"]![2]!["categories"]!.Select(t => (string?)t));
            Assert.Equal(1 + 1 + 4 + 6, manifest["model"]!["weights"]!.Count());
            Assert.Equal(1, (int?)manifest["payload"]!["version"]);
            Assert.Equal(64, ((string?)manifest["payload"]!["sha256"])!.Length);
            Assert.True((int)manifest["training"]!["skippedRows"]! > 0);
        }

        [Fact]
        public void Damaged_or_foreign_files_are_refused_with_a_clear_error()
        {
            var good = Bytes(TrainLogistic(MixedTable(500, 7)));

            Assert.Throws<PackageFormatException>(() => Read(Encoding.UTF8.GetBytes("x,y\n1,2\n")));
            Assert.Throws<PackageFormatException>(() => Read(good.Take(good.Length / 2).ToArray()));

            // Every flipped byte is detected, or harmless: the model read back writes the original bytes
            // (a damaged description in the manifest, say, which the payload overrides).
            int detected = 0;
            for (int i = 0; i < good.Length; i++)
            {
                var damaged = (byte[])good.Clone();
                damaged[i] ^= 0x5A;
                try
                {
                    var model = Read(damaged);
                    Assert.Equal(good, Bytes(model)); // read fine: then it is the same model
                }
                catch (PackageFormatException)
                {
                    detected++;
                }
            }
            Assert.True(detected > 0);
        }

        [Fact]
        public void A_payload_that_does_not_parse_is_refused_even_with_a_matching_hash()
        {
            var manifest = Manifest(TrainLogistic(MixedTable(300, 8)));
            var garbage = new byte[] { 1, 2, 3, 4, 5 };
            manifest["payload"]!["length"] = garbage.Length;
            manifest["payload"]!["sha256"] = Sha256(garbage);
            var error = Assert.Throws<PackageFormatException>(() => Read(Package(manifest, garbage)));
            Assert.Contains("damaged", error.Message);
        }

        [Fact]
        public void An_unknown_learner_or_another_kind_of_package_is_refused()
        {
            var model = TrainLogistic(MixedTable(300, 9));
            var payload = Payload(model);

            var manifest = Manifest(model);
            manifest["learner"] = "NeuralNetwork";
            var error = Assert.Throws<PackageFormatException>(() => Read(Package(manifest, payload)));
            Assert.Contains("'NeuralNetwork'", error.Message);

            manifest = Manifest(model);
            manifest["learner"] = "BoostedDecisionTree"; // a known learner whose manifest disagrees with the payload
            Assert.Contains("damaged", Assert.Throws<PackageFormatException>(() => Read(Package(manifest, payload))).Message);

            var transform = new MemoryStream();
            PackageArchive.Write(transform, "Transform", new JObject(), Array.Empty<KeyValuePair<string, Action<Stream>>>());
            Assert.Contains("not a trained model", Assert.Throws<PackageFormatException>(() => Read(transform.ToArray())).Message);

            manifest = Manifest(model);
            manifest["inputColumns"]![0]!["name"] = "renamed";
            Assert.Throws<PackageFormatException>(() => Read(Package(manifest, payload)));
        }

        private static JObject Manifest(TrainedModel model)
        {
            using var zip = new ZipArchive(new MemoryStream(Bytes(model)));
            using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
            var manifest = JObject.Parse(reader.ReadToEnd());
            foreach (var name in new[] { "format", "formatVersion", "kind" }) manifest.Remove(name);
            return manifest;
        }

        private static byte[] Payload(TrainedModel model)
        {
            using var zip = new ZipArchive(new MemoryStream(Bytes(model)));
            var copy = new MemoryStream();
            using (var s = zip.GetEntry("model.bin")!.Open()) s.CopyTo(copy);
            return copy.ToArray();
        }

        private static byte[] Package(JObject manifest, byte[] payload)
        {
            var stream = new MemoryStream();
            PackageArchive.Write(stream, ModelPackage.Kind, manifest, new[]
            {
                new KeyValuePair<string, Action<Stream>>("model.bin", s => s.Write(payload, 0, payload.Length)),
            });
            return stream.ToArray();
        }

        private static string Sha256(byte[] bytes) =>
            string.Concat(System.Security.Cryptography.SHA256.HashData(bytes).Select(b => b.ToString("x2")));
    }
}
