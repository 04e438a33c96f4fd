using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MlAlm.Learning.Data;
using MlAlm.Learning.Models;
using Xunit;

namespace MlAlm.Learning.Tests.Models
{
    public class TrainerTests
    {
        private static readonly double[] X = { -2, -1.5, -1, -0.5, 0.2, 0.4, 1, 1.5, 2, 2.5, -0.1, 0.05 };
        private static readonly bool[] Positive = X.Select((v, i) => i == 10 ? true : i == 11 ? false : v > 0).ToArray();

        private static TrainedModel Logistic(DataTable table, string label = "y") =>
            Trainer.Train(table, new TrainingSpec(Learners.LogisticRegression, label), CancellationToken.None);

        private static void AssertLearnsDirection(TrainedModel model, DataTable table)
        {
            var p = new double[table.RowCount];
            model.Predict(table, p);
            // the positive class rises with x
            Assert.True(p[9] > 0.5 && p[0] < 0.5, $"p = {string.Join(", ", p)}");
        }

        [Fact]
        public void Number_labels_0_and_1()
        {
            var table = TestData.Table(new NumberColumn("x", X), new NumberColumn("y", Positive.Select(b => b ? 1.0 : 0).ToArray()));
            var model = Logistic(table);
            Assert.Equal(new[] { "0", "1" }, model.ClassLabels);
            Assert.Equal(LearningTask.BinaryClassification, model.Task);
            AssertLearnsDirection(model, table);
            var scored = model.Score(table, appendColumns: true);
            Assert.Equal(new[] { "x", "y", TrainedModel.ScoredLabelsColumn, TrainedModel.ScoredProbabilitiesColumn }, scored.Columns.Select(c => c.Name));
            Assert.Equal(ColumnType.Number, scored[TrainedModel.ScoredLabelsColumn].Type);
        }

        [Fact]
        public void Number_labels_other_than_0_and_1_put_the_larger_value_positive()
        {
            var table = TestData.Table(new NumberColumn("x", X), new NumberColumn("y", Positive.Select(b => b ? -1.0 : -7.5).ToArray()));
            var model = Logistic(table);
            Assert.Equal(new[] { "-7.5", "-1" }, model.ClassLabels);
            AssertLearnsDirection(model, table);
            var labels = (NumberColumn)model.Score(table, false)[TrainedModel.ScoredLabelsColumn];
            Assert.Equal(-1, labels[9]);
            Assert.Equal(-7.5, labels[0]);
        }

        [Fact]
        public void Boolean_labels()
        {
            var table = TestData.Table(new NumberColumn("x", X), new BooleanColumn("y", Positive.Select(b => (bool?)b).ToArray()));
            var model = Logistic(table);
            Assert.Equal(new[] { "false", "true" }, model.ClassLabels);
            Assert.Equal(ColumnType.Boolean, model.LabelType);
            AssertLearnsDirection(model, table);
            var labels = (BooleanColumn)model.Score(table, false)[TrainedModel.ScoredLabelsColumn];
            Assert.True(labels.GetBoolean(9));
        }

        [Fact]
        public void String_labels_in_ordinal_order()
        {
            var table = TestData.Table(new NumberColumn("x", X), new StringColumn("y", Positive.Select(b => b ? "Yes" : "No").ToArray()));
            var model = Logistic(table);
            Assert.Equal(new[] { "No", "Yes" }, model.ClassLabels);
            AssertLearnsDirection(model, table);

            // "B" < "a" in ordinal order: upper case first, so "a" is the positive class
            var swapped = TestData.Table(new NumberColumn("x", X), new StringColumn("y", Positive.Select(b => b ? "B" : "a").ToArray()));
            var other = Logistic(swapped);
            Assert.Equal(new[] { "B", "a" }, other.ClassLabels);
            var p = new double[X.Length];
            other.Predict(swapped, p);
            Assert.True(p[0] > 0.5, "x = -2 was labelled 'a', the positive class");
        }

        [Theory]
        [InlineData(new[] { 0.0, 1, 2, 1 }, "more (0, 1, 2)")]
        [InlineData(new[] { 1.0, 1, double.NaN, 1 }, "only one (1)")]
        public void A_label_without_exactly_two_values_is_refused(double[] labels, string found)
        {
            var table = TestData.Table(new NumberColumn("x", new[] { 1.0, 2, 3, 4 }), new NumberColumn("outcome", labels));
            var error = Assert.Throws<ArgumentException>(() => Logistic(table, "outcome"));
            Assert.Contains("'outcome'", error.Message);
            Assert.Contains(found, error.Message);
        }

        [Fact]
        public void Rows_with_a_missing_label_are_skipped_and_logged()
        {
            var y = Positive.Select(b => b ? 1.0 : 0).ToArray();
            y[3] = double.NaN;
            y[4] = double.NaN;
            var x = (double[])X.Clone();
            x[3] = 1000; // would distort the fit if it were used
            var table = TestData.Table(new NumberColumn("x", x), new NumberColumn("y", y));
            var model = Logistic(table);
            Assert.Equal(10, model.Training!.RowCount);
            Assert.Equal(2, model.Training.SkippedRows);
            Assert.Contains(model.Training.Log, line => line.Contains("Skipped 2 of 12 rows") && line.Contains("'y'"));

            // the same as training on the labelled rows alone
            var kept = Enumerable.Range(0, 12).Where(i => i != 3 && i != 4).ToArray();
            var alone = (LinearModel)Logistic(TestData.Table(new NumberColumn("x", kept.Select(i => x[i]).ToArray()), new NumberColumn("y", kept.Select(i => y[i]).ToArray())));
            Assert.Equal(alone.Weights, ((LinearModel)model).Weights);
            Assert.Equal(alone.Bias, ((LinearModel)model).Bias);
        }

        [Fact]
        public void Invalid_inputs_are_refused_naming_the_problem()
        {
            var table = TestData.Table(new NumberColumn("x", new[] { 1.0, 2, 3 }), new StringColumn("s", new[] { "a", "b", "a" }), new NumberColumn("y", new[] { 1.0, 2, 3 }));
            ArgumentException Fails(TrainingSpec spec, DataTable? data = null) =>
                Assert.Throws<ArgumentException>(() => Trainer.Train(data ?? table, spec, CancellationToken.None));

            Assert.Contains("'price'", Fails(new TrainingSpec(Learners.LinearRegression, "price")).Message);
            Assert.Contains("'s'", Fails(new TrainingSpec(Learners.LinearRegression, "s")).Message);
            Assert.Contains("Number", Fails(new TrainingSpec(Learners.LinearRegression, "s")).Message);
            Assert.Contains("'nope'", Fails(new TrainingSpec(Learners.LinearRegression, "y") { FeatureColumns = new[] { "x", "nope" } }).Message);
            Assert.Contains("label", Fails(new TrainingSpec(Learners.LinearRegression, "y") { FeatureColumns = new[] { "x", "y" } }).Message);
            Assert.Contains("empty", Fails(new TrainingSpec(Learners.LinearRegression, "y"), TestData.Table(new NumberColumn("x", new double[0]), new NumberColumn("y", new double[0]))).Message);
            Assert.Contains("missing in all", Fails(new TrainingSpec(Learners.LinearRegression, "y"), TestData.Table(new NumberColumn("x", new[] { 1.0 }), new NumberColumn("y", new[] { double.NaN }))).Message);
            Assert.Contains("no feature columns", Fails(new TrainingSpec(Learners.LinearRegression, "y"), TestData.Table(new NumberColumn("y", new[] { 1.0 }))).Message);
            Assert.Contains("not binary classification", Fails(new TrainingSpec(Learners.LinearRegression, "y") { Task = TrainingTask.BinaryClassification }).Message);
            Assert.Contains("not regression", Fails(new TrainingSpec(Learners.LogisticRegression, "y") { Task = TrainingTask.Regression }).Message);
            Assert.Contains("'Forest'", Fails(new TrainingSpec("Forest", "y")).Message);
            Assert.Contains("l2Regularization", Fails(new TrainingSpec(Learners.LinearRegression, "y") { L2Regularization = -1 }).Message);
            Assert.Contains("tolerance", Fails(new TrainingSpec(Learners.LogisticRegression, "y") { Tolerance = 0 }).Message);
        }

        [Fact]
        public void Boosted_trees_learn_a_step_that_a_line_cannot_and_round_trip_through_a_package()
        {
            var x = Enumerable.Range(0, 400).Select(i => i / 4.0).ToArray();
            var y = x.Select(v => v < 50 ? 1.0 : 5.0).ToArray();
            var table = TestData.Table(new NumberColumn("x", x), new NumberColumn("y", y));
            var spec = new TrainingSpec(Learners.BoostedDecisionTree, "y") { Task = TrainingTask.Regression, NumberOfTrees = 50, MinimumSamplesPerLeaf = 5 };
            var model = Trainer.Train(table, spec, CancellationToken.None);
            Assert.Equal(LearningTask.Regression, model.Task);
            var predictions = new double[x.Length];
            model.Predict(table, predictions);
            Assert.All(Enumerable.Range(0, x.Length), i => Assert.InRange(predictions[i], y[i] - 0.05, y[i] + 0.05));

            var bytes = new System.IO.MemoryStream();
            MlAlm.Learning.Packages.ModelPackage.Write(bytes, model);
            var loaded = MlAlm.Learning.Packages.ModelPackage.Read(new System.IO.MemoryStream(bytes.ToArray()));
            var again = new double[x.Length];
            loaded.Predict(table, again);
            Assert.Equal(predictions, again);
        }

        [Fact]
        public void Learner_names_ignore_case_and_the_log_tells_the_story()
        {
            var table = TestData.Table(new NumberColumn("x", X), new StringColumn("c", X.Select(v => v > 1 ? "hi" : "lo").ToArray()), new NumberColumn("y", X.Select(v => (2 * v) + 1).ToArray()));
            var model = Trainer.Train(table, new TrainingSpec("linearregression", "Y"), CancellationToken.None);
            Assert.Equal(Learners.LinearRegression, model.Learner);
            Assert.Equal("y", model.LabelColumn);
            Assert.Equal(new[] { "x", "c" }, model.InputColumns.Select(c => c.Name));
            var log = model.Training!.Log;
            Assert.StartsWith("LinearRegression (Regression) on 12 rows", log[0]);
            Assert.Contains(log, line => line.Contains("2 columns encoded as 3 features"));
            Assert.Contains(log, line => line.Contains("'c' (String): 2 categories"));
            Assert.Contains(log, line => line.StartsWith("Ridge regression solved in closed form"));
        }

        [Fact]
        public void A_spec_reads_TrainModel_parameters_as_the_graph_stores_them()
        {
            var parameters = new Dictionary<string, object?>
            {
                ["learner"] = "LogisticRegression",
                ["task"] = "BinaryClassification",
                ["labelColumn"] = "y",
                ["featureColumns"] = new[] { "a", "b" },
                ["l2Regularization"] = 0.5,
                ["maxIterations"] = 30L,
                ["tolerance"] = 1e-5,
                ["seed"] = 7L,
            };
            var spec = TrainingSpec.FromParameters(parameters);
            Assert.Equal("LogisticRegression", spec.Learner);
            Assert.Equal(TrainingTask.BinaryClassification, spec.Task);
            Assert.Equal(new[] { "a", "b" }, spec.FeatureColumns);
            Assert.Equal(0.5, spec.L2Regularization);
            Assert.Equal(30, spec.MaxIterations);
            Assert.Equal(1e-5, spec.Tolerance);
            Assert.Equal(7, spec.Seed);
            Assert.Equal(100, spec.NumberOfTrees);      // default
            Assert.Equal(31, spec.NumberOfLeaves);
            Assert.Equal(0.1, spec.LearningRate);
            Assert.Equal(20, spec.MinimumSamplesPerLeaf);
            Assert.Equal(255, spec.NumberOfBins);

            var defaults = new TrainingSpec(Learners.LinearRegression, "y");
            Assert.Equal(1e-4, defaults.L2Regularization);
            Assert.Equal(100, defaults.MaxIterations);
            Assert.Equal(1e-7, defaults.Tolerance);
            Assert.Equal(42, defaults.Seed);
            Assert.Throws<ArgumentException>(() => TrainingSpec.FromParameters(new Dictionary<string, object?> { ["learner"] = "LinearRegression" }));
        }
    }
}
