using System;
using MlAlm.Learning.Features;
using MlAlm.Learning.Trees;

namespace MlAlm.Learning.Tests.Trees
{
    /// <summary>Small generated datasets for the tree tests, from a fixed <see cref="Random"/> seed.</summary>
    internal static class TreeTestData
    {
        public static EncodedFeatures Numeric(params double[][] columns)
        {
            var names = new string[columns.Length];
            for (int i = 0; i < names.Length; i++) names[i] = "x" + (i + 1);
            return new EncodedFeatures(columns, new bool[columns.Length], new int[columns.Length], names, columns[0].Length);
        }

        public static double[] Uniform(Random random, int rows, double min, double max)
        {
            var values = new double[rows];
            for (int i = 0; i < rows; i++) values[i] = min + ((max - min) * random.NextDouble());
            return values;
        }

        /// <summary>Rows with a mix of signal: y = 1 when 2·x1 − x2 + x3² + noise &gt; 0.5.</summary>
        public static (EncodedFeatures X, double[] Y) Binary(int rows, int seed)
        {
            var random = new Random(seed);
            double[] x1 = Uniform(random, rows, -1, 1), x2 = Uniform(random, rows, -1, 1), x3 = Uniform(random, rows, -1, 1);
            var y = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                double noise = (random.NextDouble() - 0.5) * 0.8;
                y[i] = (2 * x1[i]) - x2[i] + (x3[i] * x3[i]) + noise > 0.5 ? 1 : 0;
            }
            return (Numeric(x1, x2, x3), y);
        }

        public static double LogLoss(double[] probabilities, double[] labels)
        {
            double sum = 0;
            for (int i = 0; i < labels.Length; i++)
            {
                double p = Math.Min(Math.Max(probabilities[i], 1e-15), 1 - 1e-15);
                sum -= labels[i] == 1 ? Math.Log(p) : Math.Log(1 - p);
            }
            return sum / labels.Length;
        }

        public static double Accuracy(double[] probabilities, double[] labels)
        {
            int right = 0;
            for (int i = 0; i < labels.Length; i++) if ((probabilities[i] > 0.5) == (labels[i] == 1)) right++;
            return (double)right / labels.Length;
        }
    }
}
