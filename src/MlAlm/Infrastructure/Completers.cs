using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using MlAlm.Core.Datasets;
using MlAlm.Core.Experiments;
using MlAlm.Core.Modules;

namespace MlAlm.Commands.Infrastructure
{
    /// <summary>
    /// Tab completion of workspace asset names. A completer must never fail or be slow to the
    /// point of annoyance, so any problem (no workspace yet, unreadable store) yields nothing.
    /// </summary>
    public abstract class WorkspaceNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            IEnumerable<string> names;
            try
            {
                var workspace = fakeBoundParameters["Workspace"] is MlWorkspace bound ? bound : WorkspaceResolution.Resolve();
                names = Names(workspace, fakeBoundParameters).ToList();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();
            }
            var pattern = new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return names.Where(pattern.IsMatch)
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .Select(n => new CompletionResult(Quote(n), n, CompletionResultType.ParameterValue, n))
                .ToList();
        }

        protected abstract IEnumerable<string> Names(MlWorkspace workspace, IDictionary fakeBoundParameters);

        private static string Quote(string name) => name.IndexOf(' ') >= 0 ? "'" + name + "'" : name;
    }

    public sealed class DatasetNameCompleter : WorkspaceNameCompleter
    {
        protected override IEnumerable<string> Names(MlWorkspace workspace, IDictionary bound) =>
            new DatasetService(workspace).List(null, allVersions: false).Select(d => d.Name);
    }

    public sealed class ExperimentNameCompleter : WorkspaceNameCompleter
    {
        protected override IEnumerable<string> Names(MlWorkspace workspace, IDictionary bound) =>
            new ExperimentService(workspace).List(null).Select(e => e.Name);
    }

    public sealed class WebServiceNameCompleter : WorkspaceNameCompleter
    {
        protected override IEnumerable<string> Names(MlWorkspace workspace, IDictionary bound) =>
            new MlAlm.Core.WebServices.WebServiceService(workspace).List(null).Select(s => s.Name);
    }

    public sealed class NodeIdCompleter : WorkspaceNameCompleter
    {
        protected override IEnumerable<string> Names(MlWorkspace workspace, IDictionary bound) =>
            bound["Experiment"] is string experiment
                ? new ExperimentService(workspace).Get(experiment).Nodes.Select(n => n.NodeId)
                : Enumerable.Empty<string>();
    }

    public sealed class ModuleNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = new WildcardPattern((wordToComplete ?? string.Empty) + "*", WildcardOptions.IgnoreCase);
            return ModuleCatalog.All.Where(m => pattern.IsMatch(m.Name))
                .Select(m => new CompletionResult(m.Name, m.Name, CompletionResultType.ParameterValue, m.Description));
        }
    }
}
