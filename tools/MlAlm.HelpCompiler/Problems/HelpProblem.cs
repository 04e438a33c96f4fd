using System;
using System.Globalization;

namespace MlAlm.HelpCompiler.Problems
{
    /// <summary>How bad a problem is. Errors stop the compile; warnings do not.</summary>
    public enum ProblemSeverity
    {
        Warning,
        Error,
    }

    /// <summary>
    /// One problem found in the help sources, located in a file (and line, when known).
    /// <see cref="ToString"/> gives MSBuild's canonical message format so that the Exec task
    /// and IDEs pick the line up as a warning or error.
    /// </summary>
    public sealed record HelpProblem(string File, int Line, ProblemSeverity Severity, string Code, string Message)
    {
        public static HelpProblem Warning(string file, int line, string code, string message) =>
            new(file, line, ProblemSeverity.Warning, code, message);

        public static HelpProblem Error(string file, int line, string code, string message) =>
            new(file, line, ProblemSeverity.Error, code, message);

        public bool IsError => Severity == ProblemSeverity.Error;

        /// <summary>Formats as <c>file(line): warning CODE: message</c>.</summary>
        public override string ToString()
        {
            string origin = Line > 0
                ? string.Format(CultureInfo.InvariantCulture, "{0}({1})", File, Line)
                : File;
            string category = IsError ? "error" : "warning";
            return string.Format(CultureInfo.InvariantCulture, "{0}: {1} {2}: {3}", origin, category, Code, Message);
        }

        /// <summary>Stable order: file, line, code, message (ordinal).</summary>
        public static int Compare(HelpProblem? a, HelpProblem? b)
        {
            if (ReferenceEquals(a, b)) return 0;
            if (a is null) return -1;
            if (b is null) return 1;
            int c = string.CompareOrdinal(a.File, b.File);
            if (c != 0) return c;
            c = a.Line.CompareTo(b.Line);
            if (c != 0) return c;
            c = string.CompareOrdinal(a.Code, b.Code);
            return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
        }
    }

    /// <summary>The problem codes, documented in docs/help/README.md.</summary>
    public static class ProblemCodes
    {
        // Content problems: warnings when compiling, failures under --check.
        public const string MissingPage = "MLHELP001";
        public const string UnknownCmdlet = "MLHELP002";
        public const string NoExample = "MLHELP003";
        public const string ExampleWithoutCode = "MLHELP004";
        public const string UndescribedParameter = "MLHELP005";
        public const string UnknownParameter = "MLHELP006";
        public const string EmptySynopsis = "MLHELP007";
        public const string BrokenLink = "MLHELP008";
        public const string EmptyParameterDescription = "MLHELP009";
        public const string AboutWithoutDescription = "MLHELP010";

        // Format errors: the page does not follow docs/help/README.md, so it cannot be compiled.
        public const string BadTitle = "MLHELP101";
        public const string UnknownSection = "MLHELP102";
        public const string DuplicateSection = "MLHELP103";
        public const string MisplacedContent = "MLHELP104";
        public const string UnclosedFence = "MLHELP105";
        public const string DuplicateEntry = "MLHELP106";
        public const string BadParameterHeading = "MLHELP107";

        // The run itself could not proceed.
        public const string Usage = "MLHELP900";
        public const string AssemblyUnreadable = "MLHELP901";
        public const string DocsUnreadable = "MLHELP902";
        public const string OutputUnwritable = "MLHELP903";
    }
}
