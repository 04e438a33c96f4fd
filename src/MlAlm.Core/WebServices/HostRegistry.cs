using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using MlAlm.Core.Json;
using MlAlm.Core.Storage;

namespace MlAlm.Core.WebServices
{
    /// <summary>The record a running scoring host leaves in the workspace (key hosts/id), so the module can find and stop it.</summary>
    internal sealed class HostDocument
    {
        public string Id { get; set; } = string.Empty;
        public string Url { get; set; } = string.Empty;
        public string Machine { get; set; } = string.Empty;
        public int ProcessId { get; set; }
        public string? Environment { get; set; }
        public DateTime StartedUtc { get; set; }
    }

    /// <summary>
    /// Running hosts of a workspace. A record whose process is gone from this machine is stale and
    /// is not reported (hosts on other machines are reported as recorded).
    /// </summary>
    internal static class HostRegistry
    {
        public static string KeyOf(string id) => StoreKey.Of("hosts", id);

        public static void Register(IWorkspaceStore store, HostDocument host) =>
            store.CreateDocument(KeyOf(host.Id), DocumentJson.Serialize(host));

        public static void Unregister(IWorkspaceStore store, string id) => store.DeleteDocument(KeyOf(id));

        public static IReadOnlyList<HostDocument> List(MlWorkspace workspace, CancellationToken ct = default) =>
            workspace.Store.ListDocuments("hosts/", ct)
                .Select(k => workspace.Store.GetDocument(k, ct)).Where(d => d != null)
                .Select(d => DocumentJson.Deserialize<HostDocument>(d!.Content, d.Key))
                .Where(IsAlive)
                .ToList();

        public static bool IsAlive(HostDocument host)
        {
            if (!string.Equals(host.Machine, System.Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return true;
            try
            {
                using var process = Process.GetProcessById(host.ProcessId);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        /// <summary>The URL of an endpoint on a live local host that serves it, or null.</summary>
        public static string? UrlFor(MlWorkspace workspace, EndpointDocument endpoint)
        {
            var host = List(workspace).FirstOrDefault(h =>
                string.Equals(h.Machine, System.Environment.MachineName, StringComparison.OrdinalIgnoreCase) &&
                (h.Environment == null || string.Equals(h.Environment, endpoint.Environment, StringComparison.OrdinalIgnoreCase)));
            return host == null ? null : host.Url.TrimEnd('/') + $"/services/{Uri.EscapeDataString(endpoint.Service)}/endpoints/{Uri.EscapeDataString(endpoint.Name)}/execute";
        }
    }
}
