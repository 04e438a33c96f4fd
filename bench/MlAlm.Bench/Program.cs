using System;

namespace MlAlm.Bench
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            switch (args.Length == 0 ? string.Empty : args[0])
            {
                case "learners":
                    return LearnerBench.Run(args);
                default:
                    Console.Error.WriteLine("usage: MlAlm.Bench learners [--rows N] [--features N] [--runs N] [--seed N] [--sklearn 0|1]");
                    return 2;
            }
        }
    }
}
