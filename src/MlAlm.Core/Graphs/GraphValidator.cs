using System;
using System.Collections.Generic;
using System.Linq;
using MlAlm.Core.Modules;
using MlAlm.Core.Naming;

namespace MlAlm.Core.Graphs
{
    /// <summary>Answers whether an asset version exists, so validation can check references without knowing the store.</summary>
    public interface IAssetVersionLookup
    {
        bool Exists(AssetReference reference);
    }

    /// <summary>
    /// Checks a whole graph and reports every problem at once: node ids, modules, parameter
    /// names and values, edges (dangling, wrong direction, type mismatch, doubly fed inputs),
    /// cycles and missing asset versions. It also normalizes parameters in place to their
    /// canonical names and values, so a graph that passes is stored in one form only.
    /// Unconnected required inputs are not a problem here: a graph being edited may be
    /// incomplete; <see cref="FindUnconnectedInputs"/> answers that before a run.
    /// </summary>
    public static class GraphValidator
    {
        public static IReadOnlyList<GraphProblem> Validate(ExperimentGraph graph, IAssetVersionLookup? assets)
        {
            var problems = new List<GraphProblem>();
            var modulesByNode = CheckNodes(graph, assets, problems);
            CheckEdges(graph, modulesByNode, problems);
            CheckCycles(graph, problems);
            return problems;
        }

        /// <summary>Required inputs that no edge feeds: what stops a graph from running.</summary>
        public static IReadOnlyList<GraphProblem> FindUnconnectedInputs(ExperimentGraph graph)
        {
            var problems = new List<GraphProblem>();
            foreach (var node in graph.Nodes.OrderBy(n => n.Id, StringComparer.Ordinal))
            {
                var module = ModuleCatalog.Find(node.Module);
                if (module == null) continue;
                foreach (var input in module.Inputs.Where(i => !i.Optional))
                {
                    if (graph.EdgeInto(node.Id, input.Name) == null)
                        problems.Add(new GraphProblem("UnconnectedInput", NodeLocation(node.Id),
                            $"input '{input.Name}' ({input.Type}) of node '{node.Id}' is not connected"));
                }
            }
            return problems;
        }

        private static Dictionary<string, MlModuleInfo> CheckNodes(ExperimentGraph graph, IAssetVersionLookup? assets, List<GraphProblem> problems)
        {
            var modules = new Dictionary<string, MlModuleInfo>(StringComparer.OrdinalIgnoreCase);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var node in graph.Nodes)
            {
                string where = NodeLocation(node.Id);
                if (!NodeIds.IsValid(node.Id))
                    problems.Add(new GraphProblem("InvalidNodeId", where, $"'{node.Id}' is not a valid node id: use {NodeIds.Rule}"));
                else if (!seen.Add(node.Id))
                    problems.Add(new GraphProblem("DuplicateNodeId", where, $"node id '{node.Id}' is used more than once (ids compare case-insensitively)"));

                var module = ModuleCatalog.Find(node.Module);
                if (module == null)
                {
                    problems.Add(new GraphProblem("UnknownModule", where + ".module",
                        $"unknown module '{node.Module}'; known modules: {string.Join(", ", ModuleCatalog.All.Select(m => m.Name))}"));
                    continue;
                }
                node.Module = module.Name;
                if (NodeIds.IsValid(node.Id) && !modules.ContainsKey(node.Id)) modules[node.Id] = module;
                CheckParameters(node, module, assets, problems);
            }
            return modules;
        }

        private static void CheckParameters(GraphNode node, MlModuleInfo module, IAssetVersionLookup? assets, List<GraphProblem> problems)
        {
            string where = NodeLocation(node.Id);
            var normalized = new SortedDictionary<string, object>(StringComparer.Ordinal);
            foreach (var pair in node.Parameters)
            {
                var parameter = module.FindParameter(pair.Key);
                if (parameter == null)
                {
                    problems.Add(new GraphProblem("UnknownParameter", $"{where}.parameters.{pair.Key}",
                        $"module {module.Name} has no parameter '{pair.Key}'; its parameters: {string.Join(", ", module.Parameters.Select(p => p.Name))}"));
                    continue;
                }
                if (!parameter.TryNormalize(pair.Value, out var value, out var error))
                {
                    problems.Add(new GraphProblem("InvalidParameterValue", $"{where}.parameters.{parameter.Name}", $"parameter '{parameter.Name}' of {module.Name}: {error}"));
                    continue;
                }
                if (value is AssetReference asset)
                {
                    var nameProblem = NameRules.FindProblem(asset.Name);
                    if (nameProblem != null)
                    {
                        problems.Add(new GraphProblem("InvalidParameterValue", $"{where}.parameters.{parameter.Name}", $"'{asset.Name}' is not a valid asset name: {nameProblem}"));
                        continue;
                    }
                    if (asset.Version < 1)
                    {
                        problems.Add(new GraphProblem("InvalidParameterValue", $"{where}.parameters.{parameter.Name}", $"asset version {asset.Version} is not a version: versions start at 1"));
                        continue;
                    }
                    if (assets != null && !assets.Exists(asset))
                    {
                        problems.Add(new GraphProblem("MissingAsset", $"{where}.parameters.{parameter.Name}",
                            $"{AssetReference.TypeToken(asset.Type)} '{asset}' does not exist in the workspace"));
                    }
                }
                normalized[parameter.Name] = value!;
            }
            foreach (var required in module.Parameters.Where(p => p.Required && !normalized.ContainsKey(p.Name) && !node.Parameters.Keys.Any(k => string.Equals(k, p.Name, StringComparison.OrdinalIgnoreCase))))
                problems.Add(new GraphProblem("MissingParameter", $"{where}.parameters", $"module {module.Name} needs parameter '{required.Name}' ({required.Description})"));

            var crossProblem = module.CrossCheck?.Invoke(module.EffectiveParameters(normalized));
            if (crossProblem != null) problems.Add(new GraphProblem("InvalidParameterValue", $"{where}.parameters", crossProblem));

            node.Parameters.Clear();
            foreach (var p in normalized) node.Parameters[p.Key] = p.Value;
        }

        private static void CheckEdges(ExperimentGraph graph, Dictionary<string, MlModuleInfo> modules, List<GraphProblem> problems)
        {
            var fedInputs = new Dictionary<PortAddress, GraphEdge>();
            var nodeIds = new HashSet<string>(graph.Nodes.Select(n => n.Id), StringComparer.OrdinalIgnoreCase);
            foreach (var edge in graph.Edges)
            {
                string where = $"edges['{edge}']";
                bool fromKnown = nodeIds.Contains(edge.From.NodeId);
                bool toKnown = nodeIds.Contains(edge.To.NodeId);
                if (!fromKnown) problems.Add(new GraphProblem("UnknownNode", where, $"edge '{edge}' starts at node '{edge.From.NodeId}', which does not exist"));
                if (!toKnown) problems.Add(new GraphProblem("UnknownNode", where, $"edge '{edge}' ends at node '{edge.To.NodeId}', which does not exist"));

                MlPortInfo? output = null, input = null;
                if (fromKnown && modules.TryGetValue(edge.From.NodeId, out var fromModule))
                {
                    output = fromModule.FindOutput(edge.From.Port);
                    if (output == null)
                        problems.Add(new GraphProblem("UnknownPort", where, fromModule.FindInput(edge.From.Port) != null
                            ? $"'{edge.From}' is an input of {fromModule.Name}; an edge must start at an output ({PortList(fromModule.Outputs)})"
                            : $"module {fromModule.Name} (node '{edge.From.NodeId}') has no output '{edge.From.Port}'; its outputs: {PortList(fromModule.Outputs)}"));
                }
                if (toKnown && modules.TryGetValue(edge.To.NodeId, out var toModule))
                {
                    input = toModule.FindInput(edge.To.Port);
                    if (input == null)
                        problems.Add(new GraphProblem("UnknownPort", where, toModule.FindOutput(edge.To.Port) != null
                            ? $"'{edge.To}' is an output of {toModule.Name}; an edge must end at an input ({PortList(toModule.Inputs)})"
                            : $"module {toModule.Name} (node '{edge.To.NodeId}') has no input '{edge.To.Port}'; its inputs: {PortList(toModule.Inputs)}"));
                }
                if (output != null && input != null && output.Type != input.Type)
                    problems.Add(new GraphProblem("PortTypeMismatch", where, $"'{edge.From}' gives a {output.Type} but '{edge.To}' takes a {input.Type}"));

                if (fedInputs.TryGetValue(edge.To, out var earlier))
                    problems.Add(new GraphProblem("InputAlreadyConnected", where, $"input '{edge.To}' is fed twice: from '{earlier.From}' and from '{edge.From}'"));
                else
                    fedInputs[edge.To] = edge;
            }
        }

        private static void CheckCycles(ExperimentGraph graph, List<GraphProblem> problems)
        {
            // Kahn's algorithm: whatever cannot be ordered lies on or behind a cycle.
            var indegree = graph.Nodes.GroupBy(n => n.Id, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, _ => 0, StringComparer.OrdinalIgnoreCase);
            // Edges to or from unknown nodes are reported elsewhere; they cannot close a cycle.
            var edges = graph.Edges.Where(e => indegree.ContainsKey(e.From.NodeId) && indegree.ContainsKey(e.To.NodeId)).ToList();
            foreach (var edge in edges) indegree[edge.To.NodeId]++;
            var ready = new Queue<string>(indegree.Where(p => p.Value == 0).Select(p => p.Key));
            while (ready.Count > 0)
            {
                var id = ready.Dequeue();
                foreach (var edge in edges.Where(e => string.Equals(e.From.NodeId, id, StringComparison.OrdinalIgnoreCase)))
                {
                    if (--indegree[edge.To.NodeId] == 0) ready.Enqueue(edge.To.NodeId);
                }
            }
            var stuck = indegree.Where(p => p.Value > 0).Select(p => p.Key).OrderBy(id => id, StringComparer.Ordinal).ToList();
            if (stuck.Count > 0)
                problems.Add(new GraphProblem("Cycle", "edges", $"the edges form a cycle through nodes {string.Join(", ", stuck.Select(s => "'" + s + "'"))}"));
        }

        /// <summary>Node ids in an order where every node comes after the nodes feeding it (ties by id).</summary>
        public static IReadOnlyList<string> TopologicalOrder(ExperimentGraph graph)
        {
            var indegree = graph.Nodes.ToDictionary(n => n.Id, _ => 0, StringComparer.OrdinalIgnoreCase);
            foreach (var edge in graph.Edges) indegree[edge.To.NodeId]++;
            var ready = new SortedSet<string>(indegree.Where(p => p.Value == 0).Select(p => p.Key), StringComparer.Ordinal);
            var order = new List<string>();
            while (ready.Count > 0)
            {
                var id = ready.Min!;
                ready.Remove(id);
                order.Add(id);
                foreach (var edge in graph.Edges.Where(e => string.Equals(e.From.NodeId, id, StringComparison.OrdinalIgnoreCase)))
                    if (--indegree[edge.To.NodeId] == 0) ready.Add(graph.FindNode(edge.To.NodeId)!.Id);
            }
            if (order.Count != graph.Nodes.Count) throw new InvalidOperationException("The graph has a cycle.");
            return order;
        }

        internal static string NodeLocation(string id) => $"nodes['{id}']";

        private static string PortList(IReadOnlyList<MlPortInfo> ports) =>
            ports.Count == 0 ? "none" : string.Join(", ", ports.Select(p => $"{p.Name} ({p.Type})"));
    }
}
