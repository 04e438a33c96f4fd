namespace MlAlm.Learning.Data
{
    /// <summary>Finds the first byte that does not belong to well-formed UTF-8 (RFC 3629).</summary>
    /// <remarks>
    /// Only used after the framework's strict decoder has refused a buffer, to learn exactly how far
    /// the text was valid, so that the error can name the line where the bad byte is.
    /// </remarks>
    internal static class Utf8Validator
    {
        /// <summary>
        /// Returns the index of the first byte of the first ill-formed sequence in
        /// <c>bytes[start, start + count)</c>, or -1 when every sequence is complete and well-formed.
        /// </summary>
        public static int FindFirstInvalid(byte[] bytes, int start, int count)
        {
            int end = start + count;
            int i = start;
            while (i < end)
            {
                byte b = bytes[i];
                if (b < 0x80) { i++; continue; }
                int need;
                int min;
                if (b >= 0xC2 && b <= 0xDF) { need = 1; min = 0x80; }
                else if (b >= 0xE0 && b <= 0xEF) { need = 2; min = 0x800; }
                else if (b >= 0xF0 && b <= 0xF4) { need = 3; min = 0x10000; }
                else return i;
                if (i + need >= end) return i;
                int cp = b & (0x3F >> need);
                for (int k = 1; k <= need; k++)
                {
                    byte c = bytes[i + k];
                    if ((c & 0xC0) != 0x80) return i;
                    cp = (cp << 6) | (c & 0x3F);
                }
                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
                i += need + 1;
            }
            return -1;
        }
    }
}
