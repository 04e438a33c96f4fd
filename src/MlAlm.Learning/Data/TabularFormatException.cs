using System;

namespace MlAlm.Learning.Data
{
    /// <summary>
    /// A delimited text file (CSV, TSV) could not be read as a table. <see cref="Line"/> is the
    /// 1-based physical line of the file where the problem is (for a record that spans several
    /// lines because of a quoted line break, the line where the record starts, unless the problem
    /// is at a specific later line such as an unterminated quote).
    /// </summary>
    /// <remarks>
    /// The message reads "churn.csv, line 7: expected 5 fields but found 4", or
    /// "line 7: ..." when no <see cref="Source"/> is known. A caller that knows the file name but
    /// did not pass it down can set <see cref="Source"/> in a catch block and rethrow with <c>throw;</c>.
    /// </remarks>
    public sealed class TabularFormatException : Exception
    {
        private string? _source;

        public TabularFormatException(long line, string problem)
            : this(null, line, problem)
        {
        }

        public TabularFormatException(string? source, long line, string problem)
            : base(problem ?? throw new ArgumentNullException(nameof(problem)))
        {
            if (line < 1) throw new ArgumentOutOfRangeException(nameof(line), "Line numbers are 1-based.");
            _source = source;
            Line = line;
            Problem = problem;
        }

        /// <summary>The 1-based physical line of the file where the problem is.</summary>
        public long Line { get; }

        /// <summary>What is wrong, without the file name and line (e.g. "expected 5 fields but found 4").</summary>
        public string Problem { get; }

        /// <summary>
        /// The name of the file (or dataset) being read, used as the message prefix; null when unknown.
        /// This replaces <see cref="Exception.Source"/>, which for this exception names the data, not the code.
        /// </summary>
        public override string? Source
        {
            get => _source;
            set => _source = value;
        }

        public override string Message =>
            string.IsNullOrEmpty(_source) ? $"line {Line}: {Problem}" : $"{_source}, line {Line}: {Problem}";

        /// <summary>Sets <see cref="Source"/> and returns this exception (so that a caller can write <c>e.WithSource(name); throw;</c>).</summary>
        public TabularFormatException WithSource(string? source)
        {
            _source = source;
            return this;
        }
    }
}
