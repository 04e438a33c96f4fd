using System;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using MlAlm.Core.Storage;
using MlAlm.Core.Storage.Blob;
using MlAlm.Core.Storage.Local;
using MlAlm.Testing;

namespace MlAlm.StoreWorker
{
    /// <summary>
    /// Usage: MlAlm.StoreWorker &lt;command&gt; &lt;store location&gt; [arguments]
    ///   add-versions &lt;location&gt; &lt;prefix&gt; &lt;writer&gt; &lt;count&gt;   race other processes for versions
    ///   put-endless &lt;location&gt;                           store an endless stream (until killed)
    ///   write-documents &lt;location&gt; &lt;prefix&gt; &lt;writer&gt;     create and replace documents (until killed)
    ///   run-experiment &lt;workspace&gt; &lt;experiment&gt;          run an experiment, printing "node ID STATUS" lines
    ///   register-models &lt;workspace&gt; &lt;model&gt; &lt;package file&gt; &lt;count&gt;
    ///                                                   print "ready", wait for a line on stdin, then register the
    ///                                                   package count times, printing "version N" for each
    /// Prints one line per step so that the test can decide when to kill it.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            try
            {
                if (args[0] == "run-experiment")
                {
                    RunExperiment(args[1], args[2]);
                    return 0;
                }
                if (args[0] == "register-models")
                {
                    RegisterModels(args[1], args[2], args[3], int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
                    return 0;
                }
                var store = OpenStore(args[1]);
                switch (args[0])
                {
                    case "add-versions":
                        AddVersions(store, args[2], args[3], int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
                        return 0;
                    case "put-endless":
                        PutEndless(store);
                        return 3; // never reached: the stream never ends
                    case "write-documents":
                        WriteDocuments(store, args[2], args[3]);
                        return 3;
                    default:
                        Console.Error.WriteLine($"Unknown command '{args[0]}'.");
                        return 2;
                }
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine(ex);
                return 1;
            }
        }

        // The location is whatever the contract test's StoreLocationForChildProcess returned: a
        // container URI (its credential comes from a SAS query or this process's environment,
        // as for any MlAlm process) or a directory.
        private static IWorkspaceStore OpenStore(string location) =>
            BlobContainerAddress.IsBlobLocation(location)
                // Small blocks, so that by the time a test kills an upload several are staged (at most
                // UploadParallelism blocks are read ahead of those the service has accepted).
                ? BlobWorkspaceStore.Open(BlobContainerAddress.FromContainerUri(location), new BlobStoreOptions { BlockSize = 1024 * 1024 })
                : LocalDirectoryStore.Open(location);

        private static void RunExperiment(string workspace, string experiment)
        {
            var engine = new MlAlm.Core.Engine.ExperimentEngine(MlAlm.Core.Workspaces.WorkspaceFactory.Open(workspace));
            var run = engine.Start(experiment, noCache: true, new LineProgress());
            Console.WriteLine("run " + run.Status);
        }

        // Everything that costs time before the first registration (opening the workspace, loading
        // and JIT-compiling the services) happens before "ready", so that the workers the test
        // releases together with "go" really race from their first registration on.
        private static void RegisterModels(string workspace, string model, string packageFile, int count)
        {
            var models = new MlAlm.Core.Models.TrainedModelService(MlAlm.Core.Workspaces.WorkspaceFactory.Open(workspace));
            models.List(model, allVersions: true);
            Console.WriteLine("ready");
            if (Console.ReadLine() != "go") throw new InvalidOperationException("Expected 'go' on standard input.");
            var writer = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            for (int i = 0; i < count; i++)
            {
                // The tags say who registered it, so the test can check each version holds its own caller's document.
                var tags = new System.Collections.Hashtable { ["writer"] = writer, ["sequence"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                var registered = models.RegisterFromFile(packageFile, model, null, tags);
                Console.WriteLine("version " + registered.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + writer + " " + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            Console.WriteLine("done");
        }

        /// <summary>Prints progress synchronously (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
        private sealed class LineProgress : IProgress<MlAlm.Core.Engine.RunProgress>
        {
            public void Report(MlAlm.Core.Engine.RunProgress value) => Console.WriteLine($"node {value.NodeId} {value.Status}");
        }

        private static void AddVersions(IWorkspaceStore store, string prefix, string writer, int count)
        {
            Console.WriteLine("started");
            for (int i = 0; i < count; i++) VersionWriter.AddVersion(store, prefix, writer, i);
            Console.WriteLine("done");
        }

        private static void PutEndless(IWorkspaceStore store)
        {
            Console.WriteLine("started");
            store.PutContent(new EndlessStream(bytes => Console.WriteLine("progress " + bytes)));
        }

        private static void WriteDocuments(IWorkspaceStore store, string prefix, string writer)
        {
            Console.WriteLine("started");
            var counterKey = prefix + "counter";
            var random = new Random(writer.GetHashCode());
            for (int sequence = 0; ; sequence++)
            {
                // Large enough that a write takes a while, so the kill lands inside one.
                var payload = new byte[256 * 1024];
                random.NextBytes(payload);
                var record = new CheckedDocument
                {
                    Writer = writer,
                    Sequence = sequence,
                    Payload = Convert.ToBase64String(payload),
                    PayloadSha256 = Convert.ToHexString(SHA256.HashData(payload)),
                };
                var bytes = JsonSerializer.SerializeToUtf8Bytes(record);
                store.CreateDocument(prefix + writer + "-" + sequence.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), bytes);
                var counter = store.GetDocument(counterKey);
                if (counter is null)
                {
                    try { store.CreateDocument(counterKey, bytes); } catch (DocumentExistsException) { }
                }
                else
                {
                    try { store.ReplaceDocument(counterKey, bytes, counter.ETag); } catch (DocumentChangedException) { }
                }
                Console.WriteLine("progress " + (sequence + 1));
            }
        }
    }

    /// <summary>A document that can tell whether it was read whole: its payload carries its own hash.</summary>
    public sealed class CheckedDocument
    {
        public string Writer { get; set; } = string.Empty;
        public int Sequence { get; set; }
        public string Payload { get; set; } = string.Empty;
        public string PayloadSha256 { get; set; } = string.Empty;
    }

    /// <summary>
    /// Pseudo-random bytes without end, reporting every MiB. Slowed down a little so that the test
    /// kills the worker after a few MiB rather than after the disk fills; past 1 GiB it stops
    /// producing altogether, so the write can never complete.
    /// </summary>
    internal sealed class EndlessStream : ReadOnlyForwardStream
    {
        private const int ReportEvery = 1024 * 1024;
        private readonly Action<long> _report;
        private readonly Random _random = new Random(42);
        private long _produced;

        public EndlessStream(Action<long> report) => _report = report;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_produced >= 1024L * ReportEvery) Thread.Sleep(Timeout.Infinite);
            int n = Math.Min(count, 64 * 1024);
            _random.NextBytes(new Span<byte>(buffer, offset, n));
            long before = _produced;
            _produced += n;
            if (_produced / ReportEvery != before / ReportEvery)
            {
                _report(_produced);
                Thread.Sleep(10);
            }
            return n;
        }

    }
}
