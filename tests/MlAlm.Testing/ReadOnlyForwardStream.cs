using System;
using System.IO;

namespace MlAlm.Testing
{
    /// <summary>
    /// Base of the hand-made input streams of the tests and benchmarks: read-only and forward-only,
    /// like a network or pipeline stream, so the code under test can neither seek, measure nor
    /// rewind them. Holds the members every such stream refuses; a derived stream only says how it
    /// reads.
    /// </summary>
    /// <remarks>
    /// MlAlm.Core has a product base for the same idea (ForwardReadStream). The tests keep their
    /// own so that their inputs stay the same whatever the product's does, and so that test
    /// projects that do not reference MlAlm.Core (the Learning tests) can use it too.
    /// </remarks>
    public abstract class ReadOnlyForwardStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
