using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlAlm.Core.Json;
using MlAlm.Core.Storage;
using MlAlm.Core.WebServices;
using MlAlm.Learning.Scoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MlAlm.Host.Endpoints
{
    /// <summary>The endpoints a host serves at one moment. Immutable; replaced as a whole on reload.</summary>
    internal sealed class EndpointSnapshot
    {
        public static readonly EndpointSnapshot Empty = new EndpointSnapshot(Array.Empty<CompiledEndpoint>(), DateTime.MinValue);

        private readonly Dictionary<string, Dictionary<string, CompiledEndpoint>> _byService;

        public EndpointSnapshot(IReadOnlyList<CompiledEndpoint> endpoints, DateTime loadedUtc)
        {
            All = endpoints;
            LoadedUtc = loadedUtc;
            _byService = new Dictionary<string, Dictionary<string, CompiledEndpoint>>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in endpoints)
            {
                if (!_byService.TryGetValue(e.Service, out var inner))
                    _byService[e.Service] = inner = new Dictionary<string, CompiledEndpoint>(StringComparer.OrdinalIgnoreCase);
                inner[e.Name] = e;
            }
        }

        public IReadOnlyList<CompiledEndpoint> All { get; }
        public DateTime LoadedUtc { get; }

        public CompiledEndpoint? Find(string? service, string? endpoint) =>
            service != null && endpoint != null && _byService.TryGetValue(service, out var inner) && inner.TryGetValue(endpoint, out var found) ? found : null;
    }

    /// <summary>
    /// Keeps the served endpoints in step with the workspace. Every poll interval it lists the
    /// services/ documents with their ETags; only an endpoint whose document (or whose service's
    /// document) has a new ETag is read again, and its pipeline is compiled only when the pinned
    /// content or output columns changed (a key reset or a new limit reuses the compiled pipeline). The new set of endpoints is published
    /// as one immutable snapshot with a single reference write, so a request in flight finishes on the
    /// version it started with and a reload never fails a request. An endpoint version that cannot be
    /// loaded is reported once and the previous version, if any, goes on serving.
    /// </summary>
    internal sealed class EndpointRegistry : BackgroundService
    {
        private readonly IWorkspaceStore _store;
        private readonly HostOptions _options;
        private readonly ILogger<EndpointRegistry> _log;
        private readonly object _refreshLock = new object();
        private readonly Dictionary<string, (ETag ETag, ETag ServiceETag, DateTime RetryUtc)> _failed = new Dictionary<string, (ETag, ETag, DateTime)>(StringComparer.Ordinal);
        // Endpoints labelled for another environment than this host's, by the ETag they had then.
        private readonly Dictionary<string, ETag> _otherEnvironment = new Dictionary<string, ETag>(StringComparer.Ordinal);
        private readonly Dictionary<string, (ETag ETag, WebServiceDocument Document)> _services = new Dictionary<string, (ETag, WebServiceDocument)>(StringComparer.Ordinal);
        private EndpointSnapshot _snapshot = EndpointSnapshot.Empty;
        private long _reloads;

        public EndpointRegistry(MlWorkspace workspace, HostOptions options, ILogger<EndpointRegistry> log)
        {
            _store = workspace.Store;
            _options = options;
            _log = log;
        }

        public EndpointSnapshot Current => Volatile.Read(ref _snapshot);

        /// <summary>How many times a new snapshot was published.</summary>
        public long Reloads => Interlocked.Read(ref _reloads);

        public DateTime LastPollUtc { get; private set; }
        public string? LastPollError { get; private set; }

        public override Task StartAsync(CancellationToken cancellationToken)
        {
            Refresh(cancellationToken); // serve the workspace's endpoints from the first request on
            return base.StartAsync(cancellationToken);
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(_options.PollIntervalMs));
            try
            {
                while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                    Refresh(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }

        /// <summary>Reads the workspace's endpoints and publishes a new snapshot if anything changed.</summary>
        public void Refresh(CancellationToken ct)
        {
            lock (_refreshLock)
            {
                try
                {
                    RefreshCore(ct);
                    LastPollError = null;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                }
                catch (Exception e)
                {
                    // The store could not be listed (a network share away, a permission...): keep serving what we have.
                    if (LastPollError != e.Message) _log.LogWarning("Could not read the workspace's web services; serving the endpoints already loaded: {Message}", e.Message);
                    LastPollError = e.Message;
                }
                LastPollUtc = DateTime.UtcNow;
            }
        }

        private void RefreshCore(CancellationToken ct)
        {
            var old = Current;
            var oldByKey = old.All.ToDictionary(e => e.StoreKey, StringComparer.Ordinal);
            var compiled = new Dictionary<string, ScoringPipeline>(StringComparer.Ordinal);
            foreach (var e in old.All) compiled[e.PipelineIdentity] = e.Pipeline;

            // One listing, with ETags, says what changed: a document whose listed ETag is the one
            // already loaded is not read again, so an idle poll costs one listing (a request or
            // two on Blob, whatever the number of services, endpoints and replicas).
            var listed = _store.ListDocumentETags("services/", ct);
            var serviceETags = new Dictionary<string, ETag>(StringComparer.Ordinal);
            var endpointKeys = new List<(ListedDocument Listed, string ServiceSegment)>();
            foreach (var document in listed)
            {
                var parts = document.Key.Split('/');
                if (parts.Length == 3 && parts[2] == "service") serviceETags[parts[1]] = document.ETag;
                else if (parts.Length == 4 && parts[2] == "endpoints") endpointKeys.Add((document, parts[1]));
            }
            foreach (var gone in _services.Keys.Where(k => !serviceETags.ContainsKey(k)).ToList()) _services.Remove(gone);
            foreach (var gone in _otherEnvironment.Keys.Where(k => !endpointKeys.Any(e => e.Listed.Key == k)).ToList()) _otherEnvironment.Remove(gone);

            var next = new List<CompiledEndpoint>();
            var servicesThisPass = new Dictionary<string, (ETag ETag, WebServiceDocument Document)?>(StringComparer.Ordinal);
            bool changed = false;
            foreach (var (endpoint, segment) in endpointKeys)
            {
                ct.ThrowIfCancellationRequested();
                var key = endpoint.Key;
                // A service being created or removed: not yet (or no longer) served.
                if (!serviceETags.TryGetValue(segment, out var listedServiceETag)) continue;
                if (!servicesThisPass.TryGetValue(segment, out var service)) servicesThisPass[segment] = service = ServiceDocument(segment, listedServiceETag, ct);
                if (service == null) continue;
                oldByKey.TryGetValue(key, out var previous);
                if (previous != null && previous.ETag == endpoint.ETag && previous.ServiceETag == service.Value.ETag)
                {
                    next.Add(previous);
                    continue;
                }
                if (_failed.TryGetValue(key, out var failure) && failure.ETag == endpoint.ETag && failure.ServiceETag == service.Value.ETag && DateTime.UtcNow < failure.RetryUtc)
                {
                    if (previous != null) next.Add(previous);
                    continue;
                }
                if (_otherEnvironment.TryGetValue(key, out var elsewhere) && elsewhere == endpoint.ETag) continue;
                var stored = _store.GetDocument(key, ct);
                if (stored == null) continue; // removed since the listing
                try
                {
                    var document = DocumentJson.Deserialize<EndpointDocument>(stored.Content, stored.Key);
                    if (_options.Environment != null && !string.Equals(document.Environment, _options.Environment, StringComparison.OrdinalIgnoreCase))
                    {
                        _otherEnvironment[key] = stored.ETag;
                        changed |= previous != null; // relabelled away from this host's environment
                        continue;
                    }
                    _otherEnvironment.Remove(key);
                    string identity = string.Join(";", document.Pipeline.Select(s => s.ContentSha256)) + "|" + string.Join(";", document.OutputColumns);
                    if (!compiled.TryGetValue(identity, out var pipeline))
                    {
                        pipeline = PipelineSteps.Load(_store, document.Pipeline, document.OutputColumns, ct);
                        compiled[identity] = pipeline;
                        _log.LogInformation("Compiled the pipeline of endpoint {Service}/{Endpoint} revision {Revision}.", service.Value.Document.Name, document.Name, document.Revision);
                    }
                    var limit = previous != null && previous.Limit.Max == Math.Max(1, document.MaxConcurrentCalls)
                        ? previous.Limit
                        : new ConcurrencyLimit(document.MaxConcurrentCalls);
                    next.Add(new CompiledEndpoint(key, stored.ETag, service.Value.ETag, service.Value.Document, document, pipeline, identity, limit));
                    _failed.Remove(key);
                    changed = true;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e)
                {
                    _failed[key] = (stored.ETag, service.Value.ETag, DateTime.UtcNow.AddSeconds(30));
                    _log.LogWarning("Endpoint document {Key} could not be loaded ({Message}); {Action}.", key, e.Message,
                        previous != null ? $"revision {previous.Revision} goes on serving" : "it is not served");
                    if (previous != null) next.Add(previous);
                }
            }
            if (next.Count != old.All.Count) changed = true;
            if (!changed) return;
            Volatile.Write(ref _snapshot, new EndpointSnapshot(next, DateTime.UtcNow));
            Interlocked.Increment(ref _reloads);
        }

        private (ETag ETag, WebServiceDocument Document)? ServiceDocument(string segment, ETag listedETag, CancellationToken ct)
        {
            if (_services.TryGetValue(segment, out var known) && known.ETag == listedETag) return known;
            var stored = _store.GetDocument(StoreKey.Of("services", segment, "service"), ct);
            if (stored == null)
            {
                _services.Remove(segment);
                return null;
            }
            if (_services.TryGetValue(segment, out var cached) && cached.ETag == stored.ETag) return cached;
            try
            {
                var document = DocumentJson.Deserialize<WebServiceDocument>(stored.Content, stored.Key);
                _services[segment] = (stored.ETag, document);
                return _services[segment];
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                _log.LogWarning("Service document {Key} could not be read: {Message}", stored.Key, e.Message);
                return null;
            }
        }
    }
}
