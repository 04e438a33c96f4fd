using System;
using System.IO;

namespace MlAlm.Learning.Data
{
    /// <summary>
    /// Deterministic generated datasets for experiment templates, tests and benchmarks: the same
    /// arguments give the same bytes on every machine and runtime.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Features f1..fN are roughly standard normal (the sum of four uniforms, scaled: within ±3.47),
    /// rounded to 5 decimals and written with exactly 5 (e.g. -1.23456). The hidden score is
    /// <c>s = Σ w_j·x_j + 0.8·x1·x2 − 0.5·(x3² − 1) + noise</c> (the interaction and quadratic terms only
    /// when there are enough features), with weights w_j uniform in [−1, 1] drawn from the seed, and
    /// computed from the rounded feature values, so the file is self-consistent.
    /// Binary classification: noise is 0.5·N(0, 1) and <c>label</c> is 1 when s &gt; 0, else 0.
    /// Regression: noise is 0.3·N(0, 1) and <c>target</c> = 3 + s, rounded to 5 decimals.
    /// </para>
    /// <para>
    /// Only integer arithmetic, IEEE +, −, ×, ÷ and <see cref="Math.Round(double)"/> are used (no
    /// transcendental functions, whose last bit may differ between platforms), with the SplitMix64
    /// generator of this library (not <see cref="Random"/>), and the text is formatted by hand.
    /// Output: UTF-8 (ASCII), comma-delimited, header line, LF line ends.
    /// </para>
    /// </remarks>
    public static class SyntheticDatasets
    {
        private const double Sqrt3 = 1.7320508075688772;
        private const long Scale = 100000; // five decimals

        public static void WriteBinaryClassification(Stream output, int rows, int features, int seed) =>
            Write(output, rows, features, seed, classification: true);

        public static void WriteRegression(Stream output, int rows, int features, int seed) =>
            Write(output, rows, features, seed, classification: false);

        private static void Write(Stream output, int rows, int features, int seed, bool classification)
        {
            if (output == null) throw new ArgumentNullException(nameof(output));
            if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows));
            if (features < 1) throw new ArgumentOutOfRangeException(nameof(features), "At least one feature is needed.");

            var random = new SplitMix64(((ulong)(uint)seed << 32) ^ (classification ? 0x5EEDC1A5UL : 0x5EED4E6EUL));
            var weights = new double[features];
            for (int j = 0; j < features; j++) weights[j] = Math.Round(((2 * random.NextDouble()) - 1) * 1000) / 1000;

            var buffer = new byte[1 << 16];
            int p = 0;
            for (int j = 0; j < features; j++)
            {
                p = WriteAscii(buffer, p, (j == 0 ? "f" : ",f") + (j + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            p = WriteAscii(buffer, p, classification ? ",label\n" : ",target\n");

            var x = new double[features];
            int rowMax = (features + 1) * 16;
            for (int row = 0; row < rows; row++)
            {
                if (buffer.Length - p < rowMax)
                {
                    output.Write(buffer, 0, p);
                    p = 0;
                    if (buffer.Length < rowMax) buffer = new byte[rowMax * 2];
                }
                double score = 0;
                for (int j = 0; j < features; j++)
                {
                    long units = (long)Math.Round(NextNormal(ref random) * Scale);
                    x[j] = (double)units / Scale;
                    score += weights[j] * x[j];
                    if (j > 0) buffer[p++] = (byte)',';
                    p = WriteFixed(buffer, p, units);
                }
                if (features >= 2) score += 0.8 * x[0] * x[1];
                if (features >= 3) score -= 0.5 * ((x[2] * x[2]) - 1);

                if (classification)
                {
                    score += 0.5 * NextNormal(ref random);
                    buffer[p++] = (byte)',';
                    buffer[p++] = score > 0 ? (byte)'1' : (byte)'0';
                }
                else
                {
                    score += 3 + (0.3 * NextNormal(ref random));
                    buffer[p++] = (byte)',';
                    p = WriteFixed(buffer, p, (long)Math.Round(score * Scale));
                }
                buffer[p++] = (byte)'\n';
            }
            output.Write(buffer, 0, p);
            output.Flush();
        }

        private static int WriteAscii(byte[] b, int p, string text)
        {
            foreach (char c in text) b[p++] = (byte)c;
            return p;
        }

        // units / 100000 with exactly five decimals: -123456 -> "-1.23456".
        private static int WriteFixed(byte[] b, int p, long units)
        {
            if (units < 0) { b[p++] = (byte)'-'; units = -units; }
            long whole = units / Scale;
            long fraction = units % Scale;
            int digits = 1;
            for (long w = whole; w >= 10; w /= 10) digits++;
            for (int k = digits - 1; k >= 0; k--) { b[p + k] = (byte)('0' + (whole % 10)); whole /= 10; }
            p += digits;
            b[p++] = (byte)'.';
            for (int k = 4; k >= 0; k--) { b[p + k] = (byte)('0' + (fraction % 10)); fraction /= 10; }
            return p + 5;
        }

        /// <summary>Approximately N(0, 1): the sum of four uniforms, centred and scaled to unit variance.</summary>
        private static double NextNormal(ref SplitMix64 random) =>
            (random.NextDouble() + random.NextDouble() + random.NextDouble() + random.NextDouble() - 2) * Sqrt3;
    }
}
