using System;
using System.Linq;
using System.Threading;
using MlAlm.Learning.Features;
using MlAlm.Learning.Trees;
using Xunit;
using static MlAlm.Learning.Tests.Trees.TreeTestData;

namespace MlAlm.Learning.Tests.Trees
{
    public class GradientBoostedTreesTests
    {
        private static double Step(double x) => x < 30 ? 0 : x < 70 ? 5 : -2;

        [Fact]
        public void A_step_function_is_fitted_exactly_by_one_tree()
        {
            // 100 distinct values (each its own bin), 10 rows each; steps at 30 and 70.
            int rows = 1000;
            var x = new double[rows];
            var y = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                x[i] = i % 100;
                y[i] = Step(x[i]);
            }
            var options = new BoostingOptions { NumberOfTrees = 1, NumberOfLeaves = 3, LearningRate = 1, MinimumSamplesPerLeaf = 1 };
            var model = GradientBoostedTrees.Train(Numeric(x), y, BoostingObjective.SquaredError, options, CancellationToken.None);

            // Between the training values the cut is the midpoint: 29.5 and 69.5.
            double[] probe = { -1000, 0, 29, 29.4, 29.6, 30, 50, 69, 69.4, 69.6, 70, 99, 1000 };
            double[] expected = { 0, 0, 0, 0, 5, 5, 5, 5, 5, -2, -2, -2, -2 };
            var predicted = new double[probe.Length];
            model.Predict(new[] { probe }, predicted);
            // Exact up to the float precision gradients are kept in (about 1e-7 of the residuals).
            for (int i = 0; i < probe.Length; i++) Assert.Equal(expected[i], predicted[i], 6);
        }

        [Fact]
        public void More_trees_after_an_exact_fit_change_nothing()
        {
            var x = Enumerable.Range(0, 1000).Select(i => (double)(i % 100)).ToArray();
            var y = x.Select(Step).ToArray();
            var options = new BoostingOptions { NumberOfTrees = 20, NumberOfLeaves = 8, LearningRate = 1, MinimumSamplesPerLeaf = 5 };
            var model = GradientBoostedTrees.Train(Numeric(x), y, BoostingObjective.SquaredError, options, CancellationToken.None);
            var predicted = new double[x.Length];
            model.Predict(new[] { x }, predicted);
            for (int i = 0; i < x.Length; i++) Assert.Equal(y[i], predicted[i], 6);
        }

        [Fact]
        public void An_xor_interaction_is_learned_where_additive_models_fail()
        {
            // y = 1 in the quadrants where x1 and x2 have the same sign: no sum f(x1) + g(x2) can
            // separate it, so boosted stumps (one split per tree, an additive model) stay near chance.
            var random = new Random(7);
            (EncodedFeatures X, double[] Y) Make(int rows)
            {
                double[] x1 = Uniform(random, rows, -1, 1), x2 = Uniform(random, rows, -1, 1);
                var y = new double[rows];
                for (int i = 0; i < rows; i++) y[i] = x1[i] * x2[i] > 0 ? 1 : 0;
                return (Numeric(x1, x2), y);
            }
            var train = Make(4000);
            var test = Make(2000);

            double Fit(int leaves)
            {
                var options = new BoostingOptions { NumberOfTrees = 50, NumberOfLeaves = leaves, LearningRate = 0.3 };
                var model = GradientBoostedTrees.Train(train.X, train.Y, BoostingObjective.LogLoss, options, CancellationToken.None);
                var p = new double[test.Y.Length];
                model.Predict(test.X.Columns, p);
                return Accuracy(p, test.Y);
            }

            Assert.True(Fit(2) < 0.65, "stumps should not learn XOR");
            Assert.True(Fit(4) > 0.97, "four-leaf trees should learn XOR");
        }

        [Fact]
        public void Trees_respect_the_number_of_leaves_and_the_minimum_samples_per_leaf()
        {
            var random = new Random(3);
            int rows = 3000;
            double[] x1 = Uniform(random, rows, 0, 1), x2 = Uniform(random, rows, 0, 1);
            var y = new double[rows];
            for (int i = 0; i < rows; i++) y[i] = Math.Sin(6 * x1[i]) + (x2[i] * x2[i]) + (0.1 * random.NextDouble());
            var x = Numeric(x1, x2);
            var options = new BoostingOptions { NumberOfTrees = 10, NumberOfLeaves = 7, MinimumSamplesPerLeaf = 137 };
            var model = GradientBoostedTrees.Train(x, y, BoostingObjective.SquaredError, options, CancellationToken.None);

            Assert.Equal(10, model.TreeCount);
            Assert.Contains(model.Trees, t => t.LeafCountTotal == 7);
            foreach (var tree in model.Trees)
            {
                Assert.InRange(tree.LeafCountTotal, 1, 7);
                Assert.Equal(rows, tree.LeafCount.Sum());
                Assert.All(tree.LeafCount, c => Assert.True(c >= 137, $"a leaf holds {c} rows"));

                // Routing the training rows through the raw thresholds reaches the same leaves as
                // training did through the bins.
                var reached = new int[tree.LeafCountTotal];
                for (int i = 0; i < rows; i++) reached[tree.Leaf(x.Columns, i, model.Features)]++;
                Assert.Equal(tree.LeafCount, reached);
            }
        }

        [Fact]
        public void A_tiny_dataset_gives_a_single_leaf_model()
        {
            var options = new BoostingOptions { NumberOfTrees = 3, MinimumSamplesPerLeaf = 20 };
            var model = GradientBoostedTrees.Train(Numeric(new[] { 1.0, 2, 3 }), new[] { 1.0, 2, 6 }, BoostingObjective.SquaredError, options, CancellationToken.None);
            var p = new double[1];
            model.Predict(new[] { new[] { 2.0 } }, p);
            Assert.Equal(3, p[0], 6);
            Assert.All(model.Trees, t => Assert.Equal(1, t.LeafCountTotal));
        }

        [Fact]
        public void Missing_values_get_their_own_direction()
        {
            // Present values: y = 1 above 0.5, else 0. Missing values behave like low ones in the
            // first dataset and like high ones in the second; either way the trees must send NaN
            // with the rows it resembles.
            var random = new Random(11);
            int rows = 4000;
            foreach (double missingLabel in new[] { 0.0, 1.0 })
            {
                var x = new double[rows];
                var y = new double[rows];
                for (int i = 0; i < rows; i++)
                {
                    if (i % 5 == 0)
                    {
                        x[i] = double.NaN;
                        y[i] = missingLabel;
                    }
                    else
                    {
                        x[i] = random.NextDouble();
                        y[i] = x[i] > 0.5 ? 1 : 0;
                    }
                }
                var model = GradientBoostedTrees.Train(Numeric(x), y, BoostingObjective.LogLoss, new BoostingOptions { NumberOfTrees = 50 }, CancellationToken.None);
                var p = new double[3];
                model.Predict(new[] { new[] { double.NaN, 0.2, 0.8 } }, p);
                Assert.True(missingLabel == 1 ? p[0] > 0.9 : p[0] < 0.1, $"NaN scored {p[0]} when missing rows have label {missingLabel}");
                Assert.True(p[1] < 0.1 && p[2] > 0.9);
            }
        }

        [Fact]
        public void Missing_values_alone_carry_the_signal()
        {
            // y is 3 exactly where x is missing; the present values are noise.
            var random = new Random(5);
            int rows = 2000;
            var x = new double[rows];
            var y = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                bool missing = random.NextDouble() < 0.3;
                x[i] = missing ? double.NaN : random.NextDouble();
                y[i] = missing ? 3 : 0;
            }
            var options = new BoostingOptions { NumberOfTrees = 1, NumberOfLeaves = 2, LearningRate = 1 };
            var model = GradientBoostedTrees.Train(Numeric(x), y, BoostingObjective.SquaredError, options, CancellationToken.None);
            var p = new double[4];
            model.Predict(new[] { new[] { double.NaN, 0, 0.5, 1 } }, p);
            Assert.Equal(new[] { 3.0, 0, 0, 0 }, p.Select(v => Math.Round(v, 6)).ToArray());
        }

        [Fact]
        public void Nan_for_a_feature_never_missing_in_training_follows_the_larger_side()
        {
            // 900 rows at x < 0.9 (y 0), 100 at x >= 0.9 (y 10): NaN goes with the 900.
            var x = Enumerable.Range(0, 1000).Select(i => i / 1000.0).ToArray();
            var y = x.Select(v => v < 0.9 ? 0.0 : 10).ToArray();
            var options = new BoostingOptions { NumberOfTrees = 1, NumberOfLeaves = 2, LearningRate = 1 };
            var model = GradientBoostedTrees.Train(Numeric(x), y, BoostingObjective.SquaredError, options, CancellationToken.None);
            var p = new double[1];
            model.Predict(new[] { new[] { double.NaN } }, p);
            Assert.Equal(0, p[0], 6);
        }

        [Fact]
        public void A_signal_only_in_a_categorical_feature_is_learned()
        {
            // Label 1 for categories {1, 4, 7} of 0..9: scattered codes, so no single threshold on
            // the code separates them, but one categorical split does.
            var random = new Random(13);
            int rows = 3000;
            var category = new double[rows];
            var noise = Uniform(random, rows, 0, 1);
            var y = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                int c = random.Next(10);
                category[i] = c;
                y[i] = c == 1 || c == 4 || c == 7 ? 1 : 0;
            }
            var x = new EncodedFeatures(new[] { noise, category }, new[] { false, true }, new[] { 0, 10 }, new[] { "noise", "category" }, rows);
            var options = new BoostingOptions { NumberOfTrees = 1, NumberOfLeaves = 2, LearningRate = 1 };
            var model = GradientBoostedTrees.Train(x, y, BoostingObjective.LogLoss, options, CancellationToken.None);

            var tree = Assert.Single(model.Trees);
            Assert.Equal(1, tree.NodeCount);
            Assert.Equal(1, tree.Feature[0]);
            // One Newton step from the log-odds of the mean label p0, on pure leaves: g = p0 - y,
            // h = p0(1 - p0), so the positive leaf adds 1/p0 and the negative one -1/(1 - p0).
            double p0 = y.Average();
            double positiveRaw = Math.Log(p0 / (1 - p0)) + (1 / p0);
            double negativeRaw = Math.Log(p0 / (1 - p0)) - (1 / (1 - p0));
            var codes = Enumerable.Range(0, 10).Select(c => (double)c).ToArray();
            var raw = new double[10];
            model.PredictRaw(new[] { new double[10], codes }, raw);
            for (int c = 0; c < 10; c++)
            {
                bool positive = c == 1 || c == 4 || c == 7;
                Assert.Equal(positive ? positiveRaw : negativeRaw, raw[c], 5);
            }
            var p = new double[10];
            model.Predict(new[] { new double[10], codes }, p);
            Assert.Equal(TreeEnsemble.Sigmoid(raw[1]), p[1], 12);

            // Unknown, missing and malformed codes still score, all alike (the "other" bin).
            var odd = new[] { 10, 99, -1, 2.5, double.NaN };
            var q = new double[odd.Length];
            model.Predict(new[] { new double[odd.Length], odd }, q);
            Assert.All(q, v => Assert.Equal(q[0], v));
        }

        [Fact]
        public void Categories_beyond_the_bin_limit_share_the_other_bin()
        {
            // 40 categories, only 8 bins: the 8 most frequent keep their own; the label follows
            // the category's parity, so the rare ones (all odd here) are learned together.
            var random = new Random(17);
            int rows = 4000;
            var category = new double[rows];
            var y = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                int c = i % 2 == 0 ? 2 * random.Next(8) : 2 * random.Next(8) + 1;
                if (i % 10 == 1) c = 17 + (2 * random.Next(12)); // rare odd categories 17..39
                category[i] = c;
                y[i] = c % 2;
            }
            var x = new EncodedFeatures(new[] { category }, new[] { true }, new[] { 40 }, new[] { "c" }, rows);
            var options = new BoostingOptions { NumberOfBins = 8, NumberOfTrees = 20, LearningRate = 0.5 };
            var model = GradientBoostedTrees.Train(x, y, BoostingObjective.LogLoss, options, CancellationToken.None);
            Assert.Equal(8, model.Features[0].OtherBin);
            var p = new double[rows];
            model.Predict(x.Columns, p);
            // Odd categories 1..15 share the other bin with the rare odd ones: all positive.
            Assert.Equal(1.0, Accuracy(p, y));
        }

        [Fact]
        public void Log_loss_decreases_as_trees_are_added()
        {
            var (x, y) = Binary(3000, 21);
            double previous = double.MaxValue;
            foreach (int trees in new[] { 1, 2, 5, 10, 20, 50 })
            {
                var model = GradientBoostedTrees.Train(x, y, BoostingObjective.LogLoss, new BoostingOptions { NumberOfTrees = trees }, CancellationToken.None);
                var p = new double[y.Length];
                model.Predict(x.Columns, p);
                double loss = LogLoss(p, y);
                Assert.True(loss < previous, $"{trees} trees: log loss {loss} is not below {previous}");
                previous = loss;
            }
            Assert.True(previous < 0.25, $"50 trees end at a log loss of {previous}");
        }

        [Fact]
        public void The_base_score_is_the_label_mean_or_its_log_odds()
        {
            var x = Numeric(new double[] { 1, 2, 3, 4 });
            var options = new BoostingOptions { NumberOfTrees = 1 };
            var regression = GradientBoostedTrees.Train(x, new double[] { 1, 2, 3, 10 }, BoostingObjective.SquaredError, options, CancellationToken.None);
            Assert.Equal(4, regression.BaseScore, 12);
            var classifier = GradientBoostedTrees.Train(x, new double[] { 1, 0, 0, 0 }, BoostingObjective.LogLoss, options, CancellationToken.None);
            Assert.Equal(Math.Log(0.25 / 0.75), classifier.BaseScore, 12);
        }

        [Fact]
        public void A_single_class_is_predicted_with_confidence_and_finite_scores()
        {
            var (x, _) = Binary(500, 3);
            foreach (double label in new[] { 0.0, 1.0 })
            {
                var y = Enumerable.Repeat(label, 500).ToArray();
                var model = GradientBoostedTrees.Train(x, y, BoostingObjective.LogLoss, null, CancellationToken.None);
                var raw = new double[500];
                model.PredictRaw(x.Columns, raw);
                Assert.All(raw, r => Assert.True(!double.IsNaN(r) && !double.IsInfinity(r)));
                var p = new double[500];
                model.Predict(x.Columns, p);
                Assert.All(p, v => Assert.Equal(label, v, 6));
            }
        }

        [Fact]
        public void One_row_prediction_matches_the_batch()
        {
            var (x, y) = Binary(2000, 2);
            var model = GradientBoostedTrees.Train(x, y, BoostingObjective.LogLoss, new BoostingOptions { NumberOfTrees = 20 }, CancellationToken.None);
            var batch = new double[y.Length];
            model.PredictRaw(x.Columns, batch);
            for (int i = 0; i < 50; i++)
            {
                double one = model.PredictRaw(new[] { x.Columns[0][i], x.Columns[1][i], x.Columns[2][i] });
                Assert.Equal(batch[i], one);
            }
        }

        [Fact]
        public void Training_is_deterministic_whatever_the_number_of_threads()
        {
            // Big enough for the parallel histogram and partition paths.
            var (x, y) = Binary(120_000, 4);
            byte[] Train(int threads, int seed) => TreeEnsembleTests.Bytes(GradientBoostedTrees.Train(x, y, BoostingObjective.LogLoss,
                new BoostingOptions { NumberOfTrees = 8, Seed = seed, BinningSampleSize = 20_000, MaxDegreeOfParallelism = threads }, CancellationToken.None));

            byte[] reference = Train(0, 42);
            Assert.Equal(reference, Train(0, 42));
            Assert.Equal(reference, Train(1, 42));
            Assert.Equal(reference, Train(3, 42));
            // The seed picks the rows that bin thresholds come from.
            Assert.NotEqual(reference, Train(0, 43));
        }

        [Fact]
        public void Cancellation_stops_training()
        {
            var (x, y) = Binary(5000, 8);
            using var cancel = new CancellationTokenSource();
            int treesLogged = 0;
            void Log(string line)
            {
                if (line.StartsWith("tree ", StringComparison.Ordinal) && ++treesLogged == 1) cancel.Cancel();
            }
            var options = new BoostingOptions { NumberOfTrees = 100_000 };
            Assert.ThrowsAny<OperationCanceledException>(() =>
                GradientBoostedTrees.Train(x, y, BoostingObjective.LogLoss, options, cancel.Token, Log));
            Assert.Equal(1, treesLogged);

            Assert.ThrowsAny<OperationCanceledException>(() =>
                GradientBoostedTrees.Train(x, y, BoostingObjective.LogLoss, options, new CancellationToken(true)));
        }

        [Fact]
        public void Bad_input_is_refused()
        {
            var x = Numeric(new double[] { 1, 2, 3 });
            var none = CancellationToken.None;
            Assert.Throws<ArgumentException>(() => GradientBoostedTrees.Train(x, new double[] { 0, 1 }, BoostingObjective.SquaredError, null, none));
            Assert.Throws<ArgumentException>(() => GradientBoostedTrees.Train(x, new double[] { 0, 1, 2 }, BoostingObjective.LogLoss, null, none));
            Assert.Throws<ArgumentException>(() => GradientBoostedTrees.Train(x, new double[] { 0, 1, double.NaN }, BoostingObjective.SquaredError, null, none));
            Assert.Throws<ArgumentOutOfRangeException>(() => GradientBoostedTrees.Train(x, new double[] { 0, 1, 1 }, BoostingObjective.LogLoss, new BoostingOptions { NumberOfBins = 256 }, none));
            Assert.Throws<ArgumentOutOfRangeException>(() => GradientBoostedTrees.Train(x, new double[] { 0, 1, 1 }, BoostingObjective.LogLoss, new BoostingOptions { NumberOfLeaves = 1 }, none));
            Assert.Throws<ArgumentOutOfRangeException>(() => GradientBoostedTrees.Train(x, new double[] { 0, 1, 1 }, BoostingObjective.LogLoss, new BoostingOptions { LearningRate = 0 }, none));
            Assert.Throws<ArgumentException>(() => new EncodedFeatures(new[] { new double[3], new double[2] }, new bool[2], new int[2], new[] { "a", "b" }, 3));
            Assert.Throws<ArgumentException>(() => new EncodedFeatures(new[] { new double[3] }, new bool[2], new int[1], new[] { "a" }, 3));
            var noFeatures = new EncodedFeatures(new double[0][], new bool[0], new int[0], new string[0], 3);
            Assert.Throws<ArgumentException>(() => GradientBoostedTrees.Train(noFeatures, new double[] { 0, 1, 1 }, BoostingObjective.LogLoss, null, none));

            var model = GradientBoostedTrees.Train(x, new double[] { 0, 1, 1 }, BoostingObjective.LogLoss, null, none);
            Assert.Throws<ArgumentException>(() => model.PredictRaw(new[] { new double[2], new double[2] }, new double[2]));
            Assert.Throws<ArgumentException>(() => model.PredictRaw(new[] { new double[3] }, new double[2]));
        }
    }
}
