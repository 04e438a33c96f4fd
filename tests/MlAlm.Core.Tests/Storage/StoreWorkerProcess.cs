using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Text;
using MlAlm.Testing;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>
    /// Runs tests/MlAlm.StoreWorker as a separate process (`dotnet MlAlm.StoreWorker.dll ...`)
    /// and lets a test wait for the lines it prints. The test project's build copies the worker
    /// to StoreWorker/ beside the test assembly.
    /// </summary>
    internal sealed class StoreWorkerProcess : IDisposable
    {
        // A guard against hangs, not a performance expectation: generous for a loaded 2-core box.
        private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3);

        private readonly DotnetChildProcess _process;
        private readonly BlockingCollection<string> _lines = new BlockingCollection<string>();
        private readonly StringBuilder _errors = new StringBuilder();

        private StoreWorkerProcess(DotnetChildProcess process) => _process = process;

        public static StoreWorkerProcess Start(params string[] arguments)
        {
            var worker = Path.Combine(AppContext.BaseDirectory, "StoreWorker", "MlAlm.StoreWorker.dll");
            if (!File.Exists(worker)) throw new FileNotFoundException("The store worker was not built beside the tests.", worker);
            var result = new StoreWorkerProcess(new DotnetChildProcess(worker, arguments));
            result._process.Start(result.OnOutputLine, result.OnErrorLine);
            return result;
        }

        private void OnOutputLine(string? line)
        {
            if (line is null) _lines.CompleteAdding();
            else _lines.Add(line);
        }

        private void OnErrorLine(string? line)
        {
            if (line is null) return;
            lock (_errors) _errors.AppendLine(line);
        }

        /// <summary>Waits until the worker prints a line that satisfies <paramref name="match"/>.</summary>
        public string WaitForLine(Func<string, bool> match)
        {
            var deadline = DateTime.UtcNow + HangGuard;
            while (DateTime.UtcNow < deadline)
            {
                if (_lines.TryTake(out var line, TimeSpan.FromMilliseconds(200)))
                {
                    if (match(line)) return line;
                }
                else if (_lines.IsCompleted)
                {
                    throw new InvalidOperationException("The store worker ended without printing the expected line." + Describe());
                }
            }
            throw new TimeoutException("The store worker did not print the expected line." + Describe());
        }

        /// <summary>Writes a line to the worker's standard input.</summary>
        public void SendLine(string line)
        {
            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Flush();
        }

        /// <summary>After <see cref="WaitForExit"/>: every line the worker printed that no WaitForLine took.</summary>
        public IReadOnlyList<string> RemainingLines()
        {
            // The worker has exited: its output ends soon, if it has not already.
            var lines = new List<string>();
            using var guard = new System.Threading.CancellationTokenSource(HangGuard);
            foreach (var line in _lines.GetConsumingEnumerable(guard.Token)) lines.Add(line);
            return lines;
        }

        /// <summary>What the worker wrote to standard error so far.</summary>
        public string ErrorOutput
        {
            get
            {
                lock (_errors) return _errors.ToString();
            }
        }

        /// <summary>
        /// Waits for the worker to finish and returns its exit code; a worker still running after
        /// <paramref name="hangGuard"/> (default three minutes) is killed and the test fails.
        /// </summary>
        public int WaitForExit(TimeSpan? hangGuard = null)
        {
            if (!_process.WaitForExitOrKill(hangGuard ?? HangGuard)) throw new TimeoutException("The store worker did not finish." + Describe());
            return _process.ExitCode;
        }

        /// <summary>Kills the worker as a crash would (no cleanup code runs) and waits until it is gone.</summary>
        public void Kill() => _process.Kill();

        public string Describe()
        {
            lock (_errors) return _errors.Length == 0 ? string.Empty : " Its error output: " + _errors;
        }

        public void Dispose()
        {
            _process.Dispose();
            _lines.Dispose();
        }
    }
}
