using System;
using System.Text;
using MlAlm.Learning.Data;
using Xunit;

namespace MlAlm.Learning.Tests.Data
{
    public class Utf8ValidatorTests
    {
        private static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);

        [Theory]
        [InlineData(new byte[] { 0x41, 0x42 }, -1)]
        [InlineData(new byte[] { 0xC3, 0xA9 }, -1)]
        [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, -1)]
        [InlineData(new byte[] { 0x41, 0xC0, 0x80 }, 1)]          // overlong
        [InlineData(new byte[] { 0xE0, 0x80, 0xAF }, 0)]          // overlong
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 0)]          // surrogate
        [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, 0)]    // above U+10FFFF
        [InlineData(new byte[] { 0x41, 0x42, 0xE2, 0x82 }, 2)]    // truncated
        [InlineData(new byte[] { 0x80 }, 0)]                      // lone continuation
        [InlineData(new byte[] { 0x41, 0xFF }, 1)]
        public void Finds_the_first_ill_formed_sequence(byte[] bytes, int expected) =>
            Assert.Equal(expected, Utf8Validator.FindFirstInvalid(bytes, 0, bytes.Length));

        [Fact]
        public void Agrees_with_the_framework_on_random_bytes()
        {
            var random = new Random(5);
            var bytes = new byte[12];
            for (int i = 0; i < 100000; i++)
            {
                random.NextBytes(bytes);
                // Bias towards plausible UTF-8 so that valid inputs are common too.
                for (int k = 0; k < bytes.Length; k++)
                {
                    if (random.Next(3) == 0) bytes[k] &= 0x7F;
                    else if (random.Next(2) == 0) bytes[k] = (byte)(0x80 | (bytes[k] & 0x3F));
                }
                bool frameworkValid;
                try
                {
                    Strict.GetCharCount(bytes);
                    frameworkValid = true;
                }
                catch (DecoderFallbackException)
                {
                    frameworkValid = false;
                }
                Assert.Equal(frameworkValid, Utf8Validator.FindFirstInvalid(bytes, 0, bytes.Length) < 0);
            }
        }
    }
}
