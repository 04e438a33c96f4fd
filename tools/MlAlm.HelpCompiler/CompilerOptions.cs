using System;
using System.Collections.Generic;

namespace MlAlm.HelpCompiler
{
    /// <summary>The command line, parsed.</summary>
    public sealed class CompilerOptions
    {
        public const string Usage =
            "usage: dotnet MlAlm.HelpCompiler.dll --assembly <module.dll> --docs <docs/help folder> --out <en-US/Module.dll-Help.xml>\n" +
            "                                     [--reference <dll>]... [--check]\n" +
            "  --assembly   the module assembly whose [Cmdlet] classes are documented\n" +
            "  --docs       the folder of <Verb-Noun>.md pages and about_<Name>.md topics\n" +
            "               (format: docs/help/README.md)\n" +
            "  --out        the MAML file to write (not needed with --check); each about topic\n" +
            "               is written beside it as about_<Name>.help.txt\n" +
            "  --reference  an assembly to resolve references against; repeatable (e.g. the\n" +
            "               System.Management.Automation.dll reference assembly)\n" +
            "  --check      only check: list every problem, exit 1 if there is any";

        public string AssemblyPath { get; private set; } = string.Empty;

        public string DocsDirectory { get; private set; } = string.Empty;

        public string? OutputPath { get; private set; }

        public List<string> References { get; } = new();

        public bool CheckOnly { get; private set; }

        public bool ShowHelp { get; private set; }

        /// <summary>Parses arguments; returns null and sets <paramref name="error"/> when they are wrong.</summary>
        public static CompilerOptions? Parse(IReadOnlyList<string> args, out string? error)
        {
            var options = new CompilerOptions();
            error = null;
            for (int i = 0; i < args.Count; i++)
            {
                string arg = args[i];
                switch (arg)
                {
                    case "--help":
                    case "-h":
                    case "-?":
                        options.ShowHelp = true;
                        return options;
                    case "--check":
                        options.CheckOnly = true;
                        continue;
                    case "--assembly":
                    case "--docs":
                    case "--out":
                    case "--reference":
                        if (i + 1 >= args.Count || args[i + 1].Length == 0)
                        {
                            error = $"{arg} needs a value";
                            return null;
                        }

                        string value = args[++i];
                        switch (arg)
                        {
                            case "--assembly": options.AssemblyPath = value; break;
                            case "--docs": options.DocsDirectory = value; break;
                            case "--out": options.OutputPath = value; break;
                            default: options.References.Add(value); break;
                        }

                        continue;
                    default:
                        error = $"unknown argument '{arg}'";
                        return null;
                }
            }

            if (options.AssemblyPath.Length == 0)
            {
                error = "--assembly is required";
            }
            else if (options.DocsDirectory.Length == 0)
            {
                error = "--docs is required";
            }
            else if (!options.CheckOnly && string.IsNullOrEmpty(options.OutputPath))
            {
                error = "--out is required (or pass --check)";
            }

            return error is null ? options : null;
        }
    }
}
