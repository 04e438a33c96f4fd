using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

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

        private readonly Process _process;
        private readonly List<string> _output = new List<string>();
        private readonly TaskCompletionSource<Uri> _listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);

        private HostProcess(Process process) => _process = process;

        public Uri Address { get; private set; } = null!;

        public int ProcessId => _process.Id;

        /// <summary>Starts a host on a free loopback port and waits until it listens.</summary>
        public static async Task<HostProcess> Start(string workspace, IReadOnlyDictionary<string, string> environment, params string[] options)
        {
            var host = Path.Combine(AppContext.BaseDirectory, "MlAlm.Host.dll");
            if (!File.Exists(host)) throw new FileNotFoundException("MlAlm.Host was not built beside the tests.", host);
            var info = new ProcessStartInfo(DotnetHost())
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            foreach (var argument in new[] { host, "--workspace", workspace, "--port", "0" }.Concat(options)) info.ArgumentList.Add(argument);
            foreach (var variable in environment) info.Environment[variable.Key] = variable.Value;

            var result = new HostProcess(new Process { StartInfo = info });
            result._process.OutputDataReceived += (_, e) => result.OnLine(e.Data, error: false);
            result._process.ErrorDataReceived += (_, e) => result.OnLine(e.Data, error: true);
            result._process.Start();
            result._process.BeginOutputReadLine();
            result._process.BeginErrorReadLine();
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
            if (!_process.WaitForExit(timeout))
            {
                Kill();
                throw new TimeoutException($"The host did not stop within {timeout.TotalSeconds:N0} s and was killed." + Describe());
            }
            _process.WaitForExit(); // lets the output readers drain
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

        private void Kill()
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already exited
            }
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited) Kill();
            _process.Dispose();
        }

        // The dotnet that runs these tests; the SDK says which in DOTNET_HOST_PATH.
        private static string DotnetHost()
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
            var self = Environment.ProcessPath;
            if (self != null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
            return "dotnet";
        }
    }
}
