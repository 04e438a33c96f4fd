using System;
using System.IO;
using System.Text;
using MlAlm.Core.Workspaces;

namespace MlAlm.Core.Tests.Support
{
    /// <summary>A real local workspace in a temporary directory, removed after the test.</summary>
    public sealed class TempWorkspace : IDisposable
    {
        public TempWorkspace(string name = "test")
        {
            Root = Path.Combine(Path.GetTempPath(), "mlalm-test-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
            Workspace = WorkspaceFactory.Create(Path.Combine(Root, "ws"), name);
        }

        public string Root { get; }
        public MlWorkspace Workspace { get; }

        /// <summary>Writes a file under the temp root and returns its path.</summary>
        public string WriteFile(string name, string text) => WriteFile(name, Encoding.UTF8.GetBytes(text));

        public string WriteFile(string name, byte[] bytes)
        {
            var path = Path.Combine(Root, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        public void Dispose()
        {
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
