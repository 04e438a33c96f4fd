using System;
using System.IO;
using System.Text;

namespace MlAlm.Learning.Data
{
    /// <summary>Chooses the field delimiter of a file from its name or, failing that, its header line.</summary>
    public static class DelimiterDetection
    {
        private const int SniffBytes = 1 << 16;

        /// <summary>',' for .csv, tab for .tsv and .tab (any case), otherwise null.</summary>
        public static char? FromFileName(string fileName)
        {
            if (fileName == null) throw new ArgumentNullException(nameof(fileName));
            string extension = Path.GetExtension(fileName);
            if (string.Equals(extension, ".csv", StringComparison.OrdinalIgnoreCase)) return ',';
            if (string.Equals(extension, ".tsv", StringComparison.OrdinalIgnoreCase) ||
                string.Equals(extension, ".tab", StringComparison.OrdinalIgnoreCase))
            {
                return '\t';
            }
            return null;
        }

        /// <summary>
        /// Counts tabs, commas and semicolons outside quotes in the first line (up to the first line
        /// break outside quotes) and returns the most frequent; ties go to comma, then tab, then
        /// semicolon, and a line with none of them gives comma (a single-column file).
        /// </summary>
        public static char FromHeaderLine(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            int tabs = 0, commas = 0, semicolons = 0;
            bool quoted = false;
            foreach (char c in text)
            {
                if (c == '"') { quoted = !quoted; continue; }
                if (quoted) continue;
                if (c == '\n' || c == '\r') break;
                if (c == '\t') tabs++;
                else if (c == ',') commas++;
                else if (c == ';') semicolons++;
            }
            if (commas >= tabs && commas >= semicolons) return ',';
            return tabs >= semicolons ? '\t' : ';';
        }

        /// <summary>
        /// Sniffs the delimiter from the start of a seekable stream (its first 64 KB) and puts the
        /// position back where it was.
        /// </summary>
        public static char Sniff(Stream stream)
        {
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            if (!stream.CanSeek) throw new ArgumentException("Sniffing needs a seekable stream; pass the delimiter instead.", nameof(stream));
            long position = stream.Position;
            char delimiter = SniffForward(stream);
            stream.Position = position;
            return delimiter;
        }

        /// <summary>
        /// Sniffs the delimiter from the next 64 KB of any stream, which are consumed: for streams
        /// that cannot seek (open the data again to read it).
        /// </summary>
        public static char SniffForward(Stream stream)
        {
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            var buffer = new byte[SniffBytes];
            int n = 0;
            int read;
            while (n < buffer.Length && (read = stream.Read(buffer, n, buffer.Length - n)) > 0) n += read;
            int start = n >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
            return FromHeaderLine(Encoding.UTF8.GetString(buffer, start, n - start));
        }

        /// <summary>The delimiter of a file: from its extension, else sniffed from its header line.</summary>
        public static char Detect(string path)
        {
            char? fromName = FromFileName(path);
            if (fromName.HasValue) return fromName.Value;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return Sniff(stream);
        }
    }
}
