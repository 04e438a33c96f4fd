using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MlAlm.Core.Graphs;

namespace MlAlm.Core.Runs
{
    /// <summary>Lists what differs between two runs: nodes, modules, parameters, inputs, asset versions, metrics, outcome.</summary>
    internal static class RunComparer
    {
        public static IEnumerable<MlRunDifference> Compare(MlExperimentRun reference, MlExperimentRun difference)
        {
            if (reference.Status != difference.Status)
                yield return new MlRunDifference("Status", null, "Status", reference.Status, difference.Status);

            var referenceAssets = reference.Assets.ToDictionary(a => AssetReference.TypeToken(a.Type) + ":" + a.Name.ToLowerInvariant(), a => a);
            var differenceAssets = difference.Assets.ToDictionary(a => AssetReference.TypeToken(a.Type) + ":" + a.Name.ToLowerInvariant(), a => a);
            foreach (var key in referenceAssets.Keys.Union(differenceAssets.Keys).OrderBy(k => k, StringComparer.Ordinal))
            {
                referenceAssets.TryGetValue(key, out var a);
                differenceAssets.TryGetValue(key, out var b);
                if (a?.Version != b?.Version)
                    yield return new MlRunDifference("Asset", null, (a ?? b)!.Name, a?.ToString(), b?.ToString());
            }

            var nodeIds = reference.Graph.Nodes.Select(n => n.Id).Union(difference.Graph.Nodes.Select(n => n.Id), StringComparer.OrdinalIgnoreCase)
                .OrderBy(id => id, StringComparer.Ordinal).ToList();
            foreach (var id in nodeIds)
            {
                var a = reference.Graph.FindNode(id);
                var b = difference.Graph.FindNode(id);
                if (a == null || b == null)
                {
                    yield return new MlRunDifference("Node", id, id, a?.Module, b?.Module);
                    continue;
                }
                if (a.Module != b.Module)
                {
                    yield return new MlRunDifference("Module", id, "module", a.Module, b.Module);
                    continue;
                }
                foreach (var name in a.Parameters.Keys.Union(b.Parameters.Keys).OrderBy(k => k, StringComparer.Ordinal))
                {
                    a.Parameters.TryGetValue(name, out var x);
                    b.Parameters.TryGetValue(name, out var y);
                    if (Text(x) != Text(y)) yield return new MlRunDifference("Parameter", id, name, Text(x), Text(y));
                }
                foreach (var difference1 in CompareInputs(reference.Graph, difference.Graph, id)) yield return difference1;
            }

            foreach (var key in reference.Metrics.Keys.Cast<string>().Union(difference.Metrics.Keys.Cast<string>(), StringComparer.OrdinalIgnoreCase))
            {
                var x = reference.Metrics.Contains(key) ? (double?)reference.Metrics[key] : null;
                var y = difference.Metrics.Contains(key) ? (double?)difference.Metrics[key] : null;
                if (x != y) yield return new MlRunDifference("Metric", null, key, x, y);
            }
        }

        private static IEnumerable<MlRunDifference> CompareInputs(ExperimentGraph a, ExperimentGraph b, string nodeId)
        {
            var inputsA = a.Edges.Where(e => string.Equals(e.To.NodeId, nodeId, StringComparison.OrdinalIgnoreCase)).ToDictionary(e => e.To.Port.ToLowerInvariant(), e => e.From.ToString());
            var inputsB = b.Edges.Where(e => string.Equals(e.To.NodeId, nodeId, StringComparison.OrdinalIgnoreCase)).ToDictionary(e => e.To.Port.ToLowerInvariant(), e => e.From.ToString());
            foreach (var port in inputsA.Keys.Union(inputsB.Keys).OrderBy(p => p, StringComparer.Ordinal))
            {
                inputsA.TryGetValue(port, out var x);
                inputsB.TryGetValue(port, out var y);
                if (!string.Equals(x, y, StringComparison.OrdinalIgnoreCase)) yield return new MlRunDifference("Input", nodeId, port, x, y);
            }
        }

        private static string? Text(object? value) => value switch
        {
            null => null,
            string[] list => string.Join(",", list),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }
}
