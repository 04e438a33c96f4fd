using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MlAlm.HelpCompiler.Metadata
{
    /// <summary>The module assembly (or something it needs) could not be read.</summary>
    public sealed class MetadataReadException : Exception
    {
        public MetadataReadException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }

    /// <summary>
    /// Reads the cmdlets of a module assembly without loading it for execution: the assembly is
    /// opened in a <see cref="MetadataLoadContext"/> and every attribute is read as
    /// <see cref="CustomAttributeData"/>, so nothing of the module runs and a netstandard2.0
    /// module built against PowerShellStandard.Library can be read from a net10.0 process.
    /// </summary>
    public static class CmdletMetadataReader
    {
        private const string SmaNamespace = "System.Management.Automation.";
        private const string CmdletAttributeName = SmaNamespace + "CmdletAttribute";
        private const string ParameterAttributeName = SmaNamespace + "ParameterAttribute";
        private const string AliasAttributeName = SmaNamespace + "AliasAttribute";
        private const string OutputTypeAttributeName = SmaNamespace + "OutputTypeAttribute";
        private const string SupportsWildcardsAttributeName = SmaNamespace + "SupportsWildcardsAttribute";
        private const string ValidateSetAttributeName = SmaNamespace + "ValidateSetAttribute";
        private const string SwitchParameterName = SmaNamespace + "SwitchParameter";

        /// <summary>Reads every public, non-abstract [Cmdlet] class, sorted by command name.</summary>
        /// <param name="assemblyPath">The module assembly.</param>
        /// <param name="references">Extra assemblies to resolve against (e.g. System.Management.Automation.dll).</param>
        /// <exception cref="MetadataReadException">The assembly or a needed reference cannot be read.</exception>
        public static IReadOnlyList<CmdletDefinition> Read(string assemblyPath, IEnumerable<string> references)
        {
            string fullPath = Path.GetFullPath(assemblyPath);
            if (!File.Exists(fullPath))
            {
                throw new MetadataReadException($"the assembly '{assemblyPath}' does not exist");
            }

            List<string> referenceList = references.Select(Path.GetFullPath).ToList();
            foreach (string reference in referenceList)
            {
                if (!File.Exists(reference))
                {
                    throw new MetadataReadException($"the reference '{reference}' does not exist");
                }
            }

            var resolver = new PathAssemblyResolver(ResolverPaths(fullPath, referenceList));
            try
            {
                using var context = new MetadataLoadContext(resolver, typeof(object).Assembly.GetName().Name);
                Assembly assembly = context.LoadFromAssemblyPath(fullPath);
                var cmdlets = new List<CmdletDefinition>();
                foreach (Type type in LoadableTypes(assembly))
                {
                    CmdletDefinition? cmdlet = ReadCmdlet(type);
                    if (cmdlet is not null)
                    {
                        cmdlets.Add(cmdlet);
                    }
                }

                cmdlets.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                return cmdlets;
            }
            catch (MetadataReadException)
            {
                throw;
            }
            catch (FileNotFoundException e)
            {
                throw new MetadataReadException(
                    $"cannot read '{assemblyPath}': a referenced assembly was not found ({e.Message}); pass it with --reference", e);
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException or IOException or TypeLoadException)
            {
                throw new MetadataReadException($"cannot read '{assemblyPath}': {e.Message}", e);
            }
        }

        /// <summary>
        /// Where referenced assemblies may come from: this runtime's framework, the module's own
        /// folder, explicit references, and (when none of those has it) the
        /// PowerShellStandard.Library reference assembly from the NuGet package folder.
        /// </summary>
        private static IEnumerable<string> ResolverPaths(string assemblyPath, List<string> references)
        {
            var paths = new List<string>();
            string runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
            paths.AddRange(Directory.GetFiles(runtimeDirectory, "*.dll"));
            string moduleDirectory = Path.GetDirectoryName(assemblyPath)!;
            paths.AddRange(Directory.GetFiles(moduleDirectory, "*.dll"));
            paths.AddRange(references);

            bool hasSma = paths.Any(p => string.Equals(Path.GetFileName(p), ReferenceLocator.SmaFileName, StringComparison.OrdinalIgnoreCase));
            if (!hasSma)
            {
                string? sma = ReferenceLocator.FindPowerShellStandardReference();
                if (sma is not null)
                {
                    paths.Add(sma);
                }
            }

            return paths;
        }

        private static IEnumerable<Type> LoadableTypes(Assembly assembly)
        {
            try
            {
                return assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                return e.Types.Where(t => t is not null).Select(t => t!);
            }
        }

        private static CmdletDefinition? ReadCmdlet(Type type)
        {
            if (!type.IsClass || type.IsAbstract || !type.IsVisible || type.IsGenericTypeDefinition)
            {
                return null;
            }

            CustomAttributeData? cmdletAttribute = Attributes(type.GetCustomAttributesData(), CmdletAttributeName).FirstOrDefault();
            if (cmdletAttribute is null || cmdletAttribute.ConstructorArguments.Count < 2)
            {
                return null;
            }

            string verb = (string?)cmdletAttribute.ConstructorArguments[0].Value ?? string.Empty;
            string noun = (string?)cmdletAttribute.ConstructorArguments[1].Value ?? string.Empty;

            return new CmdletDefinition(verb, noun, type.FullName ?? type.Name)
            {
                SupportsShouldProcess = Named(cmdletAttribute, "SupportsShouldProcess") is true,
                DefaultParameterSetName = Named(cmdletAttribute, "DefaultParameterSetName") as string,
                Parameters = ReadParameters(type),
                OutputTypes = ReadOutputTypes(type),
                Aliases = Attributes(type.GetCustomAttributesData(), AliasAttributeName).SelectMany(StringArguments).ToList(),
            };
        }

        private static List<CmdletParameter> ReadParameters(Type type)
        {
            var parameters = new List<CmdletParameter>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            // Most derived first; a property hidden with 'new' shows up once, from the derived class.
            foreach (PropertyInfo property in PropertiesMostDerivedFirst(type))
            {
                IList<CustomAttributeData> attributes = property.GetCustomAttributesData();
                List<CustomAttributeData> parameterAttributes = Attributes(attributes, ParameterAttributeName).ToList();
                if (parameterAttributes.Count == 0 || !seen.Add(property.Name))
                {
                    continue;
                }

                // Hidden parameters ([Parameter(DontShow = true)]) are not documented.
                if (parameterAttributes.All(a => Named(a, "DontShow") is true))
                {
                    continue;
                }

                var sets = new List<ParameterSetBinding>();
                foreach (CustomAttributeData attribute in parameterAttributes)
                {
                    int? position = Named(attribute, "Position") is int p && p >= 0 ? p : null;
                    sets.Add(new ParameterSetBinding(
                        Named(attribute, "ParameterSetName") as string ?? ParameterSetBinding.AllSets,
                        Named(attribute, "Mandatory") is true,
                        position,
                        Named(attribute, "ValueFromPipeline") is true,
                        Named(attribute, "ValueFromPipelineByPropertyName") is true));
                }

                Type propertyType = property.PropertyType;
                Type valueType = TypeNames.UnwrapNullable(propertyType);
                parameters.Add(new CmdletParameter(property.Name, TypeNames.Friendly(propertyType), TypeNames.Full(propertyType))
                {
                    IsSwitch = propertyType.FullName == SwitchParameterName,
                    IsArray = propertyType.IsArray,
                    ElementTypeFullName = propertyType.IsArray ? TypeNames.Full(propertyType.GetElementType()!) : null,
                    SupportsWildcards = Attributes(attributes, SupportsWildcardsAttributeName).Any(),
                    Aliases = Attributes(attributes, AliasAttributeName).SelectMany(StringArguments).ToList(),
                    AllowedValues = AllowedValues(attributes, propertyType.IsArray ? propertyType.GetElementType()! : valueType),
                    Sets = sets,
                });
            }

            return parameters;
        }

        private static IEnumerable<PropertyInfo> PropertiesMostDerivedFirst(Type type)
        {
            for (Type? current = type; current is not null; current = current.BaseType)
            {
                foreach (PropertyInfo property in current.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                {
                    yield return property;
                }
            }
        }

        private static List<string> AllowedValues(IList<CustomAttributeData> attributes, Type valueType)
        {
            CustomAttributeData? validateSet = Attributes(attributes, ValidateSetAttributeName).FirstOrDefault();
            if (validateSet is not null)
            {
                return StringArguments(validateSet).ToList();
            }

            if (valueType.IsEnum)
            {
                return valueType.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToList();
            }

            return new List<string>();
        }

        private static List<CmdletOutputType> ReadOutputTypes(Type type)
        {
            var outputs = new List<CmdletOutputType>();
            foreach (CustomAttributeData attribute in Attributes(type.GetCustomAttributesData(), OutputTypeAttributeName))
            {
                List<string> sets = Named(attribute, "ParameterSetName") is ReadOnlyCollection<CustomAttributeTypedArgument> names
                    ? names.Select(n => n.Value as string).Where(n => n is not null).Select(n => n!).ToList()
                    : new List<string>();

                foreach (CustomAttributeTypedArgument argument in attribute.ConstructorArguments)
                {
                    foreach (object? value in Values(argument))
                    {
                        string? name = value switch
                        {
                            Type t => TypeNames.Full(t),
                            string s => s,
                            _ => null,
                        };

                        if (!string.IsNullOrWhiteSpace(name) && !outputs.Any(o => o.TypeFullName == name))
                        {
                            outputs.Add(new CmdletOutputType(name!, sets));
                        }
                    }
                }
            }

            return outputs;
        }

        private static IEnumerable<CustomAttributeData> Attributes(IEnumerable<CustomAttributeData> attributes, string fullName) =>
            attributes.Where(a => a.AttributeType.FullName == fullName);

        private static object? Named(CustomAttributeData attribute, string name)
        {
            foreach (CustomAttributeNamedArgument argument in attribute.NamedArguments)
            {
                if (argument.MemberName == name)
                {
                    return argument.TypedValue.Value;
                }
            }

            return null;
        }

        private static IEnumerable<object?> Values(CustomAttributeTypedArgument argument)
        {
            if (argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items)
            {
                return items.Select(i => i.Value);
            }

            return new[] { argument.Value };
        }

        private static IEnumerable<string> StringArguments(CustomAttributeData attribute) =>
            attribute.ConstructorArguments.SelectMany(Values).OfType<string>();
    }
}
