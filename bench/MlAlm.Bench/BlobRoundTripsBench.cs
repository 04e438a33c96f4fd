using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using MlAlm.Core.Models;
using MlAlm.Core.Storage.Blob;
using MlAlm.Core.Workspaces;
using MlAlm.Learning.Data;
using MlAlm.Learning.Models;
using MlAlm.Learning.Packages;
using MlAlm.Testing;

namespace MlAlm.Bench
{
    /// <summary>
    /// `blob-roundtrips`: HTTP requests (BlobWorkspaceStore.RequestCount, retries included) of
    /// Get-MlTrainedModel over many versions of one name in a Blob workspace on a private Azurite.
    /// Versions of model 'x' are registered from a small model package file (TrainedModelService.RegisterFromFile)
    /// up to 10, 100 and --versions (default 1,000); at each, the workspace is opened again with
    /// ListPageSize 5000 (the default), 1000 and 100 and the requests counted around
    /// - TrainedModelService.Get(name) (Get-MlTrainedModel -Name x: the latest),
    /// - List(name, allVersions: false) (the same through a listing, as a wildcard name goes),
    /// - List(name, allVersions: true) (Get-MlTrainedModel -Name x -AllVersions, which reads every version's document).
    /// pages is ceil(versions / page size): the listing requests of documents/models/x/.
    /// </summary>
    internal static class BlobRoundTripsBench
    {
        private const string ModelName = "x";

        public static int Run(string[] args)
        {
            var options = Program.ParseOptions(args.Skip(1).ToArray());
            int versions = options.GetValueOrDefault("versions", 1000);
            int runs = options.GetValueOrDefault("runs", 3);
            var pageSizes = new[] { new BlobStoreOptions().ListPageSize, 1000, 100 };
            var checkpoints = new[] { 10, 100, versions }.Where(c => c <= versions).Distinct().OrderBy(c => c).ToList();

            Console.WriteLine($"machine   {Figures.Machine()}");
            string model = ModelFile();
            Console.WriteLine($"model     {Path.GetFileName(model)} ({new FileInfo(model).Length:N0} bytes, LogisticRegression on 1,000 rows x 4 features)");
            var started = Stopwatch.StartNew();
            using var azurite = AzuriteServer.StartPrivate();
            Console.WriteLine($"azurite   {azurite.BlobEndpoint} (private, started in {started.Elapsed.TotalSeconds:F1} s)");
            var access = new AzuriteAccess(azurite.BlobEndpoint);
            string container = AzuriteServer.NewContainerName("roundtrips");
            var address = access.Address(container);
            try
            {
                var workspace = WorkspaceFactory.Create(address, "roundtrips");
                var store = (BlobWorkspaceStore)workspace.Store;
                var models = new TrainedModelService(workspace);
                int registered = 0;
                bool asExpected = true;
                foreach (int checkpoint in checkpoints)
                {
                    Console.WriteLine();
                    long before = store.RequestCount;
                    var watch = Stopwatch.StartNew();
                    int from = registered;
                    while (registered < checkpoint)
                    {
                        var version = models.RegisterFromFile(model, ModelName, null, null);
                        registered++;
                        if (version.Version != registered) throw new InvalidOperationException($"Registered version {version.Version}, expected {registered}.");
                    }
                    Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                        "registered versions {0}..{1} of '{2}' in {3:F1} s, {4:F1} requests each (RegisterFromFile: HEAD of the content, list + create + GET of the new version)",
                        from + 1, registered, ModelName, watch.Elapsed.TotalSeconds, (store.RequestCount - before) / (double)(registered - from)));
                    Console.WriteLine($"load average {Figures.LoadAverage()}; requests per call, the same in each of {runs} runs unless shown as min-max; ms best/median");
                    Console.WriteLine($"  {"versions",8} {"page size",9} {"pages",5} | {"Get(x)",6} {"-pages",6} {"ms",11} | {"List(x)",7} {"-2xpages",8} {"ms",11} | {"-AllVersions",12} {"-2xpages",8} {"ms",13}");
                    foreach (int pageSize in pageSizes)
                    {
                        // The workspace exists: OpenOrCreate opens it, its store with these options.
                        var tuned = WorkspaceFactory.OpenOrCreate(address, new BlobStoreOptions { ListPageSize = pageSize });
                        var tunedStore = (BlobWorkspaceStore)tuned.Store;
                        var service = new TrainedModelService(tuned);
                        int pages = (registered + pageSize - 1) / pageSize;

                        var get = Count(tunedStore, runs, () =>
                        {
                            if (service.Get(ModelName).Version != registered) throw new InvalidOperationException("Get did not return the latest version.");
                        });
                        var latest = Count(tunedStore, runs, () =>
                        {
                            var list = service.List(ModelName, allVersions: false);
                            if (list.Count != 1 || list[0].Version != registered) throw new InvalidOperationException("List did not return the latest version alone.");
                        });
                        var all = Count(tunedStore, runs, () =>
                        {
                            if (service.List(ModelName, allVersions: true).Count != registered) throw new InvalidOperationException("List -AllVersions did not return every version.");
                        });
                        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                            "  {0,8} {1,9} {2,5} | {3,6} {4,6} {5,11} | {6,7} {7,8} {8,11} | {9,12} {10,8} {11,13}",
                            registered, pageSize, pages,
                            get.Requests, get.Constant(pages), get.Milliseconds,
                            latest.Requests, latest.Constant(2 * pages), latest.Milliseconds,
                            all.Requests, all.Constant(2 * pages), all.Milliseconds));
                        asExpected &= get.Min == pages + 1 && latest.Min == 2 * pages + 1 && all.Min == 2 * pages + registered;
                    }
                }
                Console.WriteLine();
                Console.WriteLine("Get(x) = pages + 1: one listing of x's versions (pages), then one GET of the latest version's document.");
                Console.WriteLine("List(x) = 2 x pages + 1: a listing of every model's versions for the names, x's versions again, one GET.");
                Console.WriteLine("-AllVersions = 2 x pages + versions: one GET per version document, so it IS proportional to the versions.");
                Console.WriteLine(asExpected ? "every count matched these formulas" : "SOME COUNTS DID NOT MATCH these formulas (see above)");
                return 0;
            }
            finally
            {
                access.DeleteContainer(container);
                File.Delete(model);
            }
        }

        private sealed class Counted
        {
            public long Min;
            public long Max;
            public List<double> Times = new List<double>();

            public string Requests => Min == Max ? Min.ToString(CultureInfo.InvariantCulture) : $"{Min}-{Max}";

            public string Constant(int pages) => Min == Max ? (Min - pages).ToString("+0;-0;0", CultureInfo.InvariantCulture) : "?";

            public string Milliseconds => string.Format(CultureInfo.InvariantCulture, "{0:F1}/{1:F1}", Times.Min(), Figures.Median(Times));
        }

        private static Counted Count(BlobWorkspaceStore store, int runs, Action action)
        {
            var counted = new Counted { Min = long.MaxValue, Max = long.MinValue };
            for (int run = 0; run < runs; run++)
            {
                long before = store.RequestCount;
                var watch = Stopwatch.StartNew();
                action();
                counted.Times.Add(watch.Elapsed.TotalMilliseconds);
                long requests = store.RequestCount - before;
                counted.Min = Math.Min(counted.Min, requests);
                counted.Max = Math.Max(counted.Max, requests);
            }
            return counted;
        }

        /// <summary>A small model package: LogisticRegression on 1,000 generated rows.</summary>
        private static string ModelFile()
        {
            var sample = new MemoryStream();
            SyntheticDatasets.WriteBinaryClassification(sample, 1000, 4, 7);
            sample.Position = 0;
            var table = DataTableReader.Read(sample, ',', null, CancellationToken.None);
            var trained = Trainer.Train(table, new TrainingSpec(Learners.LogisticRegression, "label"), CancellationToken.None);
            string path = Path.Combine(BenchInputs.Folder, $"roundtrips-model-{Guid.NewGuid():N}.mlmodel");
            using (var file = File.Create(path)) ModelPackage.Write(file, trained);
            return path;
        }
    }
}
