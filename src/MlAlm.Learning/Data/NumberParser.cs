using System.Globalization;

namespace MlAlm.Learning.Data
{
    /// <summary>
    /// Parses a double from a range of a char buffer without allocating, with the same result as
    /// <c>double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out v)</c>, bit for bit.
    /// </summary>
    /// <remarks>
    /// Fast path (Clinger): up to 19 digits (leading zeros included) are gathered into a 64-bit
    /// integer mantissa <c>m</c> with a decimal exponent <c>e</c>. When <c>m &lt;= 2^53</c> and
    /// <c>|e| &lt;= 22</c>, both <c>m</c> and <c>10^|e|</c> are exact doubles, so one IEEE multiplication
    /// or division gives the correctly rounded result (likewise <c>(m·10^(e−22))·1e22</c> while the
    /// integer product stays exact). Everything else (more digits, larger exponents) goes to
    /// <c>double.TryParse</c>, which is correctly rounded on .NET Core 3.0 and later (on .NET Framework
    /// the fast path is correct and the fallback is whatever that framework gives).
    /// Accepted forms are those of <see cref="NumberStyles.Float"/> with the invariant culture:
    /// surrounding white space, a leading sign, digits with an optional '.', an optional exponent,
    /// and the words Infinity and NaN in any case.
    /// </remarks>
    internal static class NumberParser
    {
        private const ulong TwoPow53 = 1UL << 53;

        private static readonly double[] PowersOf10 =
        {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        };

        private static readonly ulong[] IntegerPowersOf10 =
        {
            1UL, 10UL, 100UL, 1000UL, 10000UL, 100000UL, 1000000UL, 10000000UL, 100000000UL,
            1000000000UL, 10000000000UL, 100000000000UL, 1000000000000UL, 10000000000000UL,
            100000000000000UL, 1000000000000000UL,
        };

        /// <summary>The characters <see cref="NumberStyles.Float"/> skips around a number: tab, LF, VT, FF, CR and space.</summary>
        internal static bool IsWhite(char c) => c == ' ' || (c >= '\t' && c <= '\r');

        public static bool TryParse(string text, out double value) => TryParse(text.ToCharArray(), 0, text.Length, out value);

        public static bool TryParse(char[] s, int start, int length, out double value)
        {
            int i = start;
            int end = start + length;
            while (i < end && IsWhite(s[i])) i++;
            while (end > i && IsWhite(s[end - 1])) end--;
            if (i == end) { value = 0; return false; }

            bool negative = false;
            char c = s[i];
            if (c == '-') { negative = true; i++; }
            else if (c == '+') { i++; }

            // Gather every digit (leading zeros included) into the mantissa; more than 19 could
            // overflow it, so such inputs go to the framework.
            ulong mantissa = 0;
            int afterSign = i;
            int digitsStart = i;
            while (i < end)
            {
                uint d = (uint)(s[i] - '0');
                if (d > 9) break;
                mantissa = (mantissa * 10) + d;
                i++;
            }
            int digits = i - digitsStart;
            int exponent = 0;
            if (i < end && s[i] == '.')
            {
                i++;
                int fractionStart = i;
                while (i < end)
                {
                    uint d = (uint)(s[i] - '0');
                    if (d > 9) break;
                    mantissa = (mantissa * 10) + d;
                    i++;
                }
                exponent = fractionStart - i;
                digits -= exponent;
            }

            if (digits == 0) return TryParseWord(s, afterSign, end, negative, out value);
            if (digits > 19) return Slow(s, start, length, out value);

            if (i < end && (s[i] == 'e' || s[i] == 'E'))
            {
                i++;
                bool negativeExponent = false;
                if (i < end && (s[i] == '-' || s[i] == '+')) { negativeExponent = s[i] == '-'; i++; }
                if (i == end) { value = 0; return false; }
                int explicitExponent = 0;
                bool anyExponentDigit = false;
                while (i < end)
                {
                    uint d = (uint)(s[i] - '0');
                    if (d > 9) break;
                    anyExponentDigit = true;
                    if (explicitExponent < 100000) explicitExponent = (explicitExponent * 10) + (int)d;
                    i++;
                }
                if (!anyExponentDigit) { value = 0; return false; }
                exponent += negativeExponent ? -explicitExponent : explicitExponent;
            }

            if (i != end) { value = 0; return false; }

            if (mantissa == 0)
            {
                value = negative ? -0.0 : 0.0;
                return true;
            }

            if (mantissa <= TwoPow53)
            {
                double m = mantissa;
                if (exponent == 0) { value = negative ? -m : m; return true; }
                if (exponent > 0 && exponent <= 22)
                {
                    double r = m * PowersOf10[exponent];
                    value = negative ? -r : r;
                    return true;
                }
                if (exponent < 0 && exponent >= -22)
                {
                    double r = m / PowersOf10[-exponent];
                    value = negative ? -r : r;
                    return true;
                }
                if (exponent > 22 && exponent <= 22 + 15)
                {
                    // "12e30": move the excess power of ten into the integer mantissa while it stays exact.
                    ulong scale = IntegerPowersOf10[exponent - 22];
                    if (mantissa <= TwoPow53 / scale)
                    {
                        double r = (double)(mantissa * scale) * 1e22;
                        value = negative ? -r : r;
                        return true;
                    }
                }
            }

            return Slow(s, start, length, out value);
        }

        private static bool TryParseWord(char[] s, int i, int end, bool negative, out double value)
        {
            int n = end - i;
            if (n == 8 && Ascii.EqualsIgnoreCase(s, i, n, "infinity"))
            {
                value = negative ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }
            if (n == 3 && Ascii.EqualsIgnoreCase(s, i, n, "nan"))
            {
                value = double.NaN;
                return true;
            }
            value = 0;
            return false;
        }

        private static bool Slow(char[] s, int start, int length, out double value) =>
            double.TryParse(new string(s, start, length), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    internal static class Ascii
    {
        /// <summary>Compares a buffer range to a lower-case ASCII token, ignoring the case of ASCII letters only.</summary>
        public static bool EqualsIgnoreCase(char[] s, int start, int length, string lowerToken)
        {
            if (length != lowerToken.Length) return false;
            for (int k = 0; k < length; k++)
            {
                char c = s[start + k];
                if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
                if (c != lowerToken[k]) return false;
            }
            return true;
        }
    }
}
