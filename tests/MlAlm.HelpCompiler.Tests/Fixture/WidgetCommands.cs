using System;
using System.Collections;
using System.Management.Automation;

namespace FixtureModule
{
    /// <summary>What the cmdlets return.</summary>
    public sealed class Widget
    {
        public string Name { get; set; } = string.Empty;

        public int Id { get; set; }

        public string Color { get; set; } = "Grey";
    }

    public enum WidgetKind
    {
        Gear,
        Spring,
        Lever,
    }

    /// <summary>A shared base: its parameter is inherited by every widget cmdlet.</summary>
    public abstract class WidgetCommandBase : PSCmdlet
    {
        [Parameter]
        [Alias("Path", "Workspace")]
        public string? Store { get; set; }
    }

    [Cmdlet(VerbsCommon.Get, "Widget", DefaultParameterSetName = ByName)]
    [OutputType(typeof(Widget))]
    public sealed class GetWidgetCommand : WidgetCommandBase
    {
        private const string ByName = "ByName";
        private const string ById = "ById";

        [Parameter(Position = 0, ParameterSetName = ByName, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("WidgetName")]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ById, ValueFromPipelineByPropertyName = true)]
        public int Id { get; set; }

        [Parameter]
        public WidgetKind Kind { get; set; }

        [Parameter]
        public SwitchParameter IncludeRetired { get; set; }

        protected override void ProcessRecord() => WriteObject(new Widget { Name = "gear", Id = Id });
    }

    [Cmdlet(VerbsCommon.Remove, "Widget", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Widget))]
    public sealed class RemoveWidgetCommand : WidgetCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public Widget? InputObject { get; set; }

        [Parameter]
        [ValidateSet("Obsolete", "Broken")]
        public string? Reason { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (InputObject is not null && ShouldProcess(InputObject.Name, "Remove widget") && PassThru)
            {
                WriteObject(InputObject);
            }
        }
    }

    [Cmdlet(VerbsCommon.Set, "WidgetColor")]
    [OutputType(typeof(Widget), typeof(string))]
    public sealed class SetWidgetColorCommand : WidgetCommandBase
    {
        [Parameter(Mandatory = true, Position = 0)]
        public string Name { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        public string Color { get; set; } = string.Empty;

        [Parameter]
        public Hashtable? Properties { get; set; }

        [Parameter]
        public int? Intensity { get; set; }

        [Parameter(DontShow = true)]
        public string? Secret { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Not a parameter: no [Parameter] attribute.</summary>
        public string NotAParameter { get; set; } = string.Empty;

        protected override void ProcessRecord() => WriteObject(new Widget { Name = Name, Color = Color });
    }

    /// <summary>Writes nothing, and says so with [OutputType(typeof(void))].</summary>
    [Cmdlet(VerbsCommon.Clear, "WidgetCache")]
    [OutputType(typeof(void))]
    public sealed class ClearWidgetCacheCommand : WidgetCommandBase
    {
        protected override void ProcessRecord()
        {
        }
    }

    /// <summary>Abstract: never a cmdlet, even with [Cmdlet].</summary>
    [Cmdlet(VerbsCommon.Get, "AbstractWidget")]
    public abstract class AbstractWidgetCommand : PSCmdlet
    {
    }

    /// <summary>Not public: PowerShell does not export it.</summary>
    [Cmdlet(VerbsCommon.Get, "InternalWidget")]
    internal sealed class InternalWidgetCommand : PSCmdlet
    {
    }
}
