using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using MlAlm.Commands.Infrastructure;
using MlAlm.Core.Datasets;

namespace MlAlm.Commands.Datasets
{
    /// <summary>Imports CSV or TSV files as new dataset versions.</summary>
    [Cmdlet(VerbsData.Import, "MlDataset", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
    [Alias("Upload-MlDataset")]
    [OutputType(typeof(MlDataset))]
    public sealed class ImportMlDatasetCommand : WorkspaceCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>The dataset name; the file name without its extension when omitted.</summary>
        [Parameter(Position = 1)]
        [ArgumentCompleter(typeof(DatasetNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        [Parameter]
        public string? Description { get; set; }

        /// <summary>The field separator; from the extension (.csv, .tsv) or the header line when omitted.</summary>
        [Parameter]
        public char? Delimiter { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var file in ResolveFiles())
            {
                var name = Name ?? System.IO.Path.GetFileNameWithoutExtension(file);
                if (!ShouldProcess($"{file} -> dataset '{name}'", "Import dataset")) continue;
                var progress = new ProgressRecord(2, "Import-MlDataset", "Importing " + System.IO.Path.GetFileName(file));
                WriteProgress(progress);
                TryRun(() => WriteObject(new DatasetService(CurrentWorkspace).Import(file, name, Description, Delimiter, CancellationToken)), file);
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }

        private IEnumerable<string> ResolveFiles()
        {
            var files = new List<string>();
            if (ParameterSetName == LiteralPathSet)
            {
                foreach (var literal in LiteralPath) files.Add(SessionState.Path.GetUnresolvedProviderPathFromPSPath(literal));
                return files;
            }
            foreach (var pattern in Path)
            {
                try
                {
                    files.AddRange(GetResolvedProviderPathFromPSPath(pattern, out _));
                }
                catch (ItemNotFoundException e)
                {
                    WriteError(new ErrorRecord(e, "DatasetFileNotFound", ErrorCategory.ObjectNotFound, pattern));
                }
            }
            return files;
        }
    }
}
