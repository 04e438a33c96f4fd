using System;
using System.IO;
using System.Security.Cryptography;
using MlAlm.Core.Storage;
using MlAlm.Testing;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>Bytes in memory behind a stream that cannot seek, so a store hashes them as it uploads (the staged path).</summary>
    internal sealed class NonSeekableStream : MemoryStream
    {
        public NonSeekableStream(byte[] bytes) : base(bytes) { }
        public override bool CanSeek => false;
    }

    /// <summary>
    /// Deterministic pseudo-random bytes of a given length, produced as they are read: a large
    /// input without a large array or a file. Not seekable, like a network or pipeline stream, and
    /// it hands out at most <see cref="MaxChunk"/> bytes a call, so a store must loop.
    /// </summary>
    internal sealed class GeneratedStream : ReadOnlyForwardStream
    {
        public const int MaxChunk = 50_000;
        private readonly long _length;
        private ulong _state;
        private long _position;

        public GeneratedStream(long length, ulong seed)
        {
            _length = length;
            _state = seed | 1;
        }

        public int LargestReadRequested { get; private set; }

        /// <summary>The SHA-256 of what a stream with these arguments produces.</summary>
        public static ContentHash HashOf(long length, ulong seed)
        {
            using var stream = new GeneratedStream(length, seed);
            using var sha = SHA256.Create();
            return ContentHash.FromDigest(sha.ComputeHash(stream));
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            LargestReadRequested = Math.Max(LargestReadRequested, count);
            int n = (int)Math.Min(Math.Min(count, MaxChunk), _length - _position);
            for (int i = 0; i < n; i++)
            {
                // xorshift64: cheap and reproducible.
                _state ^= _state << 13;
                _state ^= _state >> 7;
                _state ^= _state << 17;
                buffer[offset + i] = (byte)_state;
            }
            _position += n;
            return n;
        }

    }

    /// <summary>Passes bytes through until a given count, then fails or cancels, to interrupt a put.</summary>
    internal sealed class InterruptingStream : ReadOnlyForwardStream
    {
        private readonly Stream _inner;
        private readonly long _after;
        private readonly Action _interrupt;
        private long _read;

        public InterruptingStream(Stream inner, long after, Action interrupt)
        {
            _inner = inner;
            _after = after;
            _interrupt = interrupt;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= _after) _interrupt();
            int n = _inner.Read(buffer, offset, count);
            _read += n;
            return n;
        }

    }
}
