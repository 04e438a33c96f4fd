using System.Management.Automation;

namespace MlAlm.Commands.Infrastructure
{
    /// <summary>Lets -Experiment take an MlExperiment object as well as a name.</summary>
    public sealed class ExperimentNameTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            return value is MlExperiment experiment ? experiment.Name : inputData;
        }
    }
}
