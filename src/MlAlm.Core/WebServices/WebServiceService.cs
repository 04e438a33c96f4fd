using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MlAlm.Core.Assets;
using MlAlm.Core.Errors;
using MlAlm.Core.Experiments;
using MlAlm.Core.Json;
using MlAlm.Core.Models;
using MlAlm.Core.Naming;
using MlAlm.Core.Storage;
using MlAlm.Learning.Scoring;

namespace MlAlm.Core.WebServices
{
    /// <summary>Which endpoint key.</summary>
    public enum EndpointKeyType
    {
        Primary,
        Secondary,
    }

    /// <summary>
    /// Web services and their endpoints. A service is made from a trained model (with transforms),
    /// a predictive experiment, a run, or a definition file; it always has an endpoint 'default'.
    /// Each endpoint pins exact asset versions and their content, so what it serves changes only
    /// when someone changes it (patch, sync from default).
    /// </summary>
    public sealed class WebServiceService
    {
        public const string DefaultEndpoint = "default";
        public const int DefaultMaxConcurrentCalls = 4;
        private const int MaxEditAttempts = 20;

        private readonly MlWorkspace _workspace;

        public WebServiceService(MlWorkspace workspace) => _workspace = workspace;

        internal static string ServiceKey(string service) => StoreKey.Of("services", NameRules.ToKeySegment(service), "service");
        internal static string EndpointKey(string service, string endpoint) => StoreKey.Of("services", NameRules.ToKeySegment(service), "endpoints", NameRules.ToKeySegment(endpoint));
        internal static string EndpointsPrefix(string service) => StoreKey.PrefixOf("services", NameRules.ToKeySegment(service), "endpoints");

        public MlWebService CreateFromModel(string name, AssetSpec model, IReadOnlyList<AssetSpec> transforms, string? description, string? environment, CancellationToken ct = default)
        {
            var assets = new WorkspaceAssets(_workspace);
            var modelReference = assets.Resolve(AssetType.TrainedModel, model, ct);
            var transformReferences = transforms.Select(t => assets.Resolve(AssetType.Transform, t, ct)).ToList();
            return Create(name, description, environment, transformReferences, modelReference, null, "TrainedModel " + modelReference, null, null, ct);
        }

        public MlWebService CreateFromExperiment(string name, string experiment, string? description, string? environment, CancellationToken ct = default)
        {
            var predictive = new ExperimentService(_workspace).Get(experiment, ct);
            var (transforms, model, outputs) = PredictiveGraph.Compile(predictive.Name, predictive.Graph);
            return Create(name, description ?? predictive.Description, environment, transforms, model, outputs, "Experiment " + predictive.Name, predictive.Name, null, ct);
        }

        /// <summary>
        /// Makes a service from a run: the trained model of a TrainModel node (the only one, or
        /// <paramref name="nodeId"/>) and the transforms learned upstream of it are registered as
        /// assets named after the service, with their lineage, then pinned.
        /// </summary>
        public MlWebService CreateFromRun(string name, MlExperimentRun run, string? nodeId, string? description, string? environment, CancellationToken ct = default)
        {
            NameRules.Validate(name, "web service");
            if (TryGet(name, ct) != null) throw Exists(name);
            var plan = RunPipeline.Plan(run, nodeId);
            var transformService = new TransformService(_workspace);
            var transforms = plan.TransformNodes
                .Select(node => transformService.RegisterFromRun(run, node, "transform", name + "-" + node, $"Learned by node '{node}' of run {run.RunId} for web service '{name}'.", null, ct).ToReference())
                .ToList();
            var model = new TrainedModelService(_workspace).RegisterFromRun(run, plan.ModelNode, "model", name, $"Trained by node '{plan.ModelNode}' of run {run.RunId} for web service '{name}'.", null, ct).ToReference();
            return Create(name, description, environment, transforms, model, null, $"Run {run.RunId} of {run.Experiment}", run.Experiment, run.RunId, ct);
        }

        /// <summary>Deploys a definition file from another workspace; every asset it names that is missing here is listed in one error.</summary>
        public MlWebService CreateFromDefinition(string json, string sourceName, string? name, string? environment, CancellationToken ct = default)
        {
            var definition = WebServiceDefinition.Read(json, sourceName);
            var finalName = NameRules.Validate(name ?? definition.Name, "web service");
            var missing = new List<string>();
            var assets = new WorkspaceAssets(_workspace);
            foreach (var step in definition.Endpoints.SelectMany(e => e.Pipeline).GroupBy(s => (s.Type, s.Name.ToLowerInvariant(), s.Version)).Select(g => g.First()))
            {
                var reference = new AssetReference(step.Type, step.Name, step.Version);
                if (!assets.Exists(reference)) missing.Add($"{AssetReference.TypeToken(step.Type)} {reference} (not in this workspace)");
                else if (AssetContent.HashOf(_workspace, reference, ct).Hex != step.ContentSha256)
                    missing.Add($"{AssetReference.TypeToken(step.Type)} {reference} (this workspace's version holds different content)");
            }
            if (missing.Count > 0)
                throw MlAlmException.NotFound("DefinitionAssetsMissing",
                    $"The definition '{sourceName}' names {missing.Count} asset version(s) this workspace lacks: {string.Join("; ", missing)}. Copy them first (or register them) and deploy again.", sourceName);
            var first = definition.Endpoints.First(e => string.Equals(e.Name, DefaultEndpoint, StringComparison.OrdinalIgnoreCase));
            var service = Create(finalName, definition.Description, environment ?? first.Environment,
                PipelineSteps.TransformsOf(first.Pipeline), PipelineSteps.ModelOf(first.Pipeline)!, first.OutputColumns, "Definition " + sourceName, null, null, ct);
            foreach (var endpoint in definition.Endpoints.Where(e => e != first))
                CreateEndpoint(service.Name, endpoint.Name, endpoint.Environment, endpoint.MaxConcurrentCalls, endpoint.Pipeline, endpoint.OutputColumns, ct);
            return Get(service.Name, ct);
        }

        public string ExportDefinition(string name, CancellationToken ct = default)
        {
            var service = Get(name, ct);
            var endpoints = ListEndpointDocuments(service.Name, ct);
            return WebServiceDefinition.Write(service.Name, service.Description, endpoints);
        }

        /// <summary>The definition a predictive experiment would deploy as, without creating anything.</summary>
        public string ExportDefinitionFromExperiment(string experiment, CancellationToken ct = default)
        {
            var predictive = new ExperimentService(_workspace).Get(experiment, ct);
            var (transforms, model, outputs) = PredictiveGraph.Compile(predictive.Name, predictive.Graph);
            var steps = PipelineSteps.Pin(_workspace, transforms, model, ct);
            var endpoint = new EndpointDocument { Name = DefaultEndpoint, MaxConcurrentCalls = DefaultMaxConcurrentCalls, Pipeline = steps, OutputColumns = outputs?.ToList() ?? new List<string>() };
            return WebServiceDefinition.Write(predictive.Name, predictive.Description, new[] { endpoint });
        }

        public MlWebService Get(string name, CancellationToken ct = default) =>
            TryGet(name, ct) ?? throw MlAlmException.NotFound("WebServiceNotFound", $"There is no web service named '{name}' in the workspace at '{_workspace.Location}'.", name);

        public MlWebService? TryGet(string name, CancellationToken ct = default)
        {
            NameRules.Validate(name, "web service");
            var stored = _workspace.Store.GetDocument(ServiceKey(name), ct);
            return stored == null ? null : Present(DocumentJson.Deserialize<WebServiceDocument>(stored.Content, stored.Key), ct);
        }

        public IReadOnlyList<MlWebService> List(string? pattern, CancellationToken ct = default)
        {
            var match = pattern == null ? null : NamePattern.Create(pattern);
            return _workspace.Store.ListDocuments("services/", ct)
                .Select(k => k.Split('/')).Where(p => p.Length == 3 && p[2] == "service" && (match == null || match.IsMatch(p[1])))
                .Select(p => TryGet(p[1], ct)).Where(s => s != null).Select(s => s!)
                .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToList();
        }

        /// <summary>Removes a service and all its endpoints (endpoints first, so a crash leaves no orphan endpoints).</summary>
        public void Remove(string name, CancellationToken ct = default)
        {
            var service = Get(name, ct);
            foreach (var key in _workspace.Store.ListDocuments(EndpointsPrefix(service.Name), ct)) _workspace.Store.DeleteDocument(key, null, ct);
            _workspace.Store.DeleteDocument(ServiceKey(service.Name), null, ct);
        }

        public MlWebServiceEndpoint GetEndpoint(string service, string endpoint, CancellationToken ct = default)
        {
            NameRules.Validate(endpoint, "endpoint");
            var stored = _workspace.Store.GetDocument(EndpointKey(service, endpoint), ct);
            if (stored == null)
            {
                Get(service, ct); // reports a missing service first
                throw MlAlmException.NotFound("EndpointNotFound", $"Web service '{service}' has no endpoint '{endpoint}'; its endpoints: {string.Join(", ", ListEndpoints(service, ct).Select(e => e.Name))}.", endpoint);
            }
            return PresentEndpoint(DocumentJson.Deserialize<EndpointDocument>(stored.Content, stored.Key));
        }

        public IReadOnlyList<MlWebServiceEndpoint> ListEndpoints(string service, CancellationToken ct = default) =>
            ListEndpointDocuments(Get(service, ct).Name, ct).Select(PresentEndpoint).ToList();

        /// <summary>Adds an endpoint that starts as a copy of the default endpoint's pipeline, with new keys.</summary>
        public MlWebServiceEndpoint AddEndpoint(string service, string endpoint, int? maxConcurrentCalls, string? environment, CancellationToken ct = default)
        {
            var template = EndpointDocument(service, DefaultEndpoint, ct);
            return CreateEndpoint(Get(service, ct).Name, endpoint, environment ?? template.Environment, maxConcurrentCalls ?? template.MaxConcurrentCalls, template.Pipeline, template.OutputColumns, ct);
        }

        /// <summary>Repins an endpoint to another trained model version (and, when given, other transforms).</summary>
        public MlWebServiceEndpoint UpdateEndpoint(string service, string endpoint, AssetSpec? model, IReadOnlyList<AssetSpec>? transforms, int? maxConcurrentCalls, CancellationToken ct = default)
        {
            var assets = new WorkspaceAssets(_workspace);
            return EditEndpoint(service, endpoint, e =>
            {
                var modelReference = model != null ? assets.Resolve(AssetType.TrainedModel, model, ct) : PipelineSteps.ModelOf(e.Pipeline)!;
                var transformReferences = transforms != null ? transforms.Select(t => assets.Resolve(AssetType.Transform, t, ct)).ToList() : PipelineSteps.TransformsOf(e.Pipeline);
                var pinned = PipelineSteps.Pin(_workspace, transformReferences, modelReference, ct);
                CheckCompatible(service, pinned, e.OutputColumns, ct);
                e.Pipeline = pinned;
                if (maxConcurrentCalls.HasValue) e.MaxConcurrentCalls = maxConcurrentCalls.Value;
            }, ct);
        }

        /// <summary>Makes an endpoint serve exactly what the default endpoint serves (Studio's "refresh").</summary>
        public MlWebServiceEndpoint SyncEndpoint(string service, string endpoint, CancellationToken ct = default)
        {
            var template = EndpointDocument(service, DefaultEndpoint, ct);
            return EditEndpoint(service, endpoint, e =>
            {
                e.Pipeline = template.Pipeline;
                e.OutputColumns = template.OutputColumns;
            }, ct);
        }

        public MlWebServiceEndpoint ResetKey(string service, string endpoint, EndpointKeyType key, CancellationToken ct = default) =>
            EditEndpoint(service, endpoint, e =>
            {
                if (key == EndpointKeyType.Primary) e.PrimaryKey = EndpointKeys.New();
                else e.SecondaryKey = EndpointKeys.New();
            }, ct);

        public void RemoveEndpoint(string service, string endpoint, CancellationToken ct = default)
        {
            var existing = GetEndpoint(service, endpoint, ct);
            if (string.Equals(existing.Name, DefaultEndpoint, StringComparison.OrdinalIgnoreCase))
                throw MlAlmException.InvalidArgument("DefaultEndpointRequired", $"The default endpoint cannot be removed; remove the web service '{service}' instead.", endpoint);
            _workspace.Store.DeleteDocument(EndpointKey(existing.WebService, existing.Name), null, ct);
        }

        /// <summary>The endpoint's pipeline, loaded and verified: what a host serves.</summary>
        public ScoringPipeline LoadPipeline(string service, string endpoint, CancellationToken ct = default)
        {
            var document = EndpointDocument(service, endpoint, ct);
            return PipelineSteps.Load(_workspace.Store, document.Pipeline, document.OutputColumns, ct);
        }

        private MlWebService Create(string name, string? description, string? environment, IReadOnlyList<AssetReference> transforms, AssetReference model,
            IReadOnlyList<string>? outputColumns, string sourceKind, string? sourceExperiment, int? sourceRun, CancellationToken ct)
        {
            NameRules.Validate(name, "web service");
            if (environment != null) NameRules.Validate(environment, "environment");
            var steps = PipelineSteps.Pin(_workspace, transforms, model, ct);
            var pipeline = PipelineSteps.Load(_workspace.Store, steps, outputColumns, ct);
            var now = DateTime.UtcNow;
            var document = new WebServiceDocument
            {
                Id = Guid.NewGuid(),
                Name = name,
                Description = description,
                CreatedUtc = now,
                ModifiedUtc = now,
                SourceKind = sourceKind,
                SourceExperiment = sourceExperiment,
                SourceRunId = sourceRun,
                InputSchema = pipeline.InputColumns.Select(c => new ColumnDocument { Name = c.Name, Type = c.Type.ToString() }).ToList(),
                OutputSchema = pipeline.OutputSchema().Select(c => new ColumnDocument { Name = c.Name, Type = c.Type.ToString() }).ToList(),
            };
            // The default endpoint first: a service document is only ever visible with its default endpoint in place.
            try
            {
                _workspace.Store.CreateDocument(EndpointKey(name, DefaultEndpoint), DocumentJson.Serialize(NewEndpoint(name, DefaultEndpoint, environment, DefaultMaxConcurrentCalls, steps, pipeline.OutputColumns.ToList())), ct);
            }
            catch (DocumentExistsException)
            {
                throw Exists(name);
            }
            try
            {
                _workspace.Store.CreateDocument(ServiceKey(name), DocumentJson.Serialize(document), ct);
            }
            catch (DocumentExistsException)
            {
                throw Exists(name);
            }
            return Get(name, ct);
        }

        private MlWebServiceEndpoint CreateEndpoint(string service, string endpoint, string? environment, int maxConcurrentCalls, List<PipelineStepDocument> steps, List<string> outputColumns, CancellationToken ct)
        {
            NameRules.Validate(endpoint, "endpoint");
            if (environment != null) NameRules.Validate(environment, "environment");
            if (maxConcurrentCalls < 1 || maxConcurrentCalls > 1024)
                throw MlAlmException.InvalidArgument("InvalidMaxConcurrentCalls", $"MaxConcurrentCalls must be between 1 and 1024, not {maxConcurrentCalls}.", maxConcurrentCalls);
            try
            {
                _workspace.Store.CreateDocument(EndpointKey(service, endpoint), DocumentJson.Serialize(NewEndpoint(service, endpoint, environment, maxConcurrentCalls, steps, outputColumns)), ct);
            }
            catch (DocumentExistsException)
            {
                throw MlAlmException.AlreadyExists("EndpointExists", $"Web service '{service}' already has an endpoint '{endpoint}'.", endpoint);
            }
            return GetEndpoint(service, endpoint, ct);
        }

        private static EndpointDocument NewEndpoint(string service, string endpoint, string? environment, int maxConcurrentCalls, List<PipelineStepDocument> steps, List<string> outputColumns)
        {
            var now = DateTime.UtcNow;
            return new EndpointDocument
            {
                Service = service,
                Name = endpoint,
                Environment = environment,
                MaxConcurrentCalls = maxConcurrentCalls,
                PrimaryKey = EndpointKeys.New(),
                SecondaryKey = EndpointKeys.New(),
                Revision = 1,
                CreatedUtc = now,
                ModifiedUtc = now,
                Pipeline = steps,
                OutputColumns = outputColumns,
            };
        }

        /// <summary>A patch must keep the service's contract: the same input schema and output columns.</summary>
        private void CheckCompatible(string service, List<PipelineStepDocument> steps, List<string> outputColumns, CancellationToken ct)
        {
            var current = Get(service, ct);
            var pipeline = PipelineSteps.Load(_workspace.Store, steps, outputColumns, ct);
            var extra = pipeline.InputColumns.Where(p => !current.InputSchema.Any(c => string.Equals(p.Name, c.Name, StringComparison.OrdinalIgnoreCase))).Select(p => p.Name).ToList();
            if (extra.Count > 0)
                throw MlAlmException.InvalidArgument("IncompatiblePipeline",
                    $"The new pipeline reads column(s) {string.Join(", ", extra)} that web service '{service}' does not take; create a new service for a different input schema.", service);
            // A model that reads fewer columns still accepts every request the service takes, so only extra columns are refused.
        }

        private MlWebServiceEndpoint EditEndpoint(string service, string endpoint, Action<EndpointDocument> change, CancellationToken ct)
        {
            for (int attempt = 1; ; attempt++)
            {
                NameRules.Validate(endpoint, "endpoint");
                var stored = _workspace.Store.GetDocument(EndpointKey(service, endpoint), ct);
                if (stored == null) return GetEndpoint(service, endpoint, ct); // throws NotFound
                var document = DocumentJson.Deserialize<EndpointDocument>(stored.Content, stored.Key);
                change(document);
                document.Revision++;
                document.ModifiedUtc = DateTime.UtcNow;
                try
                {
                    _workspace.Store.ReplaceDocument(stored.Key, DocumentJson.Serialize(document), stored.ETag, ct);
                    return PresentEndpoint(document);
                }
                catch (DocumentChangedException) when (attempt < MaxEditAttempts)
                {
                }
            }
        }

        internal EndpointDocument EndpointDocument(string service, string endpoint, CancellationToken ct)
        {
            var stored = _workspace.Store.GetDocument(EndpointKey(service, endpoint), ct);
            if (stored == null) GetEndpoint(service, endpoint, ct); // throws the right NotFound
            return DocumentJson.Deserialize<EndpointDocument>(stored!.Content, stored.Key);
        }

        private IReadOnlyList<EndpointDocument> ListEndpointDocuments(string service, CancellationToken ct) =>
            _workspace.Store.ListDocuments(EndpointsPrefix(service), ct)
                .Select(k => _workspace.Store.GetDocument(k, ct)).Where(d => d != null)
                .Select(d => DocumentJson.Deserialize<EndpointDocument>(d!.Content, d.Key))
                .OrderBy(e => string.Equals(e.Name, DefaultEndpoint, StringComparison.OrdinalIgnoreCase) ? 0 : 1).ThenBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
                .ToList();

        private MlWebService Present(WebServiceDocument d, CancellationToken ct) => new MlWebService(
            _workspace, d.Id, d.Name, d.Description,
            d.SourceKind, d.InputSchema.Select(c => new MlDatasetColumn(c.Name, c.Type, 0)).ToList(),
            d.OutputSchema.Select(c => new MlDatasetColumn(c.Name, c.Type, 0)).ToList(),
            ListEndpointDocuments(d.Name, ct).Select(e => e.Name).ToList(), d.CreatedUtc, d.ModifiedUtc);

        private MlWebServiceEndpoint PresentEndpoint(EndpointDocument e) => new MlWebServiceEndpoint(
            _workspace, e.Service, e.Name, e.Environment, e.MaxConcurrentCalls, e.PrimaryKey, e.SecondaryKey, e.Revision,
            PipelineSteps.ModelOf(e.Pipeline), PipelineSteps.TransformsOf(e.Pipeline), e.OutputColumns, e.CreatedUtc, e.ModifiedUtc,
            HostRegistry.UrlFor(_workspace, e));

        private static MlAlmException Exists(string name) =>
            MlAlmException.AlreadyExists("WebServiceExists", $"A web service named '{name}' already exists.", name);
    }
}
