using System;
using System.IO;
using System.Threading;
using MlAlm.Testing;

namespace MlAlm.Core.Tests.Storage
{
    /// <summary>
    /// Passes bytes through until a given offset, then holds the reader there until the test
    /// releases it: a put is paused at a known point (every earlier block handed to the store) so
    /// that a fault can be injected before it carries on. Not seekable, so a store cannot hash it
    /// up front and skip the upload.
    /// </summary>
    internal sealed class GatedStream : ReadOnlyForwardStream
    {
        private static readonly TimeSpan LongestHold = TimeSpan.FromMinutes(10);

        private readonly Stream _inner;
        private readonly long _gateAt;
        private readonly ManualResetEventSlim _reached = new ManualResetEventSlim();
        private readonly ManualResetEventSlim _released = new ManualResetEventSlim();
        private long _read;

        public GatedStream(Stream inner, long gateAt)
        {
            _inner = inner;
            _gateAt = gateAt;
        }

        /// <summary>Set once the reader has read everything before the gate and asks for more.</summary>
        public WaitHandle Reached => _reached.WaitHandle;

        public long BytesRead => Interlocked.Read(ref _read);

        public void Release() => _released.Set();

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read < _gateAt) count = (int)Math.Min(count, _gateAt - _read);
            else if (!_released.IsSet)
            {
                _reached.Set();
                if (!_released.Wait(LongestHold)) throw new IOException("The test never released the gated stream.");
            }
            int n = _inner.Read(buffer, offset, count);
            Interlocked.Add(ref _read, n);
            return n;
        }


        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _released.Set();
                _inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
