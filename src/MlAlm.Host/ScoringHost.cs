using System;
using System.Buffers;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using MlAlm.Core.WebServices;
using MlAlm.Core.Workspaces;
using MlAlm.Host.Batch;
using MlAlm.Host.Endpoints;
using MlAlm.Host.Http;
using MlAlm.Host.Scoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MlAlm.Host
{
    /// <summary>
    /// The scoring host as an ASP.NET Core application. <see cref="Build"/> returns it unstarted, so
    /// the command line (Program) and tests (in-process, port 0) run exactly the same server.
    /// </summary>
    public static class ScoringHost
    {
        public const string ExecuteRoute = "/services/{service}/endpoints/{endpoint}/execute";
        public const string OpenApiRoute = "/services/{service}/endpoints/{endpoint}/openapi.json";
        public const string HealthRoute = "/health";

        /// <summary>
        /// Builds the host for a workspace. Throws <see cref="MlAlm.Core.Errors.MlAlmException"/> when the
        /// workspace cannot be opened and <see cref="ArgumentException"/> for unusable listen options.
        /// </summary>
        public static WebApplication Build(HostOptions options) => Build(options, null);

        /// <param name="configureLogging">Adjusts logging after the defaults (single-line console, Information for the host, Warning for the framework).</param>
        public static WebApplication Build(HostOptions options, Action<ILoggingBuilder>? configureLogging)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            var listen = options.ListenAddresses();
            if (options.Environment != null) Core.Naming.NameRules.Validate(options.Environment, "environment");
            var workspace = WorkspaceFactory.Open(options.Workspace);

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = Array.Empty<string>(),
                ApplicationName = typeof(ScoringHost).Assembly.GetName().Name,
                EnvironmentName = Environments.Production,
                ContentRootPath = AppContext.BaseDirectory,
            });
            var startup = new StartupState();
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
            // A port in use makes Kestrel and the generic host log errors with stack traces before the
            // start fails; the caller reports that failure in one line, so the framework's errors are
            // left out until the host has started.
            builder.Logging.AddFilter("Microsoft", level => level >= LogLevel.Warning && (startup.Started || level < LogLevel.Error));
            configureLogging?.Invoke(builder.Logging);

            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                // Kestrel's own limit sits above the host's, so a body somewhat over the limit is read to
                // its end and answered with a JSON 413 rather than a reset connection.
                kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes + RrsHandler.DrainBytes;
                foreach (var (address, port) in listen)
                {
                    if (address == null) kestrel.ListenLocalhost(port);
                    else kestrel.Listen(address, port);
                }
            });

            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(workspace);
            builder.Services.AddSingleton<EndpointRegistry>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<EndpointRegistry>());
            builder.Services.AddSingleton<RrsHandler>();
            builder.Services.AddSingleton<BatchWorker>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<BatchWorker>());
            builder.Services.AddSingleton<BatchHandler>();

            var app = builder.Build();
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MlAlm.Host");
            var registry = app.Services.GetRequiredService<EndpointRegistry>();
            var rrs = app.Services.GetRequiredService<RrsHandler>();
            var batch = app.Services.GetRequiredService<BatchHandler>();

            app.Use(async (context, next) =>
            {
                try
                {
                    if (context.GetEndpoint() == null)
                    {
                        await ApiError.Write(context, StatusCodes.Status404NotFound, "NotFound",
                            $"There is nothing at '{context.Request.Path}'. Call POST /services/{{service}}/endpoints/{{endpoint}}/execute, or GET /health.");
                        return;
                    }
                    await next(context);
                }
                catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
                {
                    log.LogError(e, "Request {Method} {Path} failed.", context.Request.Method, context.Request.Path);
                    await ApiError.Write(context, StatusCodes.Status500InternalServerError, "InternalError", "The host failed to handle the request; its log has the details.");
                }
            });

            app.Map(ExecuteRoute, rrs.Execute);
            app.Map(OpenApiRoute, context => OpenApi(context, rrs));
            app.Map(HealthRoute, context => Health(context, registry, workspace, options));
            app.Map(BatchHandler.JobsRoute, batch.Jobs);
            app.Map(BatchHandler.JobRoute, batch.Job);

            RegisterWhileRunning(app, workspace, options, startup, log);
            return app;
        }

        /// <summary>The address a started host listens on (the first one), e.g. http://127.0.0.1:41234.</summary>
        public static Uri Address(WebApplication app)
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The host is not listening yet; start it first.");
            return LocalUrl(first);
        }

        private static Uri LocalUrl(string address)
        {
            var uri = new Uri(address.Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal));
            if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
                return new UriBuilder(uri) { Host = "127.0.0.1" }.Uri;
            return uri;
        }

        private static void RegisterWhileRunning(WebApplication app, MlWorkspace workspace, HostOptions options, StartupState startup, ILogger log)
        {
            var lifetime = app.Lifetime;
            string id = Guid.NewGuid().ToString("N");
            bool registered = false;
            lifetime.ApplicationStarted.Register(() =>
            {
                startup.Started = true;
                if (!options.RegisterInWorkspace) return;
                try
                {
                    var url = Address(app).ToString().TrimEnd('/');
                    HostRegistry.Register(workspace.Store, new HostDocument
                    {
                        Id = id,
                        Url = url,
                        Machine = System.Environment.MachineName,
                        ProcessId = System.Environment.ProcessId,
                        Environment = options.Environment,
                        StartedUtc = DateTime.UtcNow,
                    });
                    registered = true;
                    log.LogInformation("Serving workspace {Workspace} at {Url} (host id {Id}).", workspace.Location, url, id);
                    WatchRecord(app, workspace, id, options, () => registered = false, log);
                }
                catch (Exception e)
                {
                    log.LogWarning("Could not record this host in the workspace: {Message}", e.Message);
                }
            });
            lifetime.ApplicationStopping.Register(() =>
            {
                if (!registered) return;
                try
                {
                    HostRegistry.Unregister(workspace.Store, id);
                    registered = false;
                }
                catch (Exception e)
                {
                    log.LogWarning("Could not remove this host's record from the workspace: {Message}", e.Message);
                }
            });
        }

        /// <summary>
        /// Stop-MlWebServiceHost removes this host's record; the host notices within a poll interval
        /// and shuts down gracefully (requests in flight finish, running batch jobs go back to the
        /// queue). This works the same for a host on another machine sharing the workspace.
        /// </summary>
        private static void WatchRecord(WebApplication app, MlWorkspace workspace, string id, HostOptions options, Action forget, ILogger log)
        {
            var timer = new System.Threading.Timer(_ =>
            {
                try
                {
                    if (workspace.Store.GetDocument(HostRegistry.KeyOf(id)) != null) return;
                    forget();
                    log.LogInformation("This host's record was removed from the workspace (Stop-MlWebServiceHost); stopping.");
                    app.Lifetime.StopApplication();
                }
                catch (Exception e)
                {
                    log.LogWarning("Could not check this host's record: {Message}", e.Message);
                }
            }, null, options.PollIntervalMs, options.PollIntervalMs);
            app.Lifetime.ApplicationStopping.Register(() => timer.Dispose());
        }

        private static async Task OpenApi(HttpContext context, RrsHandler rrs)
        {
            try
            {
                if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
                    throw new ApiError(StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", $"Use GET for the OpenAPI document, not {context.Request.Method}.") { Allow = "GET, HEAD" };
                var endpoint = rrs.Resolve(context);
                var body = endpoint.OpenApi(batchRoutes: true);
                context.Response.ContentType = JsonContent.ContentType;
                context.Response.ContentLength = body.Length;
                if (!HttpMethods.IsHead(context.Request.Method)) await context.Response.Body.WriteAsync(body, context.RequestAborted);
            }
            catch (ApiError e)
            {
                await e.Write(context);
            }
        }

        private static async Task Health(HttpContext context, EndpointRegistry registry, MlWorkspace workspace, HostOptions options)
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                await ApiError.Write(context, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", $"Use GET for /health, not {context.Request.Method}.", "GET, HEAD");
                return;
            }
            var snapshot = registry.Current;
            var buffer = new ArrayBufferWriter<byte>(1024);
            using (var w = new Utf8JsonWriter(buffer, JsonContent.WriterOptions))
            {
                w.WriteStartObject();
                w.WriteString("status", registry.LastPollError == null ? "Healthy" : "Degraded");
                w.WriteString("workspace", workspace.Location);
                w.WriteString("workspaceName", workspace.Name);
                if (options.Environment == null) w.WriteNull("environment");
                else w.WriteString("environment", options.Environment);
                w.WriteNumber("endpointCount", snapshot.All.Count);
                w.WriteStartArray("endpoints");
                foreach (var e in snapshot.All.OrderBy(e => e.Service, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.Name, StringComparer.OrdinalIgnoreCase))
                {
                    w.WriteStartObject();
                    w.WriteString("service", e.Service);
                    w.WriteString("endpoint", e.Name);
                    w.WriteNumber("revision", e.Revision);
                    if (e.Environment == null) w.WriteNull("environment");
                    else w.WriteString("environment", e.Environment);
                    w.WriteNumber("maxConcurrentCalls", e.Limit.Max);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                if (snapshot.LoadedUtc == DateTime.MinValue) w.WriteNull("loadedUtc");
                else w.WriteString("loadedUtc", snapshot.LoadedUtc);
                w.WriteString("lastPollUtc", registry.LastPollUtc);
                if (registry.LastPollError != null) w.WriteString("lastPollError", registry.LastPollError);
                w.WriteNumber("pollIntervalMs", options.PollIntervalMs);
                w.WriteEndObject();
            }
            context.Response.ContentType = JsonContent.ContentType;
            context.Response.ContentLength = buffer.WrittenCount;
            context.Response.Headers.CacheControl = "no-store";
            if (!HttpMethods.IsHead(context.Request.Method)) await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
        }

        private sealed class StartupState
        {
            public volatile bool Started;
        }
    }
}
