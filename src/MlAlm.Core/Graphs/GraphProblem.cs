using System;
using System.Collections.Generic;
using System.Linq;
using MlAlm.Core.Errors;

namespace MlAlm.Core.Graphs
{
    /// <summary>One thing wrong with a graph: a stable code, where it is, and what is wrong.</summary>
    public sealed class GraphProblem
    {
        public GraphProblem(string code, string location, string message)
        {
            Code = code;
            Location = location;
            Message = message;
        }

        /// <summary>A stable identifier: SchemaVersion, InvalidJson, InvalidStructure, InvalidNodeId, DuplicateNodeId,
        /// UnknownModule, UnknownParameter, InvalidParameterValue, MissingParameter, InvalidEdge, UnknownNode,
        /// UnknownPort, PortTypeMismatch, InputAlreadyConnected, Cycle, MissingAsset, UnconnectedInput.</summary>
        public string Code { get; }

        /// <summary>Where: a JSON path such as nodes[2].parameters.fraction, or a node id.</summary>
        public string Location { get; }

        public string Message { get; }

        public override string ToString() => Location.Length == 0 ? $"{Code}: {Message}" : $"{Location}: {Message} [{Code}]";
    }

    /// <summary>A graph was refused; every problem found is listed, not just the first.</summary>
    public sealed class GraphValidationException : MlAlmException
    {
        public GraphValidationException(string subject, IReadOnlyList<GraphProblem> problems)
            : base("InvalidExperimentGraph", ErrorKind.InvalidData, Describe(subject, problems), subject)
        {
            Problems = problems;
        }

        public IReadOnlyList<GraphProblem> Problems { get; }

        private static string Describe(string subject, IReadOnlyList<GraphProblem> problems)
        {
            var count = problems.Count == 1 ? "1 problem" : problems.Count + " problems";
            return $"{subject} has {count}:" + Environment.NewLine +
                   string.Join(Environment.NewLine, problems.Select(p => "  - " + p));
        }
    }
}
