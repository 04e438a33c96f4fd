using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using MlAlm.Core.Storage;

namespace MlAlm.Core.Assets
{
    /// <summary>
    /// Documents numbered 1, 2, 3... under one key prefix (an asset's versions, an experiment's
    /// runs). A new number is taken by create-if-absent at latest+1, so writers racing for N get
    /// N and N+1: nothing overwritten, nothing lost, no lock. Removing a number leaves a marker
    /// (prefix/removed/N) so the number is never handed out again: 'churn:3' means one thing for
    /// the life of the workspace.
    /// </summary>
    internal sealed class NumberedDocuments
    {
        private readonly IWorkspaceStore _store;
        private readonly string _prefix;

        /// <param name="prefix">A key prefix ending in '/', from <see cref="StoreKey.PrefixOf"/>.</param>
        public NumberedDocuments(IWorkspaceStore store, string prefix)
        {
            _store = store;
            _prefix = prefix;
        }

        private const string RemovedFolder = "removed/";

        public string KeyOf(int number) => _prefix + StoreKey.VersionSegment(number);

        private string RemovedKeyOf(int number) => _prefix + RemovedFolder + StoreKey.VersionSegment(number);

        /// <summary>The numbers in use (not removed), ascending.</summary>
        public IReadOnlyList<int> List(CancellationToken ct = default) => Scan(ct).Live;

        /// <summary>The newest number in use, or null.</summary>
        public int? Latest(CancellationToken ct = default)
        {
            var numbers = List(ct);
            return numbers.Count == 0 ? (int?)null : numbers[numbers.Count - 1];
        }

        /// <summary>The highest number ever taken, removed or not: the next one starts above it.</summary>
        private int HighestTaken(CancellationToken ct)
        {
            var (live, removed) = Scan(ct);
            return Math.Max(live.Count == 0 ? 0 : live[live.Count - 1], removed);
        }

        /// <summary>One listing gives both the live numbers and the highest removed one.</summary>
        private (List<int> Live, int HighestRemoved) Scan(CancellationToken ct)
        {
            var live = new List<int>();
            int highestRemoved = 0;
            foreach (var key in _store.ListDocuments(_prefix, ct))
            {
                var rest = key.Substring(_prefix.Length);
                if (rest.IndexOf('/') < 0)
                {
                    if (int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int n)) live.Add(n);
                }
                else if (rest.StartsWith(RemovedFolder, StringComparison.Ordinal) &&
                         int.TryParse(rest.Substring(RemovedFolder.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int r))
                {
                    highestRemoved = Math.Max(highestRemoved, r);
                }
            }
            live.Sort();
            return (live, highestRemoved);
        }

        public StoredDocument? Get(int number, CancellationToken ct = default) => _store.GetDocument(KeyOf(number), ct);

        /// <summary>
        /// Creates the next number. <paramref name="documentFor"/> renders the document for a
        /// candidate number and is called again with a higher one when a racing writer took it.
        /// </summary>
        public int CreateNext(Func<int, byte[]> documentFor, CancellationToken ct = default)
        {
            int candidate = HighestTaken(ct) + 1;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    _store.CreateDocument(KeyOf(candidate), documentFor(candidate), ct);
                    return candidate;
                }
                catch (DocumentExistsException)
                {
                    // Move past everything that exists now, not just +1, so many racing writers converge in few rounds.
                    candidate = Math.Max(candidate + 1, HighestTaken(ct) + 1);
                }
            }
        }

        /// <summary>Removes a number: the marker first, so a crash in between never frees the number.</summary>
        public bool Delete(int number, CancellationToken ct = default)
        {
            try
            {
                _store.CreateDocument(RemovedKeyOf(number), System.Text.Encoding.UTF8.GetBytes("{\"removedUtc\": \"" + DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture) + "\"}\n"), ct);
            }
            catch (DocumentExistsException)
            {
                // Removed before (or a removal was interrupted): the marker is already there.
            }
            return _store.DeleteDocument(KeyOf(number), null, ct);
        }
    }
}
