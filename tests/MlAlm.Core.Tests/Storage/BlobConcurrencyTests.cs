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
using Xunit;
using Xunit.Abstractions;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>
    /// Several machines sharing one Blob workspace, played by separate processes on the shared
    /// Azurite: each opens the workspace by its container URI and takes the key from
    /// $MLALM_STORAGE_CONNECTION_STRING, as a build agent or a scoring host would.
    /// </summary>
    public sealed class BlobConcurrencyTests
    {
        private static readonly AzuriteServer Server = AzuriteEnvironment.SharedServerWithKeyInEnvironment();

        // A guard against hangs, not a performance expectation. The race takes about a minute on
        // the 2-core development machine at load 8 and nearly three at load 20 (Azurite, one Node
        // process, answers every request of all eight workers).
        private static readonly TimeSpan RaceHangGuard = TimeSpan.FromMinutes(15);

        private readonly ITestOutputHelper _output;

        public BlobConcurrencyTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Processes_registering_one_model_at_once_get_distinct_versions_none_lost_and_no_errors()
        {
            const int processes = 8, perProcess = 50, total = processes * perProcess;
            const string model = "racer";
            var address = BlobContainerAddress.FromConnectionString(Server.ConnectionString, AzuriteServer.NewContainerName("model-race"));
            var workspace = WorkspaceFactory.Create(address, "race");
            var folder = Path.Combine(Path.GetTempPath(), "mlalm-model-race-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var workers = new List<StoreWorkerProcess>();
            try
            {
                var package = Path.Combine(folder, "racer.mlmodel");
                WriteModelPackage(package);

                var started = Stopwatch.StartNew();
                for (int p = 0; p < processes; p++)
                    workers.Add(StoreWorkerProcess.Start("register-models", workspace.Location, model, package, perProcess.ToString(CultureInfo.InvariantCulture)));
                // Every worker has opened the workspace before any registers: they start together.
                foreach (var worker in workers) worker.WaitForLine(line => line == "ready");
                _output.WriteLine($"{processes} workers ready in {started.Elapsed.TotalSeconds:F1} s.");
                var clock = Stopwatch.StartNew();
                foreach (var worker in workers) worker.SendLine("go");

                // What each caller was told: version -> (writer, sequence).
                var reported = new Dictionary<int, (string Writer, int Sequence)>();
                var duplicates = new List<string>();
                foreach (var worker in workers)
                {
                    int exitCode = worker.WaitForExit(RaceHangGuard);
                    Assert.True(exitCode == 0, $"A worker exited with {exitCode}." + worker.Describe());
                    Assert.True(worker.ErrorOutput.Length == 0, "A worker reported an error:" + worker.Describe());
                    var lines = worker.RemainingLines();
                    Assert.Equal("done", lines.LastOrDefault());
                    var versions = lines.Where(l => l.StartsWith("version ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
                    Assert.Equal(Enumerable.Range(0, perProcess), versions.Select(v => int.Parse(v[3], CultureInfo.InvariantCulture)));
                    foreach (var v in versions)
                    {
                        int version = int.Parse(v[1], CultureInfo.InvariantCulture);
                        if (reported.ContainsKey(version)) duplicates.Add($"version {version} went to {reported[version]} and to ({v[2]}, {v[3]})");
                        else reported[version] = (v[2], int.Parse(v[3], CultureInfo.InvariantCulture));
                    }
                }
                _output.WriteLine($"{processes} processes registered {total} versions in {clock.Elapsed.TotalSeconds:F1} s.");
                Assert.Empty(duplicates);
                Assert.Equal(Enumerable.Range(1, total), reported.Keys.OrderBy(v => v));

                // The workspace agrees with what the callers were told: 400 versions, each its caller's document.
                clock.Restart();
                var models = new TrainedModelService(WorkspaceFactory.Open(workspace.Location));
                var listed = models.List(model, allVersions: true);
                Assert.Equal(Enumerable.Range(1, total), listed.Select(m => m.Version).OrderBy(v => v));
                var hash = listed[0].ContentHash;
                foreach (var version in Enumerable.Range(1, total))
                {
                    var read = models.Get(model, version);
                    Assert.Equal(version, read.Version);
                    Assert.Equal(hash, read.ContentHash);
                    Assert.Equal("LogisticRegression", read.Learner);
                    Assert.Equal(reported[version].Writer, read.Tags["writer"]);
                    Assert.Equal(reported[version].Sequence.ToString(CultureInfo.InvariantCulture), read.Tags["sequence"]);
                }
                Assert.Equal(total, models.Get(model).Version);
                _output.WriteLine($"Listed and read back {total} versions in {clock.Elapsed.TotalSeconds:F1} s.");
                Assert.Single(workspace.Store.ListContent()); // the same package, stored once
                Assert.Empty(workspace.Store.FindIncompleteWrites(TimeSpan.Zero, remove: false));
            }
            finally
            {
                foreach (var worker in workers) worker.Dispose();
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        /// <summary>A small logistic regression model over generated data, as a package file.</summary>
        private static void WriteModelPackage(string path)
        {
            using var data = new MemoryStream();
            SyntheticDatasets.WriteBinaryClassification(data, 300, 4, 11);
            data.Position = 0;
            var table = DataTableReader.Read(data, ',', null, CancellationToken.None);
            var trained = Trainer.Train(table, new TrainingSpec(Learners.LogisticRegression, "label"), CancellationToken.None);
            using var file = File.Create(path);
            ModelPackage.Write(file, trained);
        }
    }
}
