using System;
using System.IO;
using System.Threading;

namespace MlAlm.Core.Storage.Blob
{
    /// <summary>
    /// Reads a blob over one long GET and, when the connection breaks part-way, asks again for
    /// the rest (a Range request pinned to the same ETag), so a download of gigabytes survives a
    /// dropped connection without starting over. The pipeline's own retries cover only the start
    /// of a response, not a body already streaming.
    /// </summary>
    internal sealed class ResumingBlobStream : ForwardReadStream
    {
        private const int MaxResumes = 5;

        private readonly BlobRestClient _client;
        private readonly string _name;
        private readonly string _eTag;
        private readonly CancellationToken _cancellationToken;
        private Stream _current;
        private long _position;
        private int _resumes;

        public ResumingBlobStream(BlobRestClient client, string name, BlobDownload first, CancellationToken cancellationToken)
        {
            _client = client;
            _name = name;
            _eTag = first.ETag;
            _current = first.Stream;
            _cancellationToken = cancellationToken;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (true)
            {
                try
                {
                    int read = _current.Read(buffer, offset, count);
                    _position += read;
                    return read;
                }
                catch (IOException) when (_resumes < MaxResumes)
                {
                    _resumes++;
                    _current.Dispose();
                    Thread.Sleep(TimeSpan.FromMilliseconds(200 * _resumes));
                    var rest = _client.OpenRead(_name, _position, _eTag, _cancellationToken)
                        ?? throw new StoreUnavailableException($"The blob '{_name}' disappeared while it was being read.");
                    _current = rest.Stream;
                }
            }
        }

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _current.Dispose();
            base.Dispose(disposing);
        }
    }
}
