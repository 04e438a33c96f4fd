using System;
using System.IO;

namespace MlAlm.Core.Storage
{
    /// <summary>
    /// A read-only stream read from start to end: the members every such stream refuses, written
    /// once. Derived streams implement Read (and may show Length or Position).
    /// </summary>
    public abstract class ForwardReadStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException("This stream is read from start to end only.");

        public override long Position
        {
            get => throw new NotSupportedException("This stream is read from start to end only.");
            set => throw new NotSupportedException("This stream is read from start to end only.");
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("This stream cannot seek.");
        public override void SetLength(long value) => throw new NotSupportedException("This stream is read-only.");
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("This stream is read-only.");
    }

    /// <summary>
    /// Another stream seen as forward-only. A store given a seekable stream may read it twice (the
    /// Blob store hashes a file first to skip content it already has); a caller that has just
    /// hashed the bytes and checked the store passes this, so they are read once more, not twice.
    /// </summary>
    public sealed class ForwardOnlyStream : ForwardReadStream
    {
        private readonly Stream _inner;

        public ForwardOnlyStream(Stream inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
