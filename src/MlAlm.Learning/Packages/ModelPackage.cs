using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using MlAlm.Learning.Data;
using MlAlm.Learning.Models;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MlAlm.Learning.Packages
{
    /// <summary>
    /// Reads and writes trained models as model packages (docs/model-package.md): a
    /// <see cref="PackageArchive"/> of kind "TrainedModel" whose manifest describes the model and
    /// whose 'model.bin' entry holds the learner's state. The same model gives the same bytes.
    /// </summary>
    public static class ModelPackage
    {
        public const string Kind = "TrainedModel";
        public const string PayloadEntry = "model.bin";

        /// <summary>The layout version of 'model.bin' that this code writes (and the highest it reads).</summary>
        public const int PayloadVersion = 1;

        private const int MaxLogLines = 100_000;
        private static readonly byte[] Magic = System.Text.Encoding.ASCII.GetBytes("MLALMMDL");

        /// <summary>Writes <paramref name="model"/> as a package to <paramref name="output"/> (left open).</summary>
        public static void Write(Stream output, TrainedModel model)
        {
            if (output == null) throw new ArgumentNullException(nameof(output));
            if (model == null) throw new ArgumentNullException(nameof(model));

            byte[] payload;
            using (var buffer = new MemoryStream())
            {
                using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) WritePayload(writer, model);
                payload = buffer.ToArray();
            }

            var label = new JObject
            {
                ["name"] = model.LabelColumn,
                ["type"] = model.LabelType.ToString(),
            };
            if (model.ClassLabels != null) label["classLabels"] = new JArray(model.ClassLabels.Cast<object>().ToArray());
            var manifest = new JObject
            {
                ["learner"] = model.Learner,
                ["task"] = model.Task.ToString(),
                ["label"] = label,
                ["inputColumns"] = new JArray(model.InputColumns.Select(c => (object)new JObject { ["name"] = c.Name, ["type"] = c.Type.ToString() }).ToArray()),
            };
            if (model is LinearModel linear) manifest["features"] = linear.Encoder.Describe();
            manifest["model"] = model.DescribeModel();
            if (model.Training != null) manifest["training"] = Describe(model.Training);
            manifest["payload"] = new JObject
            {
                ["entry"] = PayloadEntry,
                ["version"] = PayloadVersion,
                ["length"] = payload.Length,
                ["sha256"] = Sha256(payload),
            };
            PackageArchive.Write(output, Kind, manifest, new[]
            {
                new KeyValuePair<string, Action<Stream>>(PayloadEntry, s => s.Write(payload, 0, payload.Length)),
            });
        }

        /// <summary>Reads a package written by <see cref="Write"/>.</summary>
        /// <exception cref="PackageFormatException">The stream is not a readable model package: not a package, another kind, an unknown learner, or damaged.</exception>
        public static TrainedModel Read(Stream input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            try
            {
                using var package = PackageArchive.Open(input);
                if (package.Kind != Kind)
                    throw new PackageFormatException($"the package holds a '{package.Kind}', not a trained model");
                return ReadModel(package);
            }
            catch (Exception e) when (e is InvalidDataException || e is EndOfStreamException || e is JsonException
                || e is FormatException || e is OverflowException || e is InvalidCastException || e is ArgumentException || e is KeyNotFoundException)
            {
                throw new PackageFormatException("the model package is damaged: " + e.Message, e);
            }
        }

        // The payload holds everything a model needs, and its SHA-256 is in the manifest; the zip
        // format's own CRC is not checked by every runtime, so the manifest's fields that matter are
        // checked against the payload rather than trusted.
        private static TrainedModel ReadModel(PackageReader package)
        {
            var manifest = package.Manifest;
            string learner = Required<string>(manifest, "learner");
            if (Learners.Find(learner) != learner)
                throw new PackageFormatException($"the package holds a '{learner}' model, which this version of MlAlm cannot load (it loads {Learners.LinearRegression}, {Learners.LogisticRegression} and {Learners.BoostedDecisionTree})");
            var payloadInfo = manifest["payload"] as JObject ?? throw new InvalidDataException("the manifest has no 'payload'");
            int version = Required<int>(payloadInfo, "version");
            if (version < 1 || version > PayloadVersion)
                throw new PackageFormatException($"model payload version {version} is not supported; this MlAlm reads versions 1 to {PayloadVersion}");
            string entry = Required<string>(payloadInfo, "entry");
            long length = Required<long>(payloadInfo, "length");
            string sha256 = Required<string>(payloadInfo, "sha256");
            if (entry != PayloadEntry) throw new InvalidDataException($"the payload entry is '{entry}', expected '{PayloadEntry}'");
            if (length < 0 || length > int.MaxValue) throw new InvalidDataException("the payload length is invalid");

            byte[] payload = ReadEntry(package, entry, (int)length);
            if (!string.Equals(Sha256(payload), sha256, StringComparison.OrdinalIgnoreCase))
                throw new PackageFormatException("the model package is damaged: the payload's SHA-256 does not match the manifest");

            TrainedModel model;
            using (var reader = new BinaryReader(new MemoryStream(payload, writable: false), System.Text.Encoding.UTF8))
            {
                model = ReadPayload(reader, version);
                if (reader.BaseStream.Position != reader.BaseStream.Length) throw new InvalidDataException("the payload has bytes after its end");
            }
            CheckManifest(manifest, model);
            return model;
        }

        private static void WritePayload(BinaryWriter writer, TrainedModel model)
        {
            writer.Write(Magic);
            writer.Write(PayloadVersion);
            writer.Write(model.Learner);
            writer.Write((byte)model.Task);
            writer.Write(model.LabelColumn);
            writer.Write((byte)model.LabelType);
            writer.Write(model.ClassLabels?.Count ?? 0);
            foreach (string c in model.ClassLabels ?? Array.Empty<string>()) writer.Write(c);
            var training = model.Training;
            writer.Write(training != null);
            if (training != null)
            {
                writer.Write(training.RowCount);
                writer.Write(training.SkippedRows);
                writer.Write(training.Iterations);
                writer.Write(training.Converged);
                writer.Write(training.Objective);
                writer.Write(training.Parameters.Count);
                foreach (var pair in training.Parameters)
                {
                    writer.Write(pair.Key);
                    writer.Write(pair.Value);
                }
                writer.Write(training.Log.Count);
                foreach (string line in training.Log) writer.Write(line);
            }
            writer.Write(model.StateVersion);
            model.WriteState(writer);
        }

        private static TrainedModel ReadPayload(BinaryReader reader, int version)
        {
            var magic = reader.ReadBytes(Magic.Length);
            if (!magic.SequenceEqual(Magic)) throw new InvalidDataException("the payload is not an MlAlm model");
            int stored = reader.ReadInt32();
            if (stored != version) throw new InvalidDataException($"the payload says version {stored} but the manifest says {version}");
            string learner = reader.ReadString();
            var task = (LearningTask)reader.ReadByte();
            if (!Enum.IsDefined(typeof(LearningTask), task)) throw new InvalidDataException("the payload's task is unknown");
            string labelName = reader.ReadString();
            var labelType = (ColumnType)reader.ReadByte();
            if (!Enum.IsDefined(typeof(ColumnType), labelType)) throw new InvalidDataException("the payload's label type is unknown");
            int classCount = reader.ReadInt32();
            if (classCount != 0 && classCount != 2) throw new InvalidDataException($"the payload has {classCount} class labels");
            var classLabels = new string[classCount];
            for (int k = 0; k < classCount; k++) classLabels[k] = reader.ReadString();
            TrainingSummary? training = null;
            if (reader.ReadBoolean())
            {
                int rows = reader.ReadInt32(), skipped = reader.ReadInt32(), iterations = reader.ReadInt32();
                bool converged = reader.ReadBoolean();
                double objective = reader.ReadDouble();
                int count = reader.ReadInt32();
                if (count < 0 || count > 1000) throw new InvalidDataException("the payload's parameter count is invalid");
                var parameters = new KeyValuePair<string, double>[count];
                for (int k = 0; k < count; k++) parameters[k] = new KeyValuePair<string, double>(reader.ReadString(), reader.ReadDouble());
                int lines = reader.ReadInt32();
                if (lines < 0 || lines > MaxLogLines) throw new InvalidDataException("the payload's log length is invalid");
                var log = new string[lines];
                for (int k = 0; k < lines; k++) log[k] = reader.ReadString();
                training = new TrainingSummary(rows, skipped, iterations, converged, objective, parameters, log);
            }
            int stateVersion = reader.ReadInt32();

            TrainedModel model;
            switch (learner)
            {
                case Learners.LinearRegression:
                {
                    if (task != LearningTask.Regression || labelType != ColumnType.Number || classCount != 0)
                        throw new InvalidDataException("a LinearRegression model must be a regression on a Number label");
                    LinearModel.ReadState(reader, stateVersion, out var encoder, out var weights, out double bias);
                    model = new LinearRegressionModel(labelName, encoder, weights, bias);
                    break;
                }
                case Learners.LogisticRegression:
                {
                    if (task != LearningTask.BinaryClassification || classCount != 2 || labelType == ColumnType.DateTime)
                        throw new InvalidDataException("a LogisticRegression model must be a binary classifier with two class labels");
                    LinearModel.ReadState(reader, stateVersion, out var encoder, out var weights, out double bias);
                    model = new LogisticRegressionModel(labelName, labelType, classLabels, encoder, weights, bias);
                    break;
                }
                case Learners.BoostedDecisionTree:
                {
                    if ((task == LearningTask.BinaryClassification) != (classCount == 2) || labelType == ColumnType.DateTime && task == LearningTask.BinaryClassification)
                        throw new InvalidDataException("a BoostedDecisionTree model's task and class labels disagree");
                    var (encoder, ensemble) = BoostedDecisionTreeModel.ReadState(reader, stateVersion);
                    model = new BoostedDecisionTreeModel(task, labelName, labelType, task == LearningTask.BinaryClassification ? classLabels : null, encoder, ensemble);
                    break;
                }
                default:
                    throw new InvalidDataException($"the payload holds a '{learner}' model, which this version of MlAlm cannot load");
            }
            model.Training = training;
            return model;
        }

        private static void CheckManifest(JObject manifest, TrainedModel model)
        {
            void Same(bool same, string what)
            {
                if (!same) throw new PackageFormatException($"the model package is damaged: the manifest's {what} differs from the payload's");
            }

            Same(Required<string>(manifest, "learner") == model.Learner, "learner");
            Same(Required<string>(manifest, "task") == model.Task.ToString(), "task");
            var label = manifest["label"] as JObject ?? throw new InvalidDataException("the manifest has no 'label'");
            Same(Required<string>(label, "name") == model.LabelColumn, "label name");
            Same(Required<string>(label, "type") == model.LabelType.ToString(), "label type");
            var classLabels = (label["classLabels"] as JArray)?.Select(t => (string?)t).ToArray();
            Same(model.ClassLabels == null ? classLabels == null : classLabels != null && classLabels.SequenceEqual(model.ClassLabels), "class labels");
            var columns = manifest["inputColumns"] as JArray ?? throw new InvalidDataException("the manifest has no 'inputColumns'");
            Same(columns.Count == model.InputColumns.Count
                && columns.Zip(model.InputColumns, (c, m) => (string?)c["name"] == m.Name && (string?)c["type"] == m.Type.ToString()).All(x => x), "input columns");
        }

        private static byte[] ReadEntry(PackageReader package, string name, int length)
        {
            using var stream = package.OpenEntry(name);
            var bytes = new byte[length];
            int read = 0;
            while (read < length)
            {
                int n = stream.Read(bytes, read, length - read);
                if (n == 0) throw new InvalidDataException($"the payload is shorter than the {length} bytes the manifest says");
                read += n;
            }
            if (stream.ReadByte() >= 0) throw new InvalidDataException($"the payload is longer than the {length} bytes the manifest says");
            return bytes;
        }

        private static JObject Describe(TrainingSummary training)
        {
            var parameters = new JObject();
            foreach (var pair in training.Parameters)
            {
                double v = pair.Value;
                parameters[pair.Key] = Math.Floor(v) == v && Math.Abs(v) < 1e15 ? new JValue((long)v) : new JValue(v);
            }
            return new JObject
            {
                ["rows"] = training.RowCount,
                ["skippedRows"] = training.SkippedRows,
                ["iterations"] = training.Iterations,
                ["converged"] = training.Converged,
                ["objective"] = training.Objective,
                ["parameters"] = parameters,
                ["log"] = new JArray(training.Log.Cast<object>().ToArray()),
            };
        }

        private static T Required<T>(JObject o, string name)
        {
            var token = o[name];
            if (token == null || token.Type == JTokenType.Null) throw new InvalidDataException($"the manifest has no '{name}'");
            return token.ToObject<T>() ?? throw new InvalidDataException($"the manifest's '{name}' is invalid");
        }

        private static string Sha256(byte[] bytes)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(bytes);
            var text = new System.Text.StringBuilder(hash.Length * 2);
            foreach (byte b in hash) text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return text.ToString();
        }
    }
}
