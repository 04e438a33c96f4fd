using System;
using System.Management.Automation;
using MlAlm.Core.Workspaces;

namespace MlAlm.Commands.Infrastructure
{
    /// <summary>
    /// A cmdlet that works in a workspace. -Workspace takes an MlWorkspace or a path, and binds
    /// by property name so objects piped from another workspace stay in theirs. Without it: the
    /// session's connected workspace, then $env:MLALM_WORKSPACE, then the default local
    /// workspace, created on first use.
    /// </summary>
    public abstract class WorkspaceCmdlet : MlCmdlet
    {
        private MlWorkspace? _resolved;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [WorkspaceTransformation]
        [ValidateNotNull]
        public MlWorkspace? Workspace { get; set; }

        /// <summary>The workspace this call (or this pipeline record) works in.</summary>
        protected MlWorkspace CurrentWorkspace
        {
            get
            {
                if (Workspace != null) return Workspace;
                if (_resolved == null)
                {
                    try
                    {
                        _resolved = WorkspaceResolution.Resolve();
                    }
                    catch (Exception e) when (ErrorRecords.IsExpected(e))
                    {
                        Fail(e, null);
                        throw; // not reached: Fail throws
                    }
                }
                return _resolved;
            }
        }
    }

    /// <summary>The session's connected workspace and the fallbacks behind it.</summary>
    public static class WorkspaceResolution
    {
        // One connection per process, as for Connect-AzAccount's default context: runspaces in
        // one process (jobs, ForEach-Object -Parallel) see the same connected workspace.
        private static MlWorkspace? _connected;

        public static MlWorkspace? Connected
        {
            get => _connected;
            set => _connected = value;
        }

        public static MlWorkspace Resolve()
        {
            if (_connected != null) return _connected;
            var fromEnvironment = Environment.GetEnvironmentVariable(WorkspaceFactory.EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment)) return WorkspaceFactory.OpenOrCreate(fromEnvironment!);
            return WorkspaceFactory.OpenOrCreate(WorkspaceFactory.DefaultLocalPath);
        }
    }

    /// <summary>Workspace locations: URIs pass through untouched; paths resolve against PowerShell's current location.</summary>
    public static class WorkspaceLocations
    {
        public static string Resolve(SessionState sessionState, string location) =>
            Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? location
                : sessionState.Path.GetUnresolvedProviderPathFromPSPath(location);
    }

    /// <summary>Lets -Workspace take a path string as well as an MlWorkspace object.</summary>
    public sealed class WorkspaceTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            switch (value)
            {
                case null:
                    return null;
                case MlWorkspace workspace:
                    return workspace;
                case string location:
                    try
                    {
                        return WorkspaceFactory.Open(WorkspaceLocations.Resolve(engineIntrinsics.SessionState, location));
                    }
                    catch (Exception e) when (!(e is ArgumentTransformationMetadataException))
                    {
                        throw new ArgumentTransformationMetadataException(e.Message, e);
                    }
                case System.IO.DirectoryInfo directory:
                    return Transform(engineIntrinsics, directory.FullName);
                default:
                    throw new ArgumentTransformationMetadataException(
                        $"-Workspace takes an MlWorkspace or a workspace path, not a {value.GetType().Name}.");
            }
        }
    }
}
