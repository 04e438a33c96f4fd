using System;
using System.Collections.Generic;
using System.Linq;
using MlAlm.Core.Engine.Modules;

namespace MlAlm.Core.Engine
{
    /// <summary>The runner of every module in the catalogue.</summary>
    internal static class ModuleRunners
    {
        private static readonly Dictionary<string, IModuleRunner> ByModule = new IModuleRunner[]
        {
            new DatasetRunner(),
            new TrainedModelRunner(),
            new TransformRunner(),
            new SelectColumnsRunner(),
            new CleanMissingDataRunner(),
            new NormalizeDataRunner(),
            new SplitDataRunner(),
            new TrainModelRunner(),
            new ScoreModelRunner(),
            new EvaluateModelRunner(),
            new ApplyTransformationRunner(),
            new PassThroughRunner("WebServiceInput"),
            new PassThroughRunner("WebServiceOutput"),
        }.ToDictionary(r => r.Module, StringComparer.OrdinalIgnoreCase);

        public static IModuleRunner For(string module) =>
            ByModule.TryGetValue(module, out var runner) ? runner : throw new InvalidOperationException("No runner for module " + module);

        public static IEnumerable<string> Modules => ByModule.Keys;
    }
}
