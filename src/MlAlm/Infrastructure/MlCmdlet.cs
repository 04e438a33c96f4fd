using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using MlAlm.Core.Errors;
using MlAlm.Core.Graphs;
using MlAlm.Core.Json;
using MlAlm.Core.Naming;
using MlAlm.Core.Storage;

namespace MlAlm.Commands.Infrastructure
{
    /// <summary>
    /// What every MlAlm cmdlet shares: a cancellation token that Ctrl+C (StopProcessing) cancels,
    /// and one place that turns Core exceptions into ErrorRecords with stable ids and categories.
    /// </summary>
    public abstract class MlCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        protected CancellationToken CancellationToken => _stop.Token;

        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();

        /// <summary>Runs one unit of work; a failure the user can act on becomes a non-terminating error.</summary>
        protected bool TryRun(Action action, object? target)
        {
            try
            {
                action();
                return true;
            }
            catch (Exception e) when (ErrorRecords.IsExpected(e))
            {
                if (e is OperationCanceledException && _stop.IsCancellationRequested) throw new PipelineStoppedException();
                WriteError(ErrorRecords.From(e, target));
                return false;
            }
        }

        /// <summary>
        /// Writes a file as PowerShell's file system provider presents it (Mode, Length and the
        /// provider properties), so it formats like Get-Item's output.
        /// </summary>
        protected void WriteFile(FileInfo file)
        {
            var items = InvokeProvider.Item.Get(new[] { file.FullName }, true, true);
            WriteObject(items.Count > 0 ? (object)items[0] : file);
        }

        /// <summary>
        /// What an Export-* of a JSON text does: -NoClobber refuses an existing file before the JSON
        /// is produced, and the file is written as UTF-8 without a BOM (the bytes stay deterministic
        /// for source control) and output like Get-Item's.
        /// </summary>
        protected void ExportJsonFile(string file, bool noClobber, string action, Func<string> produceJson)
        {
            if (noClobber && File.Exists(file))
                throw MlAlmException.AlreadyExists("ExportFileExists", $"The file '{file}' already exists and -NoClobber was given.", file);
            var json = produceJson();
            if (!ShouldProcess(file, action)) return;
            File.WriteAllText(file, json, CanonicalJson.Utf8NoBom);
            WriteFile(new FileInfo(file));
        }

        /// <summary>A workspace location as given: an http(s) URI unchanged, anything else a provider path made absolute.</summary>
        protected string ResolveLocation(string location) => WorkspaceLocations.Resolve(SessionState, location);

        /// <summary>Stops the whole call with an ErrorRecord built from a Core failure.</summary>
        protected void Fail(Exception e, object? target) => ThrowTerminatingError(ErrorRecords.From(e, target));

        protected void Fail(string errorId, ErrorCategory category, string message, object? target) =>
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, category, target));
    }

    /// <summary>Maps Core exceptions to ErrorRecords.</summary>
    internal static class ErrorRecords
    {
        public static bool IsExpected(Exception e) =>
            e is MlAlmException || e is StoreException || e is ArgumentException || e is IOException ||
            e is UnauthorizedAccessException || e is OperationCanceledException || e is NotSupportedException;

        public static ErrorRecord From(Exception e, object? target)
        {
            switch (e)
            {
                case MlAlmException ml:
                    return new ErrorRecord(e, ml.ErrorId, Category(ml.Kind), ml.Target ?? target);
                case InvalidNameException name:
                    return new ErrorRecord(e, "InvalidName", ErrorCategory.InvalidArgument, name.Name);
                case ContentCorruptedException corrupted:
                    return new ErrorRecord(e, "CorruptedContent", ErrorCategory.ReadError, corrupted.Hash.Hex);
                case ContentNotFoundException missing:
                    return new ErrorRecord(e, "ContentNotFound", ErrorCategory.ObjectNotFound, missing.Hash.Hex);
                case DocumentChangedException changed:
                    return new ErrorRecord(e, "ConcurrentChange", ErrorCategory.ResourceBusy, changed.Key);
                case StoreAccessDeniedException _:
                    return new ErrorRecord(e, "WorkspaceAccessDenied", ErrorCategory.PermissionDenied, target);
                case StoreUnavailableException _:
                    return new ErrorRecord(e, "WorkspaceUnavailable", ErrorCategory.ResourceUnavailable, target);
                case UnauthorizedAccessException _:
                    return new ErrorRecord(e, "AccessDenied", ErrorCategory.PermissionDenied, target);
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return new ErrorRecord(e, "PathNotFound", ErrorCategory.ObjectNotFound, target);
                case IOException _:
                    return new ErrorRecord(e, "IOError", ErrorCategory.WriteError, target);
                case OperationCanceledException _:
                    return new ErrorRecord(e, "OperationStopped", ErrorCategory.OperationStopped, target);
                case ArgumentException _:
                    return new ErrorRecord(e, "InvalidArgument", ErrorCategory.InvalidArgument, target);
                default:
                    return new ErrorRecord(e, "UnexpectedError", ErrorCategory.NotSpecified, target);
            }
        }

        public static ErrorCategory Category(ErrorKind kind) => kind switch
        {
            ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            ErrorKind.InvalidData => ErrorCategory.InvalidData,
            ErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            ErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
            ErrorKind.Conflict => ErrorCategory.ResourceBusy,
            ErrorKind.Corrupted => ErrorCategory.ReadError,
            ErrorKind.Unavailable => ErrorCategory.ResourceUnavailable,
            ErrorKind.OperationStopped => ErrorCategory.OperationStopped,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
