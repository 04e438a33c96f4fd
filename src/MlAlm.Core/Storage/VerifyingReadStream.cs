using System;
using System.IO;
using System.Security.Cryptography;

namespace MlAlm.Core.Storage
{
    /// <summary>
    /// Reads stored content while hashing it, and refuses to report a clean end of stream unless
    /// the bytes hash to the address they were stored under. Not seekable on purpose: a caller
    /// that skipped bytes could never be told whether what it read was genuine.
    /// Backend-neutral, so every <see cref="IWorkspaceStore"/> can wrap its raw stream in it.
    /// </summary>
    internal sealed class VerifyingReadStream : ForwardReadStream
    {
        private readonly Stream _inner;
        private readonly ContentHash _expected;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _bytesRead;
        private ContentCorruptedException? _failure;
        private bool _verified;

        public VerifyingReadStream(Stream inner, ContentHash expected)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            _expected = expected;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_failure != null) throw _failure;
            if (count == 0) return 0; // a zero-byte request is not the end of the stream
            int read = _inner.Read(buffer, offset, count);
            if (read > 0)
            {
                _hash.AppendData(buffer, offset, read);
                _bytesRead += read;
                return read;
            }
            if (!_verified) Verify();
            return 0;
        }

        private void Verify()
        {
            var actual = ContentHash.FromDigest(_hash.GetHashAndReset());
            if (actual != _expected)
            {
                // Remembered so that a caller who catches and reads again is refused again.
                _failure = new ContentCorruptedException(_expected, $"its {_bytesRead} bytes hash to {actual}");
                throw _failure;
            }
            _verified = true;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                _hash.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
