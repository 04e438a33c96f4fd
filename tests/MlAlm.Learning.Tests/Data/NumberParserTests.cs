using System;
using System.Globalization;
using MlAlm.Learning.Data;
using Xunit;

namespace MlAlm.Learning.Tests.Data
{
    public class NumberParserTests
    {
        private static void AssertSameAsFramework(string text)
        {
            bool expectedOk = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double expected);
            var buffer = ("##" + text + "##").ToCharArray(); // parse from the middle of a buffer
            bool ok = NumberParser.TryParse(buffer, 2, text.Length, out double actual);
            Assert.True(expectedOk == ok, $"'{text}': framework says {expectedOk}, parser says {ok}");
            if (ok)
            {
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
                    $"'{text}': framework {expected:R} ({BitConverter.DoubleToInt64Bits(expected):X16}), parser {actual:R} ({BitConverter.DoubleToInt64Bits(actual):X16})");
            }
        }

        [Theory]
        [InlineData("0")]
        [InlineData("-0")]
        [InlineData("+0.0")]
        [InlineData("42")]
        [InlineData("-1.5e3")]
        [InlineData(".5")]
        [InlineData("-.5")]
        [InlineData("5.")]
        [InlineData("5.e3")]
        [InlineData("+.5e-3")]
        [InlineData("00.5")]
        [InlineData("1E+10")]
        [InlineData("1e22")]
        [InlineData("1e23")]
        [InlineData("12e30")]
        [InlineData("9007199254740993")]
        [InlineData("9007199254740992")]
        [InlineData("0.1")]
        [InlineData("0.30000000000000004")]
        [InlineData("123456789012345678901234567890")]
        [InlineData("0.000000000000000000000000000001")]
        [InlineData("1e400")]
        [InlineData("-1e400")]
        [InlineData("1e-400")]
        [InlineData("4.9406564584124654E-324")]
        [InlineData("1.7976931348623157E+308")]
        [InlineData("1e99999999999999")]
        [InlineData("  7  ")]
        [InlineData("\t-3\r")]
        [InlineData("Infinity")]
        [InlineData("-infinity")]
        [InlineData("+INFINITY")]
        [InlineData("NaN")]
        [InlineData("-nan")]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData(".")]
        [InlineData("-")]
        [InlineData("+")]
        [InlineData("e5")]
        [InlineData(".e5")]
        [InlineData("1e")]
        [InlineData("1e+")]
        [InlineData("1e-")]
        [InlineData("1.2.3")]
        [InlineData("1-")]
        [InlineData("- 1")]
        [InlineData("1 2")]
        [InlineData("1,000")]
        [InlineData("0x10")]
        [InlineData("1d")]
        [InlineData("∞")]
        [InlineData("Infinityx")]
        [InlineData(".nan")]
        [InlineData("-.Infinity")]
        [InlineData("1nan")]
        [InlineData("nan.")]
        [InlineData("NA")]
        [InlineData("null")]
        [InlineData("true")]
        [InlineData("2024-01-01")]
        public void Matches_double_TryParse(string text) => AssertSameAsFramework(text);

        [Fact]
        public void Matches_double_Parse_on_random_doubles_in_many_formats()
        {
            var random = new Random(20240601);
            string[] formats = { "R", "G6", "G15", "G17", "F2", "F6", "E3", "E10", "0.000###" };
            var bytes = new byte[8];
            for (int i = 0; i < 40000; i++)
            {
                double value;
                switch (i % 3)
                {
                    case 0:
                        random.NextBytes(bytes);
                        value = BitConverter.ToDouble(bytes, 0);
                        if (double.IsNaN(value) || double.IsInfinity(value)) continue;
                        break;
                    case 1:
                        value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30));
                        break;
                    default:
                        value = Math.Round((random.NextDouble() - 0.5) * 20, random.Next(0, 8));
                        break;
                }
                AssertSameAsFramework(value.ToString(formats[i % formats.Length], CultureInfo.InvariantCulture));
            }
        }

        [Fact]
        public void Matches_double_Parse_on_random_digit_strings()
        {
            var random = new Random(7);
            var chars = new char[40];
            for (int i = 0; i < 40000; i++)
            {
                int n = 0;
                if (random.Next(3) == 0) chars[n++] = random.Next(2) == 0 ? '-' : '+';
                int intDigits = random.Next(0, 20);
                for (int k = 0; k < intDigits; k++) chars[n++] = (char)('0' + random.Next(10));
                if (random.Next(2) == 0)
                {
                    chars[n++] = '.';
                    int fracDigits = random.Next(0, 20 - Math.Min(intDigits, 19));
                    for (int k = 0; k < fracDigits; k++) chars[n++] = (char)('0' + random.Next(10));
                }
                if (random.Next(3) == 0)
                {
                    chars[n++] = random.Next(2) == 0 ? 'e' : 'E';
                    if (random.Next(2) == 0) chars[n++] = random.Next(2) == 0 ? '-' : '+';
                    int e = random.Next(0, 40);
                    foreach (char c in e.ToString(CultureInfo.InvariantCulture)) chars[n++] = c;
                }
                AssertSameAsFramework(new string(chars, 0, n));
            }
        }

        [Fact]
        public void Matches_double_Parse_on_six_significant_digit_values()
        {
            var random = new Random(99);
            for (int i = 0; i < 100000; i++)
            {
                long units = random.Next(-999999, 1000000);
                int decimals = random.Next(0, 8);
                string text = (units / Math.Pow(10, decimals)).ToString("F" + decimals, CultureInfo.InvariantCulture);
                AssertSameAsFramework(text);
            }
        }
    }
}
