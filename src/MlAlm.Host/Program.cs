using System;
using System.IO;
using System.Linq;
using MlAlm.Core.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;

namespace MlAlm.Host
{
    /// <summary>
    /// `MlAlm.Host --workspace &lt;path&gt; [options]`. Exit codes: 0 after a graceful stop, 2 bad
    /// arguments, 3 the workspace cannot be opened, 4 the address is in use, 5 any other start failure.
    /// Every failure is one line on standard error, so Start-MlWebServiceHost can show it as it is.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Any(a => a == "--help" || a == "-h" || a == "-?"))
            {
                Console.WriteLine(HostOptions.Usage);
                return 0;
            }
            HostOptions options;
            try
            {
                options = HostOptions.Parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("MlAlm.Host: " + e.Message);
                Console.Error.WriteLine(HostOptions.Usage);
                return 2;
            }

            if (options.LogFile != null)
            {
                // A detached host has no console of its own: everything it would print goes to the file.
                var log = new StreamWriter(new FileStream(options.LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
                Console.SetOut(log);
                Console.SetError(log);
            }

            WebApplication app;
            try
            {
                app = ScoringHost.Build(options);
            }
            catch (MlAlmException e)
            {
                Console.Error.WriteLine("MlAlm.Host: " + e.Message);
                return 3;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("MlAlm.Host: " + e.Message);
                return 2;
            }

            try
            {
                app.Start();
            }
            catch (Exception e) when (IsAddressInUse(e))
            {
                Console.Error.WriteLine($"MlAlm.Host: cannot listen on {Describe(options)}: the address is already in use (another host or program has that port).");
                Dispose(app);
                return 4;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"MlAlm.Host: could not start: {e.Message.Split('\n')[0].Trim()}");
                Dispose(app);
                return 5;
            }
            Console.WriteLine($"MlAlm.Host listening on {ScoringHost.Address(app).ToString().TrimEnd('/')}");
            app.WaitForShutdown();
            Dispose(app);
            return 0;
        }

        private static bool IsAddressInUse(Exception e)
        {
            for (var current = e; current != null; current = current.InnerException)
            {
                if (current is AddressInUseException) return true;
                if (current is IOException && current.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        private static string Describe(HostOptions options) => options.Urls ?? $"http://127.0.0.1:{options.Port}";

        private static void Dispose(WebApplication app)
        {
            try
            {
                ((IDisposable)app).Dispose();
            }
            catch (Exception)
            {
                // nothing more to report: the process is ending
            }
        }
    }
}
