using System.Collections.Generic;
using System.IO;
using System.Text;
using MlAlm.Learning.Data;
using MlAlm.Testing;

namespace MlAlm.Learning.Tests.Data
{
    internal static class TestText
    {
        public static MemoryStream Utf8(string text, bool bom = false)
        {
            var bytes = new List<byte>();
            if (bom) bytes.AddRange(new byte[] { 0xEF, 0xBB, 0xBF });
            bytes.AddRange(new UTF8Encoding(false).GetBytes(text));
            return new MemoryStream(bytes.ToArray());
        }

        /// <summary>All records as string arrays, read with a tiny buffer too so that every record crosses refills.</summary>
        public static List<string[]> Records(Stream stream, char delimiter = ',', int bufferSize = DelimitedReader.DefaultBufferSize)
        {
            var result = new List<string[]>();
            using var reader = new DelimitedReader(stream, delimiter, bufferSize: bufferSize);
            while (reader.ReadRecord())
            {
                var fields = new string[reader.FieldCount];
                for (int i = 0; i < fields.Length; i++) fields[i] = reader.GetString(i);
                result.Add(fields);
            }
            return result;
        }

        /// <summary>A stream that hands out at most a few bytes per read, to exercise partial reads.</summary>
        public sealed class Trickle : ReadOnlyForwardStream
        {
            private readonly Stream _inner;
            private readonly int _max;

            public Trickle(byte[] bytes, int max) { _inner = new MemoryStream(bytes); _max = max; }

            public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, System.Math.Min(count, _max));
        }
    }
}
