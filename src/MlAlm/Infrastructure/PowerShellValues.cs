using System.Collections;
using System.Linq;
using System.Management.Automation;

namespace MlAlm.Commands.Infrastructure
{
    /// <summary>Strips PowerShell's PSObject wrappers so Core sees plain .NET values.</summary>
    internal static class PowerShellValues
    {
        public static IDictionary? Unwrap(IDictionary? table)
        {
            if (table == null) return null;
            var result = new Hashtable();
            foreach (DictionaryEntry entry in table) result[Unwrap(entry.Key)!] = Unwrap(entry.Value);
            return result;
        }

        public static object? Unwrap(object? value)
        {
            if (value is PSObject ps) value = ps.BaseObject;
            if (value is object[] array) return array.Select(Unwrap).ToArray();
            return value;
        }
    }

    /// <summary>Lets an asset argument be an asset object (its 'name:version') as well as text.</summary>
    public sealed class AssetSpecTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            return value switch
            {
                MlDataset dataset => dataset.ToString(),
                AssetReference reference => reference.ToString(),
                _ => inputData,
            };
        }
    }
}
