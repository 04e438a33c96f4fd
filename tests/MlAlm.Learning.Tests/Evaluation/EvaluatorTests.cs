using System;
using System.Linq;
using MlAlm.Learning.Data;
using MlAlm.Learning.Evaluation;
using Xunit;
using static MlAlm.Learning.Tests.TestTables;

namespace MlAlm.Learning.Tests.Evaluation
{
    public class EvaluatorTests
    {
        private const string Labels = "Scored Labels", Probabilities = "Scored Probabilities";

        /// <summary>A scored binary table as ScoreModel makes it: the label is 1 where p >= 0.5.</summary>
        private static DataTable Binary(double[] y, double[] p) => new DataTable(
            Num("y", y),
            Num(Labels, p.Select(v => double.IsNaN(v) ? NA : v >= 0.5 ? 1.0 : 0.0).ToArray()),
            Num(Probabilities, p));

        [Fact]
        public void Binary_metrics_match_hand_computed_values()
        {
            // predicted 1, 1, 1, 0, 0, 0 -> TP rows 0 and 2, FP row 1, FN row 4, TN rows 3 and 5
            var table = Binary(new double[] { 1, 0, 1, 0, 1, 0 }, new[] { 0.9, 0.8, 0.6, 0.4, 0.3, 0.1 });
            var m = Evaluator.Evaluate(table, "y");
            Assert.Equal(new[] { "AUC", "Accuracy", "Precision", "Recall", "F1", "LogLoss", "RowsSkipped" }, m.Select(p => p.Key));
            // positives 0.9, 0.6, 0.3 against negatives 0.8, 0.4, 0.1: 3 + 2 + 1 = 6 of 9 pairs ordered right
            Assert.Equal(6.0 / 9, m["AUC"], 12);
            Assert.Equal(4.0 / 6, m["Accuracy"], 12);
            Assert.Equal(2.0 / 3, m["Precision"], 12);
            Assert.Equal(2.0 / 3, m["Recall"], 12);
            Assert.Equal(2.0 / 3, m["F1"], 12);
            double logLoss = -(Math.Log(0.9) + Math.Log(0.2) + Math.Log(0.6) + Math.Log(0.6) + Math.Log(0.3) + Math.Log(0.9)) / 6;
            Assert.Equal(logLoss, m["LogLoss"], 12);
            Assert.Equal(0, m["RowsSkipped"]);
        }

        [Fact]
        public void Precision_and_recall_differ_when_they_should()
        {
            // predicted 1, 1, 1, 1, 0: TP 2 (rows 0, 2), FP 2 (rows 1, 3), FN 1 (row 4)
            var m = Evaluator.Evaluate(Binary(new double[] { 1, 0, 1, 0, 1 }, new[] { 0.9, 0.8, 0.7, 0.6, 0.2 }), "y");
            Assert.Equal(0.5, m["Precision"], 12);
            Assert.Equal(2.0 / 3, m["Recall"], 12);
            Assert.Equal(2 * 0.5 * (2.0 / 3) / (0.5 + (2.0 / 3)), m["F1"], 12); // 4/7
            Assert.Equal(2.0 / 5, m["Accuracy"], 12);
        }

        [Fact]
        public void Auc_gives_tied_scores_their_average_rank()
        {
            // positives 0.5 and 0.8, negatives 0.5 and 0.2: pairs (0.5,0.5) half, (0.5,0.2) 1, (0.8,*) 2 -> 3.5 / 4
            var m = Evaluator.Evaluate(Binary(new double[] { 1, 0, 1, 0 }, new[] { 0.5, 0.5, 0.8, 0.2 }), "y");
            Assert.Equal(0.875, m["AUC"], 12);

            // every score the same: 0.5 whatever the labels
            m = Evaluator.Evaluate(Binary(new double[] { 1, 0, 0, 1, 0 }, new[] { 0.7, 0.7, 0.7, 0.7, 0.7 }), "y");
            Assert.Equal(0.5, m["AUC"], 12);
        }

        [Fact]
        public void A_perfect_classifier_scores_1_and_an_inverse_one_0()
        {
            var perfect = Evaluator.Evaluate(Binary(new double[] { 0, 1, 0, 1 }, new[] { 0.1, 0.9, 0.2, 0.8 }), "y");
            Assert.Equal(1, perfect["AUC"]);
            Assert.Equal(1, perfect["Accuracy"]);
            Assert.Equal(1, perfect["F1"]);

            var inverse = Evaluator.Evaluate(Binary(new double[] { 1, 0, 1, 0 }, new[] { 0.1, 0.9, 0.2, 0.8 }), "y");
            Assert.Equal(0, inverse["AUC"]);
            Assert.Equal(0, inverse["Accuracy"]);
            Assert.Equal(0, inverse["Precision"]);
            Assert.Equal(0, inverse["F1"]);
        }

        [Fact]
        public void LogLoss_clips_probabilities()
        {
            // a confident wrong answer costs -ln(1e-15), not infinity
            var m = Evaluator.Evaluate(Binary(new double[] { 1, 0 }, new[] { 0.0, 0.0 }), "y");
            Assert.Equal(-Math.Log(1e-15) / 2 + -Math.Log(1 - 1e-15) / 2, m["LogLoss"], 9);
            Assert.False(double.IsInfinity(m["LogLoss"]));
        }

        [Fact]
        public void String_labels_take_the_positive_class_from_the_scored_labels()
        {
            var table = new DataTable(
                Str("answer", "yes", "no", "no", "yes"),
                Str(Labels, "yes", "yes", "no", "no"),
                Num(Probabilities, 0.9, 0.6, 0.2, 0.4));
            var m = Evaluator.Evaluate(table, "ANSWER");
            // positive "yes": TP row 0, FP row 1, TN row 2, FN row 3
            Assert.Equal(0.5, m["Accuracy"]);
            Assert.Equal(0.5, m["Precision"]);
            Assert.Equal(0.5, m["Recall"]);
            // positives 0.9, 0.4 against negatives 0.6, 0.2: 2 + 1 = 3 of 4
            Assert.Equal(0.75, m["AUC"]);
        }

        [Fact]
        public void The_positive_class_can_be_given()
        {
            // No row reaches 0.5 and the labels have only one class: the rows cannot tell which is positive.
            var table = new DataTable(Bool("y", false, false), Bool(Labels, false, false), Num(Probabilities, 0.1, 0.3));
            Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(table, "y"));
            var m = Evaluator.Evaluate(table, "y", "true");
            Assert.Equal(1, m["Accuracy"]);
            Assert.Equal(0, m["Precision"]); // no predicted positive
            Assert.True(double.IsNaN(m["AUC"])); // one class only
            Assert.Equal(-(Math.Log(0.9) + Math.Log(0.7)) / 2, m["LogLoss"], 12);

            // no row reaches 0.5 but the labels show the other class
            var derived = Evaluator.Evaluate(new DataTable(Bool("y", true, false), Bool(Labels, false, false), Num(Probabilities, 0.4, 0.3)), "y");
            Assert.Equal(1, derived["AUC"]);
            Assert.Equal(0, derived["Recall"]);
        }

        [Fact]
        public void Rows_missing_a_label_or_score_are_skipped_and_counted()
        {
            var table = Binary(new double[] { 1, 0, NA, 1, 1, 0, 1, 0 }, new[] { 0.9, 0.8, 0.5, NA, 0.6, 0.4, 0.3, 0.1 });
            var m = Evaluator.Evaluate(table, "y");
            Assert.Equal(2, m["RowsSkipped"]);
            // what is left is the first hand-computed case
            Assert.Equal(6.0 / 9, m["AUC"], 12);
            Assert.Equal(4.0 / 6, m["Accuracy"], 12);
        }

        [Fact]
        public void Regression_metrics_match_hand_computed_values()
        {
            // errors -0.5, 0, 1, -1: MAE 2.5/4; SSres 2.25, RMSE sqrt(2.25/4); mean y 2.5, SStot 5, R2 1 - 2.25/5
            var table = new DataTable(Num("y", 1, 2, 3, 4, NA), Num(Labels, 1.5, 2, 2, 5, 3));
            var m = Evaluator.Evaluate(table, "y");
            Assert.Equal(new[] { "MAE", "RMSE", "R2", "RowsSkipped" }, m.Select(p => p.Key));
            Assert.Equal(0.625, m["MAE"], 12);
            Assert.Equal(0.75, m["RMSE"], 12);
            Assert.Equal(0.55, m["R2"], 12);
            Assert.Equal(1, m["RowsSkipped"]);
        }

        [Fact]
        public void A_perfect_fit_has_R2_of_1()
        {
            var m = Evaluator.Evaluate(new DataTable(Num("y", 3, -1, 8.5), Num(Labels, 3, -1, 8.5)), "y");
            Assert.Equal(1, m["R2"]);
            Assert.Equal(0, m["MAE"]);
            Assert.Equal(0, m["RMSE"]);

            // a constant label: 1 for a perfect fit, else 0
            Assert.Equal(1, Evaluator.Evaluate(new DataTable(Num("y", 2, 2), Num(Labels, 2, 2)), "y")["R2"]);
            Assert.Equal(0, Evaluator.Evaluate(new DataTable(Num("y", 2, 2), Num(Labels, 1, 3)), "y")["R2"]);
            // predicting the mean gives 0, worse gives less
            Assert.Equal(0, Evaluator.Evaluate(new DataTable(Num("y", 1, 3), Num(Labels, 2, 2)), "y")["R2"], 12);
            Assert.Equal(-3, Evaluator.Evaluate(new DataTable(Num("y", 1, 3), Num(Labels, 3, 1)), "y")["R2"], 12);
        }

        [Fact]
        public void No_usable_row_gives_NaN_metrics()
        {
            var m = Evaluator.Evaluate(new DataTable(Num("y", NA), Num(Labels, 1)), "y");
            Assert.True(double.IsNaN(m["MAE"]));
            Assert.Equal(1, m["RowsSkipped"]);
            var b = Evaluator.Evaluate(Binary(Array.Empty<double>(), Array.Empty<double>()), "y");
            Assert.True(double.IsNaN(b["AUC"]));
            Assert.Equal(0, b["RowsSkipped"]);
        }

        [Fact]
        public void Mistakes_are_explained()
        {
            var scored = Binary(new double[] { 1, 0 }, new[] { 0.9, 0.1 });
            Assert.Contains("'nope'", Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(scored, "nope")).Message);
            Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(new DataTable(Num("y", 1)), "y")); // not scored
            // label and scored labels of different types
            Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(new DataTable(Str("y", "1"), Num(Labels, 1), Num(Probabilities, 0.9)), "y"));
            // three classes
            Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(Binary(new double[] { 0, 1, 2 }, new[] { 0.1, 0.9, 0.5 }), "y"));
            // scored labels that do not follow the probabilities
            Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(new DataTable(Num("y", 0, 1), Num(Labels, 0, 1), Num(Probabilities, 0.9, 0.8)), "y"));
            // a positive label that is not of the label's type
            Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(scored, "y", "yes"));
            // regression on text
            Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(new DataTable(Str("y", "a"), Num(Labels, 1)), "y"));
        }
    }
}
