using System;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using MlAlm.Learning.Features;
using MlAlm.Learning.Trees;
using Xunit;

namespace MlAlm.Learning.Tests.Trees
{
    /// <summary>
    /// Trained ensembles pinned to the bytes this version writes: a model is a stored format, so a
    /// change in any split, gain or leaf value, however small, must show up here and not in a
    /// user's retrained model. The data reach every histogram kernel (feature groups of one to four,
    /// with and without hessians), the sampled binning, missing values, rare and frequent
    /// categories and a constant feature.
    /// </summary>
    /// <remarks>
    /// Log loss goes through <see cref="Math.Exp(double)"/> and <see cref="Math.Log(double)"/>, which
    /// come from the platform's C library: the pins are those of x64 .NET. A new pin is only right
    /// when the change was meant to alter trained models.
    /// </remarks>
    public class PinnedTrainingTests
    {
        private const string SquaredErrorSha256 = "4697CBA43805B314BD6396F5ED509BCE584212FBD34398E96D1A92E8DA5DBBA7";
        private const string LogLossSha256 = "E76761A600D7DFEF01E9269C9A8309207E304A58EAD4D4D1059A3BF5ED46D37A";

        [Theory]
        [InlineData(1)] // one group of three features and one of four
        [InlineData(4)] // groups of one, two and two features, histograms built in parallel
        public void Squared_error_ensembles_are_byte_for_byte_the_pinned_ones(int threads) =>
            Assert.Equal(SquaredErrorSha256, Sha256(Train(BoostingObjective.SquaredError, threads)));

        [Theory]
        [InlineData(1)]
        [InlineData(4)]
        public void Log_loss_ensembles_are_byte_for_byte_the_pinned_ones(int threads) =>
            Assert.Equal(LogLossSha256, Sha256(Train(BoostingObjective.LogLoss, threads)));

        private static TreeEnsemble Train(BoostingObjective objective, int threads)
        {
            var (x, y) = Data(12_000, objective);
            var options = new BoostingOptions
            {
                NumberOfTrees = 12,
                NumberOfLeaves = 15,
                LearningRate = 0.2,
                MinimumSamplesPerLeaf = 20,
                NumberOfBins = 63,
                L2 = 0.5,
                BinningSampleSize = 5000,
                Seed = 7,
                MaxDegreeOfParallelism = threads,
            };
            return GradientBoostedTrees.Train(x, y, objective, options, CancellationToken.None);
        }

        /// <summary>
        /// Seven usable features and a constant one, from integer arithmetic only (no
        /// <see cref="Random"/>, whose algorithm is not a contract).
        /// </summary>
        internal static (EncodedFeatures X, double[] Y) Data(int rows, BoostingObjective objective)
        {
            var next = new Lcg(2024);
            var columns = Enumerable.Range(0, 8).Select(_ => new double[rows]).ToArray();
            var y = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                double wide = (next.Below(10_001) / 1000.0) - 5;      // many distinct values: sampled quantile bins
                double gappy = next.Below(2001) / 100.0;              // missing in every ninth row
                if (i % 9 == 4) gappy = double.NaN;
                double steps = next.Below(10);                        // one bin per value
                double small = (next.Below(201) - 100) / 50.0;
                double noise = (next.Below(1001) - 500) / 250.0;
                double city = i % 13 == 6 ? double.NaN : next.Below(12); // categorical, with missing codes
                int rare = (int)next.Below(100);                      // categorical: more codes than bins
                double code = rare < 50 ? rare % 5 : rare + 10;
                columns[0][i] = wide;
                columns[1][i] = gappy;
                columns[2][i] = steps;
                columns[3][i] = small;
                columns[4][i] = noise;
                columns[5][i] = city;
                columns[6][i] = code;
                columns[7][i] = 1; // constant: left out of the split search
                double score = wide + (double.IsNaN(gappy) ? 2 : -0.1 * gappy) + (steps * steps / 20)
                    + (city == 1 || city == 4 || city == 7 ? 1.5 : 0) + (code == 3 ? -1 : 0) + (0.3 * small * wide) + noise;
                y[i] = objective == BoostingObjective.LogLoss ? (score > 0.5 ? 1 : 0) : score;
            }
            var categorical = new[] { false, false, false, false, false, true, true, false };
            var categoryCounts = new[] { 0, 0, 0, 0, 0, 12, 110, 0 };
            var names = new[] { "wide", "gappy", "steps", "small", "noise", "city", "code", "constant" };
            return (new EncodedFeatures(columns, categorical, categoryCounts, names, rows), y);
        }

        private static string Sha256(TreeEnsemble model) => Convert.ToHexString(SHA256.HashData(TreeEnsembleTests.Bytes(model)));
    }
}
