using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace MlAlm.Testing
{
    /// <summary>
    /// A .NET assembly run as a separate process by the dotnet that runs the tests
    /// (`dotnet Some.dll ...`). Its output is handed to the owner line by line as it comes, so that
    /// its pipes never fill up; what the lines mean (a worker's replies, a host's log) is the
    /// owner's business. This class only holds the process plumbing.
    /// </summary>
    public sealed class DotnetChildProcess : IDisposable
    {
        private readonly Process _process;

        /// <summary>Prepares the process; <see cref="Start"/> runs it.</summary>
        public DotnetChildProcess(string assembly, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
        {
            var info = new ProcessStartInfo(DotnetHost())
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            if (workingDirectory != null) info.WorkingDirectory = workingDirectory;
            info.ArgumentList.Add(assembly);
            foreach (var argument in arguments) info.ArgumentList.Add(argument);
            // Environment variables rather than arguments for secrets: they go to the child only.
            if (environment != null) foreach (var variable in environment) info.Environment[variable.Key] = variable.Value;
            _process = new Process { StartInfo = info };
        }

        public int Id => _process.Id;

        public int ExitCode => _process.ExitCode;

        public StreamWriter StandardInput => _process.StandardInput;

        /// <summary>
        /// Starts the process. Each callback receives every line of its stream, on a thread-pool
        /// thread, and then null when the stream ends.
        /// </summary>
        public void Start(Action<string?> onOutputLine, Action<string?> onErrorLine)
        {
            _process.OutputDataReceived += (_, e) => onOutputLine(e.Data);
            _process.ErrorDataReceived += (_, e) => onErrorLine(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        /// <summary>
        /// Waits until the process exits and its output has been read to the end: true. A process
        /// still running after <paramref name="timeout"/> is killed instead: false.
        /// </summary>
        public bool WaitForExitOrKill(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout))
            {
                Kill();
                return false;
            }
            _process.WaitForExit(); // lets the output readers drain
            return true;
        }

        /// <summary>Kills the process as a crash would (no cleanup code runs) and waits until it is gone.</summary>
        public void Kill()
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
