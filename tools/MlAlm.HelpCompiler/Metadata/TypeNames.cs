using System;
using System.Linq;

namespace MlAlm.HelpCompiler.Metadata
{
    /// <summary>Type names as help shows them.</summary>
    public static class TypeNames
    {
        /// <summary>Nullable&lt;T&gt; is documented as T: the parameter is simply optional.</summary>
        public static Type UnwrapNullable(Type type) =>
            type.IsGenericType && !type.IsGenericTypeDefinition && type.GetGenericTypeDefinition().FullName == "System.Nullable`1"
                ? type.GetGenericArguments()[0]
                : type;

        /// <summary>Short name: String, String[], Int32, Dictionary[String,Object].</summary>
        public static string Friendly(Type type) => Format(type, full: false);

        /// <summary>Full name: System.String[], System.Collections.Generic.Dictionary[System.String,System.Object].</summary>
        public static string Full(Type type) => Format(type, full: true);

        private static string Format(Type type, bool full)
        {
            type = UnwrapNullable(type);
            if (type.IsArray)
            {
                int rank = type.GetArrayRank();
                return Format(type.GetElementType()!, full) + "[" + new string(',', rank - 1) + "]";
            }

            if (type.IsByRef || type.IsPointer)
            {
                return Format(type.GetElementType()!, full);
            }

            string name = type.Name;
            int tick = name.IndexOf('`');
            if (tick >= 0)
            {
                name = name.Substring(0, tick);
            }

            if (full)
            {
                string prefix = type.IsNested && type.DeclaringType is not null
                    ? Format(type.DeclaringType, full: true) + "."
                    : string.IsNullOrEmpty(type.Namespace) ? string.Empty : type.Namespace + ".";
                name = prefix + name;
            }

            if (type.IsGenericType && !type.IsGenericTypeDefinition)
            {
                name += "[" + string.Join(",", type.GetGenericArguments().Select(a => Format(a, full))) + "]";
            }

            return name;
        }
    }
}
