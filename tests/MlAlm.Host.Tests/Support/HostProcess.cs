using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MlAlm.Testing;

namespace MlAlm.Host.Tests.Support
{
    /// <summary>
    /// MlAlm.Host as a separate process (`dotnet MlAlm.Host.dll --workspace ... --port 0`), as it runs
    /// beside other replicas in production. The test project's build puts MlAlm.Host.dll with its
    /// runtimeconfig beside the tests. Extra environment variables (a Blob workspace's connection
    /// string) go to the child only, never on its command line.
    /// </summary>
    public sealed class HostProcess : IDisposable
    {
        // Guards against hangs, not performance expectations: generous for a loaded 2-core machine.
        private static readonly TimeSpan StartGuard = TimeSpan.FromMinutes(2);

        private readonly DotnetChildProcess _process;
        private readonly List<string> _output = new List<string>();
        private readonly TaskCompletionSource<Uri> _listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);

        private HostProcess(DotnetChildProcess process) => _process = process;

        public Uri Address { get; private set; } = null!;

        public int ProcessId => _process.Id;

        /// <summary>Starts a host on a free loopback port and waits until it listens.</summary>
        public static async Task<HostProcess> Start(string workspace, IReadOnlyDictionary<string, string> environment, params string[] options)
        {
            var host = Path.Combine(AppContext.BaseDirectory, "MlAlm.Host.dll");
            if (!File.Exists(host)) throw new FileNotFoundException("MlAlm.Host was not built beside the tests.", host);
            var arguments = new[] { "--workspace", workspace, "--port", "0" }.Concat(options);
            var result = new HostProcess(new DotnetChildProcess(host, arguments, AppContext.BaseDirectory, environment));
            result._process.Start(line => result.OnLine(line, error: false), line => result.OnLine(line, error: true));
            try
            {
                result.Address = await result._listening.Task.WaitAsync(StartGuard);
            }
            catch (TimeoutException)
            {
                result.Dispose();
                throw new TimeoutException($"The host did not listen within {StartGuard.TotalSeconds:N0} s." + result.Describe());
            }
            catch
            {
                result.Dispose();
                throw;
            }
            return result;
        }

        private void OnLine(string? line, bool error)
        {
            if (line == null)
            {
                if (!error) _listening.TrySetException(new InvalidOperationException("The host ended before it listened." + Describe()));
                return;
            }
            lock (_output) _output.Add((error ? "stderr: " : string.Empty) + line);
            const string listening = "MlAlm.Host listening on ";
            if (!error && line.StartsWith(listening, StringComparison.Ordinal)) _listening.TrySetResult(new Uri(line.Substring(listening.Length).Trim()));
        }

        /// <summary>Waits for the process to end (after a graceful stop) and returns its exit code; kills it after <paramref name="timeout"/>.</summary>
        public int WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExitOrKill(timeout)) throw new TimeoutException($"The host did not stop within {timeout.TotalSeconds:N0} s and was killed." + Describe());
            return _process.ExitCode;
        }

        /// <summary>The warnings and errors it logged (the console logger's "warn:" and "fail:" lines, and standard error).</summary>
        public IReadOnlyList<string> Warnings()
        {
            lock (_output) return _output.Where(l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("stderr:", StringComparison.Ordinal)).ToList();
        }

        public string Describe()
        {
            lock (_output) return _output.Count == 0 ? " It printed nothing." : " Its output:\n" + string.Join("\n", _output.TakeLast(40));
        }

        public void Dispose() => _process.Dispose();
    }
}
