using Xunit;

namespace MlAlm.Core.Tests
{
    /// <summary>
    /// Tests that change process environment variables run alone: other tests start child
    /// processes that inherit the environment (the Blob contract tests pass the account key to
    /// their workers in $MLALM_STORAGE_CONNECTION_STRING).
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class EnvironmentVariableCollection
    {
        public const string Name = "Environment variables";
    }
}
