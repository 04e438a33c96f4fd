using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Runs;

namespace MlAlm.Commands.Runs
{
    /// <summary>Lists the parameter, input, asset-version and metric differences between two runs.</summary>
    [Cmdlet(VerbsData.Compare, "MlExperimentRun")]
    [OutputType(typeof(MlRunDifference))]
    public sealed class CompareMlExperimentRunCommand : MlCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public MlExperimentRun? ReferenceRun { get; set; }

        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MlExperimentRun? DifferenceRun { get; set; }

        protected override void ProcessRecord() =>
            TryRun(() => WriteObject(new RunService(ReferenceRun!.Workspace).Compare(ReferenceRun!, DifferenceRun!), enumerateCollection: true), DifferenceRun);
    }
}
