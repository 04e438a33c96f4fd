namespace MlAlm
{
    /// <summary>One problem Test-MlWorkspace found, and whether -Repair fixed it.</summary>
    public sealed class MlWorkspaceProblem
    {
        public MlWorkspaceProblem(string kind, string target, string message, bool repaired)
        {
            Kind = kind;
            Target = target;
            Message = message;
            Repaired = repaired;
        }

        /// <summary>IncompleteWrite, CorruptedContent, UnreadableDocument, MissingContent or MissingAsset.</summary>
        public string Kind { get; }

        /// <summary>The document key or content hash concerned.</summary>
        public string Target { get; }

        public string Message { get; }
        public bool Repaired { get; }

        public override string ToString() => $"{Kind} {Target}: {Message}";
    }
}
