using System;
using System.Runtime.CompilerServices;

namespace MlAlm.Learning.Data
{
    /// <summary>
    /// The rules that decide what a field means: missing, Boolean, DateTime. Numbers are
    /// <see cref="NumberParser"/>'s. All work on a range of a char buffer and never allocate.
    /// </summary>
    internal static class ValueSyntax
    {
        /// <summary>Missing: empty, white space only, or NA, N/A, null, NaN (also signed) in any case, surrounding white space ignored.</summary>
        public static bool IsMissing(char[] s, int start, int length)
        {
            Trim(s, ref start, ref length);
            switch (length)
            {
                case 0: return true;
                case 2: return Ascii.EqualsIgnoreCase(s, start, 2, "na");
                case 3: return Ascii.EqualsIgnoreCase(s, start, 3, "n/a") || Ascii.EqualsIgnoreCase(s, start, 3, "nan");
                case 4:
                    // A signed NaN parses as NaN too, so it is missing wherever NaN is.
                    return Ascii.EqualsIgnoreCase(s, start, 4, "null") ||
                        ((s[start] == '-' || s[start] == '+') && Ascii.EqualsIgnoreCase(s, start + 1, 3, "nan"));
                default: return false;
            }
        }

        /// <summary>true or false in any case, surrounding white space ignored.</summary>
        public static bool TryParseBoolean(char[] s, int start, int length, out bool value)
        {
            Trim(s, ref start, ref length);
            if (length == 4 && Ascii.EqualsIgnoreCase(s, start, 4, "true")) { value = true; return true; }
            if (length == 5 && Ascii.EqualsIgnoreCase(s, start, 5, "false")) { value = false; return true; }
            value = false;
            return false;
        }

        /// <summary>
        /// ISO 8601 as ticks: <c>yyyy-MM-dd</c>, or <c>yyyy-MM-ddTHH:mm:ss</c> (a space may replace the
        /// T) with an optional fraction of any length (digits past the seventh, below 100 ns, are
        /// dropped) and an optional <c>Z</c> or <c>±hh:mm</c> offset. A value with an offset is converted
        /// to UTC; a value without one is taken as it stands (the table treats every DateTime as UTC).
        /// </summary>
        public static bool TryParseDateTime(char[] s, int start, int length, out long ticks)
        {
            ticks = 0;
            Trim(s, ref start, ref length);
            if (length < 10) return false;
            int p = start;
            if (!Digits(s, p, 4, out int year) || s[p + 4] != '-' || !Digits(s, p + 5, 2, out int month) ||
                s[p + 7] != '-' || !Digits(s, p + 8, 2, out int day))
            {
                return false;
            }
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
            long result = new DateTime(year, month, day).Ticks;
            if (length == 10) { ticks = result; return true; }

            int end = start + length;
            p += 10;
            char t = s[p];
            if ((t != 'T' && t != 't' && t != ' ') || end - p < 9) return false;
            p++;
            if (!Digits(s, p, 2, out int hour) || s[p + 2] != ':' || !Digits(s, p + 3, 2, out int minute) ||
                s[p + 5] != ':' || !Digits(s, p + 6, 2, out int second))
            {
                return false;
            }
            if (hour > 23 || minute > 59 || second > 59) return false;
            result += (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute) + (second * TimeSpan.TicksPerSecond);
            p += 8;

            if (p < end && s[p] == '.')
            {
                p++;
                int digits = 0;
                long fraction = 0;
                while (p < end && (uint)(s[p] - '0') <= 9)
                {
                    if (digits < 7) { fraction = (fraction * 10) + (s[p] - '0'); }
                    digits++;
                    p++;
                }
                if (digits == 0) return false;
                for (int k = digits; k < 7; k++) fraction *= 10;
                result += fraction;
            }

            if (p < end)
            {
                char z = s[p];
                if (z == 'Z' || z == 'z')
                {
                    p++;
                }
                else if (z == '+' || z == '-')
                {
                    if (end - p != 6 || !Digits(s, p + 1, 2, out int offsetHours) || s[p + 3] != ':' ||
                        !Digits(s, p + 4, 2, out int offsetMinutes) || offsetHours > 14 || offsetMinutes > 59)
                    {
                        return false;
                    }
                    long offset = (offsetHours * TimeSpan.TicksPerHour) + (offsetMinutes * TimeSpan.TicksPerMinute);
                    result -= z == '+' ? offset : -offset;
                    p += 6;
                }
                else
                {
                    return false;
                }
            }

            if (p != end) return false;
            if (result < DateTime.MinValue.Ticks || result > DateTime.MaxValue.Ticks) return false;
            ticks = result;
            return true;
        }

        // A field of a column whose type is known, as the readers store it: the value, or the type's
        // missing value when the field is a missing marker; false when it is neither, which is a
        // field that does not fit the type.

        /// <summary>A number, or NaN for a missing marker.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool TryParseNumberOrMissing(char[] s, int start, int length, out double value)
        {
            if (NumberParser.TryParse(s, start, length, out value)) return true;
            value = double.NaN;
            return IsMissing(s, start, length);
        }

        /// <summary>1 for true, 0 for false, NaN for a missing marker (a Boolean column's storage).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool TryParseBooleanOrMissing(char[] s, int start, int length, out double flag)
        {
            if (TryParseBoolean(s, start, length, out bool value))
            {
                flag = value ? 1.0 : 0.0;
                return true;
            }
            flag = double.NaN;
            return IsMissing(s, start, length);
        }

        /// <summary>Ticks, or <see cref="DateTimeColumn.MissingTicks"/> for a missing marker.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool TryParseDateTimeOrMissing(char[] s, int start, int length, out long ticks)
        {
            if (TryParseDateTime(s, start, length, out ticks)) return true;
            ticks = DateTimeColumn.MissingTicks;
            return IsMissing(s, start, length);
        }

        internal static void Trim(char[] s, ref int start, ref int length)
        {
            int end = start + length;
            while (start < end && NumberParser.IsWhite(s[start])) start++;
            while (end > start && NumberParser.IsWhite(s[end - 1])) end--;
            length = end - start;
        }

        private static bool Digits(char[] s, int start, int count, out int value)
        {
            value = 0;
            for (int k = 0; k < count; k++)
            {
                uint d = (uint)(s[start + k] - '0');
                if (d > 9) return false;
                value = (value * 10) + (int)d;
            }
            return true;
        }
    }
}
