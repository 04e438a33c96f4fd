using System;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Experiments;
using MlAlm.Core.Naming;

namespace MlAlm.Commands.Experiments
{
    [Cmdlet(VerbsCommon.Get, "MlExperiment", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(MlExperiment))]
    public sealed class GetMlExperimentCommand : WorkspaceCmdlet
    {
        private const string NameSet = "Name";
        private const string IdSet = "Id";

        [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ExperimentNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        public Guid Id { get; set; }

        protected override void ProcessRecord()
        {
            var service = new ExperimentService(CurrentWorkspace);
            if (ParameterSetName == IdSet)
            {
                TryRun(() => WriteObject(service.GetById(Id, CancellationToken)), Id);
                return;
            }
            if (Name == null)
            {
                TryRun(() => WriteObject(service.List(null, CancellationToken), enumerateCollection: true), null);
                return;
            }
            foreach (var name in Name)
            {
                TryRun(() =>
                {
                    if (NamePattern.HasWildcards(name)) WriteObject(service.List(name, CancellationToken), enumerateCollection: true);
                    else WriteObject(service.Get(name, CancellationToken));
                }, name);
            }
        }
    }
}
