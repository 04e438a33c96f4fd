using System;
using System.Diagnostics;

namespace MlAlm.Testing
{
    /// <summary>Runs a command to completion (npm ci) and keeps what it printed.</summary>
    internal static class ChildProcess
    {
        public sealed record Result(int ExitCode, string Output);

        public static Result Run(string command, string workingDirectory, TimeSpan timeout, params string[] arguments)
        {
            var info = new ProcessStartInfo(command)
            {
                WorkingDirectory = workingDirectory,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            foreach (var argument in arguments) info.ArgumentList.Add(argument);
            var output = new OutputLog();
            using var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) => output.Add(e.Data);
            process.ErrorDataReceived += (_, e) => output.Add(e.Data);
            process.Start();
            process.StandardInput.Close(); // nothing to ask: never wait for a prompt
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"`{command} {string.Join(" ", arguments)}` did not finish in {timeout}. Its output:\n{output}");
            }
            process.WaitForExit(); // lets the output readers drain
            return new Result(process.ExitCode, output.ToString());
        }
    }
}
