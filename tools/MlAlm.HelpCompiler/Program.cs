using System;

namespace MlAlm.HelpCompiler
{
    public static class Program
    {
        public static int Main(string[] args) => HelpCompilerRun.Run(args, Console.Out, Console.Error);
    }
}
