using System;
using System.Collections.Generic;

namespace MlAlm
{
    /// <summary>A web service: a predictive pipeline with an input schema, output columns and endpoints.</summary>
    public sealed class MlWebService
    {
        internal MlWebService(MlWorkspace workspace, Guid id, string name, string? description, string source, IReadOnlyList<MlDatasetColumn> inputSchema,
            IReadOnlyList<MlDatasetColumn> outputSchema, IReadOnlyList<string> endpoints, DateTime createdUtc, DateTime modifiedUtc)
        {
            Workspace = workspace;
            Id = id;
            Name = name;
            Description = description;
            Source = source;
            InputSchema = inputSchema;
            OutputSchema = outputSchema;
            Endpoints = endpoints;
            CreatedUtc = createdUtc;
            ModifiedUtc = modifiedUtc;
        }

        public string Name { get; }
        public Guid Id { get; }
        public string? Description { get; }

        /// <summary>What it was made from, e.g. "Run 3 of churn-training" or "TrainedModel churn-model:2".</summary>
        public string Source { get; }

        /// <summary>The columns a request must carry, with their types.</summary>
        public IReadOnlyList<MlDatasetColumn> InputSchema { get; }

        /// <summary>The columns a response carries.</summary>
        public IReadOnlyList<MlDatasetColumn> OutputSchema { get; }

        /// <summary>Endpoint names; 'default' always exists.</summary>
        public IReadOnlyList<string> Endpoints { get; }

        public DateTime CreatedUtc { get; }
        public DateTime ModifiedUtc { get; }
        public MlWorkspace Workspace { get; }

        public override string ToString() => Name;
    }

    /// <summary>An endpoint of a web service: its keys, environment and pinned asset versions.</summary>
    public sealed class MlWebServiceEndpoint
    {
        internal MlWebServiceEndpoint(MlWorkspace workspace, string webService, string name, string? environment, int maxConcurrentCalls,
            string primaryKey, string secondaryKey, int revision, AssetReference? trainedModel, IReadOnlyList<AssetReference> transforms,
            IReadOnlyList<string> outputColumns, DateTime createdUtc, DateTime modifiedUtc, string? url)
        {
            Workspace = workspace;
            WebService = webService;
            Name = name;
            Environment = environment;
            MaxConcurrentCalls = maxConcurrentCalls;
            PrimaryKey = primaryKey;
            SecondaryKey = secondaryKey;
            Revision = revision;
            TrainedModel = trainedModel;
            Transforms = transforms;
            OutputColumns = outputColumns;
            CreatedUtc = createdUtc;
            ModifiedUtc = modifiedUtc;
            Url = url;
        }

        /// <summary>The service's name; binds to -WebService by property name.</summary>
        public string WebService { get; }

        public string Name { get; }

        /// <summary>An environment label (staging, production...) a host can be limited to; null for none.</summary>
        public string? Environment { get; }

        public int MaxConcurrentCalls { get; }
        public string PrimaryKey { get; }
        public string SecondaryKey { get; }

        /// <summary>Goes up on every change; hosts recompile when it does.</summary>
        public int Revision { get; }

        public AssetReference? TrainedModel { get; }
        public IReadOnlyList<AssetReference> Transforms { get; }
        public IReadOnlyList<string> OutputColumns { get; }
        public DateTime CreatedUtc { get; }
        public DateTime ModifiedUtc { get; }

        /// <summary>The request/response URL on a running local host serving this workspace, if one is running.</summary>
        public string? Url { get; }

        /// <summary>The path of the request/response call, relative to a host's address.</summary>
        public string Path => $"/services/{Uri.EscapeDataString(WebService)}/endpoints/{Uri.EscapeDataString(Name)}/execute";

        public MlWorkspace Workspace { get; }

        public override string ToString() => WebService + "/" + Name;
    }
}
