using System;
using System.Collections.Generic;

namespace MlAlm.Core.Modules
{
    /// <summary>A small fluent way to declare a module, so the catalogue reads like a table.</summary>
    internal sealed class ModuleBuilder
    {
        private readonly string _name;
        private readonly string _category;
        private readonly string _description;
        private readonly List<MlPortInfo> _inputs = new List<MlPortInfo>();
        private readonly List<MlPortInfo> _outputs = new List<MlPortInfo>();
        private readonly List<MlParameterInfo> _parameters = new List<MlParameterInfo>();
        private Func<IReadOnlyDictionary<string, object>, string?>? _crossCheck;

        public ModuleBuilder(string name, string category, string description)
        {
            _name = name;
            _category = category;
            _description = description;
        }

        public ModuleBuilder Input(string name, PortType type, string description, bool optional = false)
        {
            _inputs.Add(new MlPortInfo(name, type, description, optional));
            return this;
        }

        public ModuleBuilder Output(string name, PortType type, string description)
        {
            _outputs.Add(new MlPortInfo(name, type, description));
            return this;
        }

        public ModuleBuilder Asset(string name, AssetType type, string description) =>
            Add(new MlParameterInfo(name, ParameterKind.Asset, description) { Required = true, AssetType = type });

        public ModuleBuilder Choice(string name, string description, string? defaultValue, params string[] choices) =>
            Add(new MlParameterInfo(name, ParameterKind.Choice, description) { Required = defaultValue == null, DefaultValue = defaultValue, Choices = choices });

        public ModuleBuilder Column(string name, string description, bool required) =>
            Add(new MlParameterInfo(name, ParameterKind.Column, description) { Required = required });

        public ModuleBuilder Columns(string name, string description, bool required) =>
            Add(new MlParameterInfo(name, ParameterKind.Columns, description) { Required = required });

        public ModuleBuilder Text(string name, string description, string? defaultValue = null) =>
            Add(new MlParameterInfo(name, ParameterKind.String, description) { DefaultValue = defaultValue });

        public ModuleBuilder Flag(string name, string description, bool defaultValue) =>
            Add(new MlParameterInfo(name, ParameterKind.Boolean, description) { DefaultValue = defaultValue });

        public ModuleBuilder Integer(string name, string description, long defaultValue, long minimum, long? maximum = null) =>
            Add(new MlParameterInfo(name, ParameterKind.Integer, description) { DefaultValue = defaultValue, Minimum = minimum, Maximum = maximum });

        public ModuleBuilder Number(string name, string description, double defaultValue, double? minimum, double? maximum, bool exclusive = false) =>
            Add(new MlParameterInfo(name, ParameterKind.Number, description) { DefaultValue = defaultValue, Minimum = minimum, Maximum = maximum, ExclusiveLimits = exclusive });

        public ModuleBuilder Check(Func<IReadOnlyDictionary<string, object>, string?> crossCheck)
        {
            _crossCheck = crossCheck;
            return this;
        }

        public MlModuleInfo Build() => new MlModuleInfo(_name, _category, _description, _inputs, _outputs, _parameters, _crossCheck);

        private ModuleBuilder Add(MlParameterInfo parameter)
        {
            _parameters.Add(parameter);
            return this;
        }
    }
}
