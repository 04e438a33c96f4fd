using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace MlAlm.Testing
{
    /// <summary>
    /// One running azurite-blob: `node --require stop-when-stdin-closes.js azurite-blob ...` with
    /// a pipe on its stdin. Closing that pipe is how it is stopped, and the operating system closes
    /// it too when the test process ends in any way, so no Azurite outlives the tests.
    /// </summary>
    internal sealed class AzuriteProcess
    {
        // Guards against hangs, not performance expectations: generous for a loaded 2-core box.
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
        private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(15);

        private readonly Process _process;
        private readonly OutputLog _output;

        private AzuriteProcess(Process process, OutputLog output)
        {
            _process = process;
            _output = output;
        }

        /// <summary>What Azurite printed so far (stdout and stderr).</summary>
        public string Output => _output.ToString();

        /// <summary>Starts Azurite and returns once <paramref name="endpoint"/> answers HTTP.</summary>
        public static AzuriteProcess Start(AzuriteInstallation installation, int port, string location, Uri endpoint)
        {
            var info = new ProcessStartInfo(installation.Node)
            {
                WorkingDirectory = location,
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.ArgumentList.Add("--require");
            info.ArgumentList.Add(installation.StopWhenStdinCloses);
            info.ArgumentList.Add(installation.BlobMain);
            foreach (var argument in new[]
            {
                "--blobHost", "127.0.0.1",
                "--blobPort", port.ToString(CultureInfo.InvariantCulture),
                "--location", location, // on disk, so that data survives Stop() and Start()
                "--silent",
                "--skipApiVersionCheck", // Azure.Core may speak a newer x-ms-version than Azurite knows
                "--loose",
                "--disableTelemetry", // on by default since 3.3x: no calls home from test runs
            })
            {
                info.ArgumentList.Add(argument);
            }
            // Custom accounts would replace devstoreaccount1 and its well-known key.
            info.Environment.Remove("AZURITE_ACCOUNTS");

            var output = new OutputLog();
            var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) => output.Add(e.Data);
            process.ErrorDataReceived += (_, e) => output.Add(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var result = new AzuriteProcess(process, output);
            try
            {
                result.WaitUntilAnswering(port, endpoint);
            }
            catch
            {
                result.Stop();
                throw;
            }
            return result;
        }

        /// <summary>
        /// Stops Azurite the way SIGTERM would, so that it saves its database (it writes it to disk
        /// only every 5 seconds otherwise), kills it if it does not end in time, and waits until it is
        /// gone. Idempotent.
        /// </summary>
        public void Stop() => End(GracefulStopTimeout);

        /// <summary>Kills Azurite at once and waits until it is gone: for when nothing will read its data again.</summary>
        public void Kill() => End(TimeSpan.Zero);

        private void End(TimeSpan grace)
        {
            if (!_process.HasExited)
            {
                if (grace > TimeSpan.Zero)
                {
                    try
                    {
                        _process.StandardInput.Close();
                    }
                    catch (IOException)
                    {
                        // the pipe is already broken: it is exiting
                    }
                }
                if (grace == TimeSpan.Zero || !_process.WaitForExit(grace))
                {
                    try
                    {
                        _process.Kill(entireProcessTree: true);
                    }
                    catch (InvalidOperationException)
                    {
                        // exited meanwhile
                    }
                }
            }
            _process.WaitForExit(); // also lets the output readers drain
            _process.Dispose();
        }

        // Ready means: this Azurite says it listens (so that a stranger who took the port first is not
        // mistaken for it), the port takes TCP connections, and an HTTP GET gets an answer (any status).
        private void WaitUntilAnswering(int port, Uri endpoint)
        {
            var deadline = DateTime.UtcNow + StartTimeout;
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException(
                        $"Azurite exited with code {_process.ExitCode} before it answered on port {port}. Its output:\n{Output}");
                }
                if (_output.Contains("successfully listens") && EndpointProbe.Answers(endpoint)) return;
                Thread.Sleep(100);
            }
            throw new TimeoutException($"Azurite did not answer at {endpoint} within {StartTimeout.TotalSeconds} seconds. Its output:\n{Output}");
        }
    }
}
