using System.Linq;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Modules;

namespace MlAlm.Commands.Experiments
{
    /// <summary>Lists the modules a graph can use, with their ports and parameters.</summary>
    [Cmdlet(VerbsCommon.Get, "MlModule")]
    [OutputType(typeof(MlModuleInfo))]
    public sealed class GetMlModuleCommand : MlCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Module")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            if (Name == null)
            {
                WriteObject(ModuleCatalog.All, enumerateCollection: true);
                return;
            }
            foreach (var name in Name)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                var matches = ModuleCatalog.All.Where(m => pattern.IsMatch(m.Name)).ToList();
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    WriteError(new ErrorRecord(new ItemNotFoundException($"There is no module named '{name}'; known modules: {string.Join(", ", ModuleCatalog.All.Select(m => m.Name))}."),
                        "ModuleNotFound", ErrorCategory.ObjectNotFound, name));
                WriteObject(matches, enumerateCollection: true);
            }
        }
    }
}
