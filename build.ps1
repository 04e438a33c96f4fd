<#
.SYNOPSIS
    Convenience wrapper: builds the module (out/MlAlm) and optionally runs the tests.
.DESCRIPTION
    `dotnet build` alone lays out the importable module; this script only saves typing.
.EXAMPLE
    ./build.ps1 -Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug',
    # Run the xunit tests, then the Pester tests against the built module.
    [switch] $Test
)
$ErrorActionPreference = 'Stop'
Push-Location $PSScriptRoot
try {
    dotnet build MlAlm.sln -c $Configuration
    if ($LASTEXITCODE) { throw "dotnet build failed ($LASTEXITCODE)" }
    if ($Test) {
        dotnet test MlAlm.sln -c $Configuration --no-build
        if ($LASTEXITCODE) { throw "dotnet test failed ($LASTEXITCODE)" }
        & (Join-Path $PSScriptRoot 'tests/Pester/Invoke-MlAlmPester.ps1')
    }
    Write-Host "Module: $(Join-Path $PSScriptRoot 'out/MlAlm/MlAlm.psd1')"
}
finally {
    Pop-Location
}
