using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using MlAlm.Core.Errors;
using MlAlm.Core.Naming;
using MlAlm.Core.Storage.Blob;

namespace MlAlm.Core.WebServices
{
    /// <summary>
    /// Starts, finds and stops local scoring hosts (the MlAlm.Host program shipped in the module's
    /// host/ folder). A started host outlives the PowerShell session that started it; it records
    /// itself in the workspace (hosts/id), which is how it is found and stopped again.
    /// </summary>
    public static class HostLauncher
    {
        public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
        // A host sees its record go within a poll interval (1 s by default) and then finishes what is in flight.
        public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

        public static MlWebServiceHost Start(MlWorkspace workspace, string hostAssembly, int port, string? environment, CancellationToken ct = default)
        {
            if (port < 1 || port > 65535) throw MlAlmException.InvalidArgument("InvalidPort", $"{port} is not a TCP port (1 to 65535).", port);
            if (environment != null) NameRules.Validate(environment, "environment");
            if (!File.Exists(hostAssembly))
                throw MlAlmException.NotFound("HostNotInstalled", $"The scoring host '{hostAssembly}' is missing; rebuild the module (dotnet build).", hostAssembly);
            EnsurePortFree(port);

            var info = new ProcessStartInfo(DotnetHost())
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                WorkingDirectory = Path.GetDirectoryName(hostAssembly) ?? ".",
            };
            // A detached host must not write into the session that started it: its log goes to a file.
            var logFile = LogFileFor(port);
            foreach (var argument in new[] { hostAssembly, "--workspace", workspace.Location, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log-file", logFile })
                info.ArgumentList(argument);
            if (environment != null)
            {
                info.ArgumentList("--environment");
                info.ArgumentList(environment);
            }
            // A Blob workspace's key or SAS travels in the host's environment, never on its command
            // line (which any user of the machine can read). A token credential is not passed on:
            // the host signs in with DefaultAzureCredential itself.
            if (workspace.Store is BlobWorkspaceStore blob && blob.Address.ConnectionStringForChildProcess is { } connection)
                info.Environment[BlobContainerAddress.ConnectionStringVariable] = connection;
            var process = Process.Start(info) ?? throw new MlAlmException("HostStartFailed", ErrorKind.Unavailable, "The scoring host process could not be started.");

            var deadline = DateTime.UtcNow + StartTimeout;
            while (DateTime.UtcNow < deadline)
            {
                ct.ThrowIfCancellationRequested();
                var registered = HostRegistry.List(workspace, ct).FirstOrDefault(h => h.ProcessId == process.Id && string.Equals(h.Machine, System.Environment.MachineName, StringComparison.OrdinalIgnoreCase));
                if (registered != null) return Present(workspace, registered);
                if (process.HasExited)
                    throw new MlAlmException("HostStartFailed", ErrorKind.Unavailable,
                        $"The scoring host exited with code {process.ExitCode} before it was ready (port {port}{(environment == null ? "" : ", environment " + environment)}): {LastLine(logFile)} (log: {logFile}).", port);
                Thread.Sleep(200);
            }
            try { process.Kill(); } catch (InvalidOperationException) { }
            throw new MlAlmException("HostStartTimeout", ErrorKind.Unavailable, $"The scoring host did not become ready within {StartTimeout.TotalSeconds:N0} s and was stopped.", port);
        }

        public static IReadOnlyList<MlWebServiceHost> List(MlWorkspace workspace, CancellationToken ct = default) =>
            HostRegistry.List(workspace, ct).Select(h => Present(workspace, h)).ToList();

        /// <summary>
        /// Stops a host: its record is removed (a host notices and shuts down gracefully, finishing
        /// requests in flight), then, on this machine, the process is awaited and killed if it lingers.
        /// </summary>
        public static void Stop(MlWorkspace workspace, MlWebServiceHost host, CancellationToken ct = default)
        {
            HostRegistry.Unregister(workspace.Store, host.Id);
            if (!string.Equals(host.Machine, System.Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return;
            Process process;
            try
            {
                process = Process.GetProcessById(host.ProcessId);
            }
            catch (ArgumentException)
            {
                return; // already gone
            }
            using (process)
            {
                if (!process.WaitForExit((int)StopTimeout.TotalMilliseconds))
                {
                    try { process.Kill(); } catch (InvalidOperationException) { }
                    process.WaitForExit(5000);
                }
            }
        }

        /// <summary>Where a host started on a port writes its log (the temporary folder; one file per port).</summary>
        public static string LogFileFor(int port) =>
            Path.Combine(Path.GetTempPath(), "mlalm-host-" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".log");

        private static string LastLine(string logFile)
        {
            try
            {
                using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd().Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "it wrote nothing";
            }
            catch (IOException)
            {
                return "it wrote no log";
            }
        }

        private static void EnsurePortFree(int port)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
            }
            catch (SocketException)
            {
                throw MlAlmException.AlreadyExists("PortInUse", $"Port {port} on 127.0.0.1 is already in use; choose another -Port, or stop what uses it (Get-MlWebServiceHost lists MlAlm hosts).", port);
            }
            finally
            {
                listener.Stop();
            }
        }

        private static MlWebServiceHost Present(MlWorkspace workspace, HostDocument h) =>
            new MlWebServiceHost(workspace, h.Id, h.Url, h.ProcessId, h.Machine, h.Environment, h.StartedUtc);

        private static string DotnetHost()
        {
            var fromRuntime = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(fromRuntime) && File.Exists(fromRuntime)) return fromRuntime!;
            var root = System.Environment.GetEnvironmentVariable("DOTNET_ROOT");
            if (!string.IsNullOrEmpty(root))
            {
                var candidate = Path.Combine(root!, System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows) ? "dotnet.exe" : "dotnet");
                if (File.Exists(candidate)) return candidate;
            }
            return "dotnet";
        }

        private static void ArgumentList(this ProcessStartInfo info, string argument) =>
            info.Arguments = string.IsNullOrEmpty(info.Arguments) ? Quote(argument) : info.Arguments + " " + Quote(argument);

        private static string Quote(string argument) =>
            argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '"', '\t' }) < 0 ? argument : "\"" + argument.Replace("\"", "\\\"") + "\"";
    }
}
