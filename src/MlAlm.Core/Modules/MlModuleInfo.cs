using System;
using System.Collections.Generic;
using System.Linq;

namespace MlAlm
{
    /// <summary>A module a graph node can use: its typed ports and parameters.</summary>
    public sealed class MlModuleInfo
    {
        internal MlModuleInfo(
            string name,
            string category,
            string description,
            IReadOnlyList<MlPortInfo> inputs,
            IReadOnlyList<MlPortInfo> outputs,
            IReadOnlyList<MlParameterInfo> parameters,
            Func<IReadOnlyDictionary<string, object>, string?>? crossCheck)
        {
            Name = name;
            Category = category;
            Description = description;
            Inputs = inputs;
            Outputs = outputs;
            Parameters = parameters;
            CrossCheck = crossCheck;
        }

        public string Name { get; }
        public string Category { get; }
        public string Description { get; }
        public IReadOnlyList<MlPortInfo> Inputs { get; }
        public IReadOnlyList<MlPortInfo> Outputs { get; }
        public IReadOnlyList<MlParameterInfo> Parameters { get; }

        /// <summary>A rule that spans parameters (e.g. 'constant' is needed when method is Constant).</summary>
        internal Func<IReadOnlyDictionary<string, object>, string?>? CrossCheck { get; }

        public MlPortInfo? FindInput(string name) => Inputs.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        public MlPortInfo? FindOutput(string name) => Outputs.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        public MlParameterInfo? FindParameter(string name) => Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>Explicit parameter values over the defaults: what a run actually uses.</summary>
        public IReadOnlyDictionary<string, object> EffectiveParameters(IReadOnlyDictionary<string, object> explicitValues)
        {
            var result = new SortedDictionary<string, object>(StringComparer.Ordinal);
            foreach (var p in Parameters)
            {
                if (explicitValues.TryGetValue(p.Name, out var v)) result[p.Name] = v;
                else if (p.DefaultValue != null) result[p.Name] = p.DefaultValue;
            }
            return result;
        }

        public override string ToString() => Name;
    }
}
