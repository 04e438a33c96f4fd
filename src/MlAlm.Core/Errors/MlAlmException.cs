using System;

namespace MlAlm.Core.Errors
{
    /// <summary>
    /// What kind of failure a Core operation reports. The cmdlets map each kind to a
    /// PowerShell ErrorCategory, so Core never needs System.Management.Automation.
    /// </summary>
    public enum ErrorKind
    {
        InvalidArgument,
        InvalidData,
        NotFound,
        AlreadyExists,
        Conflict,
        Corrupted,
        Unavailable,
        OperationStopped,
    }

    /// <summary>
    /// A failure the user can act on: a stable ErrorId for scripts to test, a kind, the object
    /// it concerns, and a message that names the problem.
    /// </summary>
    public class MlAlmException : Exception
    {
        public MlAlmException(string errorId, ErrorKind kind, string message, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        public string ErrorId { get; }
        public ErrorKind Kind { get; }
        public object? Target { get; }

        public static MlAlmException NotFound(string errorId, string message, object? target = null) =>
            new MlAlmException(errorId, ErrorKind.NotFound, message, target);

        public static MlAlmException AlreadyExists(string errorId, string message, object? target = null) =>
            new MlAlmException(errorId, ErrorKind.AlreadyExists, message, target);

        public static MlAlmException InvalidArgument(string errorId, string message, object? target = null) =>
            new MlAlmException(errorId, ErrorKind.InvalidArgument, message, target);

        public static MlAlmException InvalidData(string errorId, string message, object? target = null, Exception? inner = null) =>
            new MlAlmException(errorId, ErrorKind.InvalidData, message, target, inner);
    }
}
