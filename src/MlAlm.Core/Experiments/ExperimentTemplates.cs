using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Core.Datasets;
using MlAlm.Core.Errors;
using MlAlm.Core.Graphs;
using MlAlm.Learning.Data;

namespace MlAlm.Core.Experiments
{
    /// <summary>
    /// Ready-to-run experiments for a first try: each comes with a dataset MlAlm generates
    /// deterministically (same bytes on every machine), imported once and reused afterwards.
    /// </summary>
    public static class ExperimentTemplates
    {
        public const string BinaryClassification = "BinaryClassification";
        public const string Regression = "Regression";

        public static IReadOnlyList<string> Names { get; } = new[] { BinaryClassification, Regression };

        private const int Rows = 5000;
        private const int Features = 8;
        private const int Seed = 2026;

        public static string Describe(string template) => Canonical(template) == BinaryClassification
            ? "Template: logistic regression on a generated binary classification dataset (normalize, split, train, score, evaluate)."
            : "Template: boosted decision trees on a generated regression dataset (split, train, score, evaluate).";

        internal static ExperimentGraph Build(MlWorkspace workspace, string template, CancellationToken ct)
        {
            var name = Canonical(template);
            bool binary = name == BinaryClassification;
            var dataset = EnsureDataset(workspace, binary ? "template-binary" : "template-regression", binary, ct);
            string label = binary ? "label" : "target";

            var graph = new ExperimentGraph();
            void Node(string id, string module, IDictionary<string, object> parameters)
            {
                var node = new GraphNode(id, module);
                foreach (var p in parameters) node.Parameters[p.Key] = p.Value;
                graph.Nodes.Add(node);
            }
            void Edge(string from, string to)
            {
                PortAddress.TryParse(from, out var a);
                PortAddress.TryParse(to, out var b);
                graph.Edges.Add(new GraphEdge(a, b));
            }

            Node("data", "Dataset", new Dictionary<string, object> { ["dataset"] = dataset.ToReference() });
            string splitInput = "data.output";
            if (binary)
            {
                Node("normalize", "NormalizeData", new Dictionary<string, object> { ["method"] = "ZScore", ["columns"] = Enumerable.Range(1, Features).Select(i => "f" + i).ToArray() });
                Edge("data.output", "normalize.input");
                splitInput = "normalize.output";
            }
            Node("split", "SplitData", binary
                ? new Dictionary<string, object> { ["fraction"] = 0.7, ["seed"] = 42L, ["stratifyColumn"] = label }
                : new Dictionary<string, object> { ["fraction"] = 0.7, ["seed"] = 42L });
            Edge(splitInput, "split.input");
            Node("train", "TrainModel", binary
                ? new Dictionary<string, object> { ["learner"] = "LogisticRegression", ["labelColumn"] = label }
                : new Dictionary<string, object> { ["learner"] = "BoostedDecisionTree", ["task"] = "Regression", ["labelColumn"] = label, ["numberOfTrees"] = 50L });
            Edge("split.output1", "train.data");
            Node("score", "ScoreModel", new Dictionary<string, object>());
            Edge("train.model", "score.model");
            Edge("split.output2", "score.data");
            Node("evaluate", "EvaluateModel", new Dictionary<string, object>());
            Edge("score.output", "evaluate.scored");

            var problems = GraphValidator.Validate(graph, null);
            if (problems.Count > 0) throw new InvalidOperationException("Template graph is invalid: " + string.Join("; ", problems));
            return graph;
        }

        private static string Canonical(string template) =>
            Names.FirstOrDefault(n => string.Equals(n, template, StringComparison.OrdinalIgnoreCase))
            ?? throw MlAlmException.InvalidArgument("UnknownTemplate", $"There is no template '{template}'; templates: {string.Join(", ", Names)}.", template);

        /// <summary>Imports the generated dataset unless its latest version already holds exactly these bytes.</summary>
        private static MlDataset EnsureDataset(MlWorkspace workspace, string datasetName, bool binary, CancellationToken ct)
        {
            var folder = Path.Combine(Path.GetTempPath(), "mlalm-template-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, datasetName + ".csv");
            try
            {
                using (var file = File.Create(path))
                {
                    if (binary) SyntheticDatasets.WriteBinaryClassification(file, Rows, Features, Seed);
                    else SyntheticDatasets.WriteRegression(file, Rows, Features, Seed);
                }
                var service = new DatasetService(workspace);
                string hash;
                using (var file = File.OpenRead(path))
                using (var sha = System.Security.Cryptography.SHA256.Create())
                    hash = Storage.ContentHash.FromDigest(sha.ComputeHash(file)).Hex;
                var latest = service.LatestVersion(datasetName, ct);
                if (latest.HasValue)
                {
                    var existing = service.Get(datasetName, latest, ct);
                    if (existing.ContentHash == hash) return existing;
                }
                var imported = service.Import(path, datasetName, binary ? "Generated binary classification data (label: label)." : "Generated regression data (label: target).", ',', ct);
                return imported;
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
