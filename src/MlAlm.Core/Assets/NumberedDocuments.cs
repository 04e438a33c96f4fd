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
    /// N and N+1: nothing overwritten, nothing lost, no lock.
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

        public string KeyOf(int number) => _prefix + StoreKey.VersionSegment(number);

        /// <summary>The numbers in use, ascending.</summary>
        public IReadOnlyList<int> List(CancellationToken ct = default)
        {
            var numbers = new List<int>();
            foreach (var key in _store.ListDocuments(_prefix, ct))
            {
                var last = key.Substring(_prefix.Length);
                if (last.IndexOf('/') < 0 && int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out int n)) numbers.Add(n);
            }
            numbers.Sort();
            return numbers;
        }

        public int? Latest(CancellationToken ct = default)
        {
            var numbers = List(ct);
            return numbers.Count == 0 ? (int?)null : numbers[numbers.Count - 1];
        }

        public StoredDocument? Get(int number, CancellationToken ct = default) => _store.GetDocument(KeyOf(number), ct);

        /// <summary>
        /// Creates the next number. <paramref name="documentFor"/> renders the document for a
        /// candidate number and is called again with a higher one when a racing writer took it.
        /// </summary>
        public int CreateNext(Func<int, byte[]> documentFor, CancellationToken ct = default)
        {
            int candidate = (Latest(ct) ?? 0) + 1;
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
                    candidate = Math.Max(candidate + 1, (Latest(ct) ?? 0) + 1);
                }
            }
        }

        public bool Delete(int number, CancellationToken ct = default) => _store.DeleteDocument(KeyOf(number), null, ct);
    }
}
