using System;
using System.Collections.Generic;

namespace MlAlm.Learning.Data
{
    /// <summary>
    /// Turns buffer ranges into strings, returning the same instance for equal text, so that a
    /// categorical column holds each distinct value once and a repeated value costs no allocation.
    /// </summary>
    /// <remarks>
    /// An open-addressing table keyed by the characters themselves (no string is made to look one
    /// up). It stops taking new entries after <see cref="MaxEntries"/> distinct values (a column of
    /// unique ids gains nothing from pooling) and gives up on a lookup after a bounded probe, so a
    /// file crafted to collide cannot make loading quadratic.
    /// </remarks>
    internal sealed class StringPool
    {
        public const int MaxEntries = 1 << 16;
        private const int MaxProbe = 64;

        private static readonly uint Seed = (uint)Environment.TickCount * 2654435761u;

        private string?[] _entries = new string?[64];
        private uint[] _hashes = new uint[64];
        private int _count;

        public int Count => _count;

        public string Get(char[] s, int start, int length)
        {
            if (length == 0) return string.Empty;
            uint hash = Hash(s, start, length);
            int mask = _entries.Length - 1;
            int slot = (int)(hash & (uint)mask);
            for (int probe = 0; probe < MaxProbe; probe++)
            {
                string? entry = _entries[slot];
                if (entry == null)
                {
                    string created = new string(s, start, length);
                    if (_count < MaxEntries)
                    {
                        _entries[slot] = created;
                        _hashes[slot] = hash;
                        if (++_count * 2 > _entries.Length) Grow();
                    }
                    return created;
                }
                if (_hashes[slot] == hash && entry.Length == length && SameChars(entry, s, start)) return entry;
                slot = (slot + 1) & mask;
            }
            return new string(s, start, length);
        }

        private static bool SameChars(string entry, char[] s, int start)
        {
            for (int k = 0; k < entry.Length; k++)
            {
                if (entry[k] != s[start + k]) return false;
            }
            return true;
        }

        private static uint Hash(char[] s, int start, int length)
        {
            uint h = Seed ^ (uint)length;
            for (int k = 0; k < length; k++)
            {
                h = (h ^ s[start + k]) * 16777619u;
            }
            h ^= h >> 15;
            h *= 2246822519u;
            h ^= h >> 13;
            return h;
        }

        private void Grow()
        {
            var oldEntries = _entries;
            var oldHashes = _hashes;
            _entries = new string?[oldEntries.Length * 2];
            _hashes = new uint[oldEntries.Length * 2];
            int mask = _entries.Length - 1;
            for (int i = 0; i < oldEntries.Length; i++)
            {
                if (oldEntries[i] == null) continue;
                int slot = (int)(oldHashes[i] & (uint)mask);
                while (_entries[slot] != null) slot = (slot + 1) & mask;
                _entries[slot] = oldEntries[i];
                _hashes[slot] = oldHashes[i];
            }
        }
    }

    /// <summary>An append-only list in fixed-size chunks: growing never copies, and the final array is made once.</summary>
    internal sealed class ChunkedList<T>
    {
        private const int ChunkSize = 1 << 14;

        private readonly List<T[]> _full = new List<T[]>();
        private T[] _current = new T[ChunkSize];
        private int _index;

        public int Count => (_full.Count * ChunkSize) + _index;

        public void Add(T value)
        {
            if (_index == ChunkSize)
            {
                _full.Add(_current);
                _current = new T[ChunkSize];
                _index = 0;
            }
            _current[_index++] = value;
        }

        public void AddRepeated(T value, int count)
        {
            for (int i = 0; i < count; i++) Add(value);
        }

        public T[] ToArray()
        {
            var result = new T[Count];
            int offset = 0;
            foreach (var chunk in _full)
            {
                Array.Copy(chunk, 0, result, offset, ChunkSize);
                offset += ChunkSize;
            }
            Array.Copy(_current, 0, result, offset, _index);
            return result;
        }
    }
}
