using System;
using System.IO;
using System.Security.Cryptography;

namespace MlAlm.Core.Storage
{
    /// <summary>
    /// A read-only pass-through stream that computes the SHA-256 of every byte read, so a file
    /// can be parsed and hashed in one pass.
    /// </summary>
    public sealed class HashingReadStream : ForwardReadStream
    {
        private readonly Stream _inner;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private ContentHash? _result;

        public HashingReadStream(Stream inner) => _inner = inner;

        public long BytesRead { get; private set; }

        /// <summary>The hash of everything read; call once the stream has been read to its end.</summary>
        public ContentHash Finish()
        {
            if (_result == null) _result = ContentHash.FromDigest(_hash.GetHashAndReset());
            return _result.Value;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = _inner.Read(buffer, offset, count);
            if (n > 0)
            {
                if (_result != null) throw new InvalidOperationException("The hash was already taken.");
                _hash.AppendData(buffer, offset, n);
                BytesRead += n;
            }
            return n;
        }

        public override long Length => _inner.Length;
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

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
