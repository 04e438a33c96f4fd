using System;
using System.Collections.Generic;

namespace MlAlm.Learning.Features
{
    /// <summary>
    /// The numeric parts a DateTime column expands into, in this order: Year, Month (1-12), Day (of
    /// the month, 1-31), DayOfWeek (0 = Sunday .. 6 = Saturday), Hour (0-23) and Days, the continuous
    /// time in days (with fraction) since 1970-01-01T00:00 — so a trend over time is one feature and
    /// calendar effects are the others. Values are read as stored (UTC by convention); no time zone
    /// conversion is made.
    /// </summary>
    public static class DateTimeParts
    {
        public const int Count = 6;

        private const long UnixEpochTicks = 621355968000000000L; // 1970-01-01T00:00:00

        public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(new[] { "Year", "Month", "Day", "DayOfWeek", "Hour", "Days" });

        /// <summary>The parts of one tick value into <paramref name="parts"/>[0..5].</summary>
        public static void Split(long ticks, double[] parts)
        {
            Split(ticks, out parts[0], out parts[1], out parts[2], out parts[3], out parts[4], out parts[5]);
        }

        internal static void Split(long ticks, out double year, out double month, out double day, out double dayOfWeek, out double hour, out double days)
        {
            var value = new DateTime(ticks);
            year = value.Year;
            month = value.Month;
            day = value.Day;
            long wholeDays = ticks / TimeSpan.TicksPerDay;
            dayOfWeek = (wholeDays + 1) % 7; // 0001-01-01 was a Monday
            hour = (ticks / TimeSpan.TicksPerHour) % 24;
            days = (ticks - UnixEpochTicks) / (double)TimeSpan.TicksPerDay;
        }
    }
}
