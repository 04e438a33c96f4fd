using System;
using System.IO;
using System.Linq;
using System.Text;
using MlAlm.Learning.Evaluation;
using Xunit;

namespace MlAlm.Learning.Tests.Evaluation
{
    public class MetricsJsonTests
    {
        private static string Text(MetricSet metrics)
        {
            var stream = new MemoryStream();
            MetricsJson.Write(metrics, stream);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private static MetricSet Parse(string text) => MetricsJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        [Fact]
        public void Writes_an_ordered_object_with_lf_line_ends()
        {
            var metrics = new MetricSet().Add("RMSE", 0.75).Add("AUC", 0.1 + 0.2).Add("RowsSkipped", 3).Add("Missing", double.NaN).Add("Big", 1e300);
            Assert.Equal(
                "{\n  \"RMSE\": 0.75,\n  \"AUC\": 0.30000000000000004,\n  \"RowsSkipped\": 3,\n  \"Missing\": \"NaN\",\n  \"Big\": 1E+300\n}\n",
                Text(metrics));
            Assert.Equal("{}\n", Text(new MetricSet()));
        }

        [Fact]
        public void Every_double_reads_back_the_same()
        {
            double[] values = { 0, -0.0, 1, -1, 0.1, 1.0 / 3, Math.PI, double.Epsilon, double.MaxValue, double.MinValue, 1e-300, 123456789012345678, double.NaN, double.PositiveInfinity, double.NegativeInfinity };
            var metrics = new MetricSet();
            for (int i = 0; i < values.Length; i++) metrics.Add("m" + i, values[i]);
            string text = Text(metrics);
            var back = Parse(text);
            Assert.Equal(metrics.Select(m => m.Key), back.Select(m => m.Key));
            Assert.Equal(metrics.Select(m => BitConverter.DoubleToInt64Bits(m.Value)), back.Select(m => BitConverter.DoubleToInt64Bits(m.Value)));
            Assert.Equal(text, Text(back)); // deterministic
        }

        [Fact]
        public void Reads_any_object_of_numbers_in_its_order()
        {
            var metrics = Parse("\uFEFF{ \"b\" : 2 , \"a\":1.5e0, \"z\": -7 }\r\n");
            Assert.Equal(new[] { "b", "a", "z" }, metrics.Select(m => m.Key));
            Assert.Equal(new[] { 2, 1.5, -7 }, metrics.Select(m => m.Value));
        }

        [Theory]
        [InlineData("")]
        [InlineData("[]")]
        [InlineData("{\"a\": 1")]
        [InlineData("{\"a\": \"one\"}")]
        [InlineData("{\"a\": null}")]
        [InlineData("{\"a\": {\"b\": 1}}")]
        [InlineData("{\"a\": 1, \"a\": 2}")]
        [InlineData("{\"a\": 1} {}")]
        [InlineData("{\"a\": 1,,}")]
        public void Anything_else_is_invalid_data(string text)
        {
            Assert.Throws<InvalidDataException>(() => Parse(text));
        }

        [Fact]
        public void Duplicate_names_cannot_be_written()
        {
            Assert.Throws<ArgumentException>(() => Text(new MetricSet().Add("a", 1).Add("a", 2)));
        }
    }
}
