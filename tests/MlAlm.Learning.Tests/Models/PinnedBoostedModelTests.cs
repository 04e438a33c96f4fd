using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using MlAlm.Learning.Data;
using MlAlm.Learning.Models;
using MlAlm.Learning.Packages;
using Xunit;

namespace MlAlm.Learning.Tests.Models
{
    /// <summary>
    /// Boosted tree models trained from a table (the TrainModel path: encoder, then trees) pinned to
    /// the package bytes and the predictions this version gives. Packages are a stored format
    /// (docs/model-package.md), so retraining the same data must give the same package.
    /// </summary>
    /// <remarks>
    /// The whole package is pinned, training log included: the log holds no timings. Log loss and
    /// the sigmoid go through the platform's <see cref="Math.Exp(double)"/>: the pins are those of
    /// x64 .NET.
    /// </remarks>
    public class PinnedBoostedModelTests
    {
        private const string ClassifierPackageSha256 = "0FB101B085FBAAC29D13A2750EFDCDBDD3EF916C8DD5A65F1E5C546BE0B4ECAB";
        private const string ClassifierPredictionsSha256 = "78E6625638CF7F765365A3A3712C3AAB69577A57942BE9F725CB5CB3EB6FC69C";
        private const string RegressorPackageSha256 = "844B2FAE52C645305085CE21B485D38CA667B4C32F906938626EE79F5A6EB3F0";
        private const string RegressorPredictionsSha256 = "0CC8040591432FE37557645704322BC1ED4F6555F702E7A21E2960AE6C52D2C2";

        [Fact]
        public void Training_the_same_data_twice_gives_byte_identical_packages()
        {
            var spec = new TrainingSpec(Learners.BoostedDecisionTree, "label") { NumberOfTrees = 10, NumberOfLeaves = 12, NumberOfBins = 31 };
            var first = Train(spec);
            var second = Train(spec);
            Assert.Equal(PackageSha256(first), PackageSha256(second));
            Assert.DoesNotContain(first.Training!.Log, line => line.Contains(" s,", StringComparison.Ordinal) || line.EndsWith(" s", StringComparison.Ordinal));
        }

        [Fact]
        public void A_boosted_classifier_trained_from_a_table_is_the_pinned_one()
        {
            var model = Train(new TrainingSpec(Learners.BoostedDecisionTree, "label") { NumberOfTrees = 10, NumberOfLeaves = 12, NumberOfBins = 31 });
            Assert.Equal(ClassifierPackageSha256, PackageSha256(model));
            Assert.Equal(ClassifierPredictionsSha256, PredictionsSha256(model));
        }

        [Fact]
        public void A_boosted_regressor_trained_from_a_table_is_the_pinned_one()
        {
            var model = Train(new TrainingSpec(Learners.BoostedDecisionTree, "target") { NumberOfTrees = 10, NumberOfLeaves = 12, NumberOfBins = 31 });
            Assert.Equal(RegressorPackageSha256, PackageSha256(model));
            Assert.Equal(RegressorPredictionsSha256, PredictionsSha256(model));
        }

        private static TrainedModel Train(TrainingSpec spec)
        {
            var table = Table(4000, 11);
            string other = spec.LabelColumn == "label" ? "target" : "label";
            spec.FeatureColumns = table.Columns.Select(c => c.Name).Where(n => n != spec.LabelColumn && n != other).ToArray();
            return Trainer.Train(table, spec, CancellationToken.None);
        }

        /// <summary>Every feature column type, missing values, unseen categories, and labels (one missing).</summary>
        private static DataTable Table(int rows, ulong seed)
        {
            var next = new Lcg(seed);
            string[] cities = { "Lima", "Oslo", "Pune", "Kyiv", "Baku", "Riga", "Nuuk" };
            var x = new double[rows];
            var flag = new bool?[rows];
            var city = new string?[rows];
            var when = new DateTime?[rows];
            var label = new string?[rows];
            var target = new double[rows];
            var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            for (int i = 0; i < rows; i++)
            {
                x[i] = i % 13 == 5 ? double.NaN : (next.Below(4001) / 1000.0) - 2;
                flag[i] = i % 17 == 3 ? null : next.Below(5) < 2;
                city[i] = i % 11 == 7 ? null : cities[next.Below(cities.Length)];
                when[i] = i % 19 == 2 ? null : start.AddHours(next.Below(20_000));
                double noise = (next.Below(1001) - 500) / 500.0;
                double score = (double.IsNaN(x[i]) ? 0.5 : x[i]) + (flag[i] == true ? 1 : 0) + (city[i] == "Oslo" ? 1.5 : city[i] == "Nuuk" ? -1 : 0)
                    + (when[i]?.Month >= 6 ? 0.8 : 0) - 0.7 + noise;
                label[i] = i % 23 == 9 ? null : score > 0 ? "good" : "bad";
                target[i] = i % 29 == 4 ? double.NaN : 10 + (3 * score);
            }
            return new DataTable(new NumberColumn("x", x), new BooleanColumn("flag", flag), new StringColumn("city", city),
                new DateTimeColumn("when", when), new StringColumn("label", label), new NumberColumn("target", target));
        }

        private static string PackageSha256(TrainedModel model)
        {
            var stream = new MemoryStream();
            ModelPackage.Write(stream, model);
            return Convert.ToHexString(SHA256.HashData(stream.ToArray()));
        }

        /// <summary>Predictions for rows the model has not seen, a missing value and an unseen category among them.</summary>
        private static string PredictionsSha256(TrainedModel model)
        {
            var input = Table(500, 99);
            input = new DataTable(input.Columns.Select(c => c.Name == "city" && c is StringColumn s
                ? new StringColumn("city", Enumerable.Range(0, s.Length).Select(i => i % 10 == 0 ? "Atlantis" : (string?)s.GetValue(i)).ToArray())
                : c));
            var output = new double[input.RowCount];
            model.Predict(input, output);
            var bytes = new byte[output.Length * sizeof(double)];
            Buffer.BlockCopy(output, 0, bytes, 0, bytes.Length);
            return Convert.ToHexString(SHA256.HashData(bytes));
        }
    }
}
