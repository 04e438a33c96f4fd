using System;
using System.Text;

namespace MlAlm.Testing
{
    /// <summary>
    /// Lines a child process printed, read as they come so that its pipes never fill up. Keeps
    /// the last part only: enough to explain a failure, bounded for a server that runs all day.
    /// </summary>
    internal sealed class OutputLog
    {
        private const int MaxChars = 64 * 1024;
        private readonly StringBuilder _text = new StringBuilder();

        public void Add(string? line)
        {
            if (line is null) return;
            lock (_text)
            {
                _text.AppendLine(line);
                if (_text.Length > MaxChars) _text.Remove(0, _text.Length - MaxChars);
            }
        }

        public bool Contains(string text)
        {
            lock (_text) return _text.ToString().Contains(text, StringComparison.Ordinal);
        }

        public override string ToString()
        {
            lock (_text) return _text.Length == 0 ? "(nothing)" : _text.ToString();
        }
    }
}
