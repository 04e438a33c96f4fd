using System;
using System.Management.Automation;

namespace MlAlm.Commands.Infrastructure
{
    /// <summary>
    /// Turns Core progress reports into Write-Progress, synchronously on the pipeline thread
    /// (Progress&lt;T&gt; would post to the thread pool, where WriteProgress is not allowed).
    /// </summary>
    internal sealed class CmdletProgress : IProgress<string>
    {
        private readonly Cmdlet _cmdlet;
        private readonly ProgressRecord _record;

        public CmdletProgress(Cmdlet cmdlet, ProgressRecord record)
        {
            _cmdlet = cmdlet;
            _record = record;
        }

        public void Report(string value)
        {
            _record.StatusDescription = value;
            _cmdlet.WriteProgress(_record);
        }
    }
}
