using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MlAlm.Bench
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            string command = args.Length > 0 ? args[0] : "";
            var options = ParseOptions(args.Skip(1).ToArray());
            switch (command)
            {
                case "gbdt":
                    return TreeBench.Run(options);
                default:
                    Console.Error.WriteLine("usage: MlAlm.Bench gbdt [--rows N] [--features N] [--runs N] [--seed N] [--threads N] [--sklearn 0|1]");
                    return 2;
            }
        }

        private static Dictionary<string, int> ParseOptions(string[] args)
        {
            var result = new Dictionary<string, int>();
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unknown argument '{args[i]}'.");
                result[args[i].Substring(2)] = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
            return result;
        }
    }
}
