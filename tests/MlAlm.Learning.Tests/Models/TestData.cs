using System;
using System.Linq;
using MlAlm.Learning.Data;

namespace MlAlm.Learning.Tests.Models
{
    /// <summary>Small generated tables for learner tests (System.Random with a fixed seed).</summary>
    internal static class TestData
    {
        public static double[] Normal(Random random, int n, double scale = 1, double shift = 0) =>
            Enumerable.Range(0, n).Select(_ => shift + (scale * Gaussian(random))).ToArray();

        public static double Gaussian(Random random)
        {
            // Box-Muller
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

        public static DataTable Table(params DataColumn[] columns) => new DataTable(columns);

        public static double[] Column(DataTable table, string name) => ((NumberColumn)table[name]).ToArray();
    }
}
