using System;
using System.IO;
using System.Threading;
using MlAlm.Core.Storage;

namespace MlAlm.Core.Engine
{
    /// <summary>
    /// Reads stored content through a parser and then drains the stream, so the store's hash check
    /// (which fires at the end of the stream) always runs, even when a parser stops at its last byte.
    /// </summary>
    internal static class VerifiedContent
    {
        public static T Read<T>(IWorkspaceStore store, ContentHash hash, Func<Stream, T> parse, CancellationToken ct)
        {
            using var stream = store.OpenContent(hash, ct);
            var value = parse(stream);
            stream.CopyTo(Stream.Null);
            return value;
        }
    }
}
