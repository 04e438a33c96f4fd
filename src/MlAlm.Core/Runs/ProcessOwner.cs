using System;
using System.Diagnostics;

namespace MlAlm.Core.Runs
{
    /// <summary>
    /// Which process owns a piece of running work (a run, a batch job), recorded in its document
    /// so that any reader can tell work in progress from work whose process died. Work is dead
    /// when its process is gone from this machine (or the process id now belongs to a process that
    /// started later), or when it has not beaten its heart for <see cref="StaleAfter"/> (a process
    /// on another machine, or one that hangs).
    /// </summary>
    internal static class ProcessOwner
    {
        public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);
        public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

        public static string CurrentHost => Environment.MachineName;

        public static int CurrentProcessId
        {
            get
            {
                using var process = Process.GetCurrentProcess();
                return process.Id;
            }
        }

        /// <summary>When this process started (UTC), or null when the platform does not say.</summary>
        public static DateTime? CurrentProcessStartUtc
        {
            get
            {
                using var process = Process.GetCurrentProcess();
                return StartUtc(process);
            }
        }

        /// <param name="processStartUtc">The owner's start time when it was recorded: tells a reused process id from the owner.</param>
        public static bool IsDead(string? host, int processId, DateTime? processStartUtc, DateTime heartbeatUtc)
        {
            if (string.Equals(host, Environment.MachineName, StringComparison.OrdinalIgnoreCase) && processId > 0)
            {
                if (!IsAlive(processId, processStartUtc)) return true;
            }
            return DateTime.UtcNow - heartbeatUtc > StaleAfter;
        }

        private static bool IsAlive(int processId, DateTime? processStartUtc)
        {
            try
            {
                using var process = Process.GetProcessById(processId);
                if (process.HasExited) return false;
                if (processStartUtc.HasValue)
                {
                    var started = StartUtc(process);
                    // A process that started after the owner is another one under a reused id.
                    if (started.HasValue && (started.Value - processStartUtc.Value).Duration() > TimeSpan.FromSeconds(2)) return false;
                }
                return true;
            }
            catch (ArgumentException)
            {
                return false; // no such process
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        private static DateTime? StartUtc(Process process)
        {
            try
            {
                return process.StartTime.ToUniversalTime();
            }
            catch (InvalidOperationException)
            {
                return null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
            catch (NotSupportedException)
            {
                return null;
            }
        }
    }
}
