using System;

namespace MlAlm
{
    /// <summary>A running scoring host serving a workspace's endpoints.</summary>
    public sealed class MlWebServiceHost
    {
        internal MlWebServiceHost(MlWorkspace workspace, string id, string url, int processId, string machine, string? environment, DateTime startedUtc)
        {
            Workspace = workspace;
            Id = id;
            Url = url;
            ProcessId = processId;
            Machine = machine;
            Environment = environment;
            StartedUtc = startedUtc;
        }

        public string Id { get; }
        public string Url { get; }
        public int ProcessId { get; }
        public string Machine { get; }

        /// <summary>The environment label it serves, or null for every endpoint.</summary>
        public string? Environment { get; }

        public DateTime StartedUtc { get; }
        public MlWorkspace Workspace { get; }

        public override string ToString() => Url;
    }
}
