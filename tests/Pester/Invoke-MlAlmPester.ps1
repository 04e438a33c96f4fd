# Runs the module-level Pester tests against out/MlAlm (build first) and exits non-zero on failure.
param([string] $Path = $PSScriptRoot)
$ErrorActionPreference = 'Stop'
Import-Module Pester -MinimumVersion 5.0
$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.Exit = $true
$configuration.Output.Verbosity = 'Detailed'
Invoke-Pester -Configuration $configuration
