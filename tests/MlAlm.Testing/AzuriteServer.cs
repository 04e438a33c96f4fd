using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace MlAlm.Testing
{
    /// <summary>
    /// A real Azurite Blob service on loopback for the Azure Blob store tests.
    /// <see cref="Shared"/> is one server for the whole test process: the one .ci/run started when
    /// MLALM_TEST_AZURITE_BLOB names it, else one started here on first use. Tests that stop and
    /// restart the server take their own from <see cref="StartPrivate"/>. Every server started here
    /// is stopped when the test process exits (and by the operating system if it dies), and its
    /// data folder removed.
    /// </summary>
    public sealed class AzuriteServer : IDisposable
    {
        /// <summary>Names an already running Azurite blob endpoint, e.g. http://127.0.0.1:10000/devstoreaccount1.</summary>
        public const string EndpointVariable = "MLALM_TEST_AZURITE_BLOB";

        /// <summary>Azurite's built-in account.</summary>
        public const string DevelopmentAccountName = "devstoreaccount1";

        /// <summary>The well-known key of <see cref="DevelopmentAccountName"/> (public, documented by Microsoft).</summary>
        public const string DevelopmentAccountKey =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

        // A free port can be taken by someone else before Azurite binds it; then try another.
        private const int PortAttempts = 3;

        private static readonly Lazy<AzuriteServer> SharedServer =
            new Lazy<AzuriteServer>(CreateShared, LazyThreadSafetyMode.ExecutionAndPublication);

        // The servers this process started and has not disposed: stopped at process exit.
        private static readonly List<AzuriteServer> Started = new List<AzuriteServer>();

        private readonly object _gate = new object();
        private readonly bool _ownedByCaller; // false for Shared: nobody may stop it
        private readonly DataFolder? _data; // null for an external server
        private AzuriteProcess? _process;
        private bool _disposed;

        static AzuriteServer()
        {
            // Quick, because vstest kills the test host soon after the run: Azurite is killed rather
            // than stopped (nothing reads its data again). Should this still not get to finish, Azurite
            // stops anyway (its stdin closes) and the next test process removes its data (DataFolder).
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAllStarted();
        }

        private AzuriteServer(Uri blobEndpoint, string accountName, DataFolder? data, bool ownedByCaller)
        {
            BlobEndpoint = blobEndpoint;
            AccountName = accountName;
            _data = data;
            _ownedByCaller = ownedByCaller;
        }

        /// <summary>
        /// One server for the whole test process. Do not stop or dispose it. If it cannot be had, every
        /// test that asks gets the same exception, rather than each waiting for a start of its own.
        /// </summary>
        public static AzuriteServer Shared => SharedServer.Value;

        /// <summary>The blob service endpoint, e.g. http://127.0.0.1:PORT/devstoreaccount1 (no trailing slash).</summary>
        public Uri BlobEndpoint { get; }

        public string AccountName { get; }

        public string AccountKey => DevelopmentAccountKey;

        /// <summary>A shared-key connection string for <see cref="AccountName"/> on <see cref="BlobEndpoint"/>.</summary>
        public string ConnectionString =>
            $"DefaultEndpointsProtocol={BlobEndpoint.Scheme};AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint.AbsoluteUri};";

        /// <summary>True for the server .ci/run started (<see cref="EndpointVariable"/>), which this process does not control.</summary>
        public bool IsExternal => _data is null;

        public bool IsRunning
        {
            get
            {
                lock (_gate) return IsExternal || _process != null;
            }
        }

        /// <summary>A dedicated server on a free loopback port with its own data folder, running when returned.</summary>
        public static AzuriteServer StartPrivate() => StartOwned(ownedByCaller: true);

        public Uri ContainerUri(string containerName) => new Uri(BlobEndpoint.AbsoluteUri + "/" + containerName);

        /// <summary>
        /// A container name no other test uses: lowercase letters, digits and single hyphens,
        /// starting with a letter or digit, 3 to 63 characters. The hint makes it readable in Azurite.
        /// </summary>
        public static string NewContainerName(string hint)
        {
            var prefix = new StringBuilder();
            foreach (var c in (hint ?? string.Empty).ToLowerInvariant())
            {
                if (prefix.Length == 40) break;
                if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) prefix.Append(c);
                else if (prefix.Length > 0 && prefix[prefix.Length - 1] != '-') prefix.Append('-');
            }
            var unique = Guid.NewGuid().ToString("N").Substring(0, 16);
            var readable = prefix.ToString().Trim('-');
            return readable.Length == 0 ? "c" + unique : readable + "-" + unique;
        }

        /// <summary>Starts the server again on the same port with the same data folder (what was stored before is still there).</summary>
        public void Start()
        {
            lock (_gate)
            {
                EnsureControllable(nameof(Start));
                if (_process != null) throw new InvalidOperationException("This Azurite server is already running.");
                _process = AzuriteProcess.Start(AzuriteInstallation.Get(), BlobEndpoint.Port, _data!.Path, BlobEndpoint);
            }
        }

        /// <summary>
        /// Stops the server and waits until it is gone; its port then refuses connections. Azurite gets
        /// to save its data first (a hard kill after 15 seconds if it does not end), so a
        /// <see cref="Start"/> finds everything that was stored.
        /// </summary>
        public void Stop()
        {
            lock (_gate)
            {
                EnsureControllable(nameof(Stop));
                StopProcess(kill: false);
            }
        }

        /// <summary>Stops a private server and removes its data. Does nothing for <see cref="Shared"/>.</summary>
        public void Dispose()
        {
            if (_ownedByCaller) DisposeCore(atExit: false);
        }

        public override string ToString() => BlobEndpoint.AbsoluteUri;

        private static AzuriteServer CreateShared()
        {
            var external = Environment.GetEnvironmentVariable(EndpointVariable);
            return string.IsNullOrWhiteSpace(external) ? StartOwned(ownedByCaller: false) : External(external.Trim());
        }

        private static AzuriteServer External(string value)
        {
            if (!Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var endpoint) || (endpoint.Scheme != "http" && endpoint.Scheme != "https"))
            {
                throw new InvalidOperationException($"{EndpointVariable} must be a blob endpoint such as http://127.0.0.1:10000/devstoreaccount1, not '{value}'.");
            }
            var account = endpoint.AbsolutePath.Trim('/');
            if (account.Length == 0)
            {
                account = DevelopmentAccountName;
                endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + account);
            }
            // Fail here, once and clearly, rather than in every test with a connection error.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (!EndpointProbe.Answers(endpoint))
            {
                if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"{EndpointVariable} names {endpoint}, but nothing answers there.");
                Thread.Sleep(200);
            }
            return new AzuriteServer(endpoint, account, data: null, ownedByCaller: false);
        }

        private static AzuriteServer StartOwned(bool ownedByCaller)
        {
            for (var attempt = 1; ; attempt++)
            {
                var data = DataFolder.Create();
                var endpoint = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}/{DevelopmentAccountName}");
                var server = new AzuriteServer(endpoint, DevelopmentAccountName, data, ownedByCaller);
                lock (Started) Started.Add(server);
                try
                {
                    lock (server._gate) server._process = AzuriteProcess.Start(AzuriteInstallation.Get(), endpoint.Port, data.Path, endpoint);
                    return server;
                }
                catch (InvalidOperationException e) when (attempt < PortAttempts && e.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
                {
                    server.DisposeCore(atExit: false);
                }
                catch
                {
                    server.DisposeCore(atExit: false);
                    throw;
                }
            }
        }

        // Bind port 0 and release it: the system picks a port nobody is listening on.
        private static int FreeLoopbackPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            finally
            {
                listener.Stop();
            }
        }

        private static void DisposeAllStarted()
        {
            AzuriteServer[] servers;
            lock (Started) servers = Started.ToArray();
            foreach (var server in servers) server.DisposeCore(atExit: true);
        }

        private void EnsureControllable(string operation)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(AzuriteServer));
            if (!_ownedByCaller)
            {
                throw new InvalidOperationException(
                    $"{operation}: the shared Azurite server is used by every test in this process. Take a server of your own from AzuriteServer.StartPrivate().");
            }
        }

        private void StopProcess(bool kill)
        {
            if (kill) _process?.Kill();
            else _process?.Stop();
            _process = null;
        }

        private void DisposeCore(bool atExit)
        {
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
                StopProcess(kill: atExit);
                _data?.Dispose();
            }
            lock (Started) Started.Remove(this);
        }
    }
}
