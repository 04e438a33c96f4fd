using System;
using System.Linq;
using System.Threading;
using MlAlm.Core.Assets;
using MlAlm.Core.Json;
using MlAlm.Core.Naming;
using MlAlm.Core.Storage;

namespace MlAlm.Core.Runs
{
    /// <summary>
    /// Reads and writes run documents (runs/experiment/N). Also decides when a run that says
    /// Running is in fact dead — its process is gone from this host, or it has not beaten its
    /// heart for <see cref="StaleAfter"/> — and seals it as Failed, so a killed run never stays
    /// "Running" forever.
    /// </summary>
    internal sealed class RunRecords
    {
        public static readonly TimeSpan HeartbeatInterval = ProcessOwner.HeartbeatInterval;
        public static readonly TimeSpan StaleAfter = ProcessOwner.StaleAfter;

        private readonly IWorkspaceStore _store;
        private readonly NumberedDocuments _numbers;

        public RunRecords(IWorkspaceStore store, string experiment)
        {
            _store = store;
            _numbers = new NumberedDocuments(store, Prefix(experiment));
        }

        public static string Prefix(string experiment) => StoreKey.PrefixOf("runs", NameRules.ToKeySegment(experiment));

        public int Create(Func<int, RunDocument> document, CancellationToken ct) =>
            _numbers.CreateNext(n => DocumentJson.Serialize(document(n)), ct);

        public System.Collections.Generic.IReadOnlyList<int> ListIds(CancellationToken ct) => _numbers.List(ct);

        /// <summary>A run and its ETag, with a dead "Running" run sealed as Failed first.</summary>
        public (RunDocument Document, ETag ETag)? Get(int runId, CancellationToken ct)
        {
            for (int attempt = 0; attempt < 5; attempt++)
            {
                var stored = _numbers.Get(runId, ct);
                if (stored == null) return null;
                var document = DocumentJson.Deserialize<RunDocument>(stored.Content, stored.Key);
                if (document.Status != RunStatus.Running || !IsDead(document)) return (document, stored.ETag);
                SealAbandoned(document);
                try
                {
                    var eTag = _store.ReplaceDocument(stored.Key, DocumentJson.Serialize(document), stored.ETag, ct);
                    return (document, eTag);
                }
                catch (DocumentChangedException)
                {
                    // It moved on (it was alive after all, or another reader sealed it): read again.
                }
            }
            throw new DocumentChangedException(_numbers.KeyOf(runId));
        }

        /// <summary>Saves a run the caller owns; its ETag moves on.</summary>
        public ETag Save(RunDocument document, ETag eTag, CancellationToken ct) =>
            _store.ReplaceDocument(_numbers.KeyOf(document.RunId), DocumentJson.Serialize(document), eTag, ct);

        internal static bool IsDead(RunDocument run) => ProcessOwner.IsDead(run.Host, run.ProcessId, null, run.HeartbeatUtc);

        private static void SealAbandoned(RunDocument run)
        {
            var now = DateTime.UtcNow;
            var running = run.Nodes.FirstOrDefault(n => n.Status == NodeStatus.Running);
            if (running != null)
            {
                running.Status = NodeStatus.Failed;
                running.Error = "the process running the experiment ended while this node was running";
            }
            run.Status = RunStatus.Failed;
            run.EndedUtc = run.HeartbeatUtc > run.SubmittedUtc ? run.HeartbeatUtc : now;
            run.Error = running != null
                ? $"The run ended abnormally: the process running it (process {run.ProcessId} on {run.Host}) stopped during node '{running.Id}'. Outputs of finished nodes are kept."
                : $"The run ended abnormally: the process running it (process {run.ProcessId} on {run.Host}) stopped.";
        }
    }
}
