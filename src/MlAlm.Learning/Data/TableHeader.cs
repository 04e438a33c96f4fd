using System;
using System.Collections.Generic;

namespace MlAlm.Learning.Data
{
    /// <summary>Reads and checks the header line that every table file starts with.</summary>
    internal static class TableHeader
    {
        /// <summary>
        /// Reads the first record as column names (surrounding white space trimmed) and checks them.
        /// </summary>
        /// <exception cref="TabularFormatException">
        /// The file is empty (no bytes, only a byte order mark, or only white space); a name is empty;
        /// every name looks like a number (the first line is data); or two names are equal ignoring case.
        /// </exception>
        public static string[] Read(DelimitedReader reader)
        {
            if (!reader.ReadRecord()) throw new TabularFormatException(reader.SourceName, 1, "the file is empty; a table file starts with a header line of column names");
            long line = reader.RecordLine;
            int count = reader.FieldCount;

            if (count == 1 && IsBlank(reader, 0))
            {
                // Nothing but white space so far: an empty file, unless something follows.
                while (reader.ReadRecord())
                {
                    if (reader.FieldCount != 1 || !IsBlank(reader, 0))
                    {
                        throw new TabularFormatException(reader.SourceName, line, "the header line is empty; the first line must name the columns");
                    }
                }
                throw new TabularFormatException(reader.SourceName, 1, "the file is empty (it holds only white space); a table file starts with a header line of column names");
            }

            var names = new string[count];
            for (int i = 0; i < count; i++)
            {
                names[i] = reader.GetString(i).Trim();
                if (names[i].Length == 0)
                {
                    throw new TabularFormatException(reader.SourceName, line, $"column {i + 1} of the header has no name");
                }
            }

            bool allNumbers = true;
            for (int i = 0; i < count && allNumbers; i++)
            {
                allNumbers = reader.TryGetDouble(i, out _);
            }
            if (allNumbers)
            {
                throw new TabularFormatException(reader.SourceName, line, "the first line looks like data, not a header; the first line must name the columns");
            }

            var seen = new Dictionary<string, int>(count, StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < count; i++)
            {
                if (seen.TryGetValue(names[i], out int first))
                {
                    throw new TabularFormatException(reader.SourceName, line,
                        $"duplicate column name: column {first + 1} '{names[first]}' and column {i + 1} '{names[i]}' (names are compared ignoring case)");
                }
                seen.Add(names[i], i);
            }
            return names;
        }

        public static TabularFormatException Ragged(DelimitedReader reader, int expected) =>
            new TabularFormatException(reader.SourceName, reader.RecordLine,
                $"expected {expected} field{(expected == 1 ? string.Empty : "s")} but found {reader.FieldCount}");

        private static bool IsBlank(DelimitedReader reader, int index)
        {
            reader.GetFieldRange(index, out int start, out int length);
            char[] b = reader.Buffer;
            for (int k = 0; k < length; k++)
            {
                if (!NumberParser.IsWhite(b[start + k])) return false;
            }
            return true;
        }
    }
}
