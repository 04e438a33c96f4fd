# Dependency isolation, which only a real PowerShell shows: MlAlm works in a session where
# another module (as the Az modules do) has loaded an older Azure.Core, and that module can load
# its older Azure.Core after MlAlm has loaded the newer one. Each case runs in a fresh pwsh, since
# an assembly cannot be unloaded from a session. The older Azure.Core (1.44.1) is the one that
# tests/MlAlm.Tests downloads into the NuGet cache. Uses the Azurite that .ci/run started
# ($env:MLALM_TEST_AZURITE_BLOB), or starts one from tools/azurite.
BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Module = Join-Path $script:RepoRoot 'out/MlAlm/MlAlm.psd1'
    $script:Pwsh = (Get-Process -Id $PID).Path
    $script:Root = Join-Path ([System.IO.Path]::GetTempPath()) ("mlalm-pester-isolation-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $script:Root | Out-Null

    $packages = $env:NUGET_PACKAGES
    if (-not $packages) { $packages = ((dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim() }
    $script:OlderAzureCore = Join-Path $packages 'azure.core/1.44.1/lib/net6.0/Azure.Core.dll'

    . (Join-Path $PSScriptRoot 'TestAzurite.ps1')
    $script:Azurite = Start-TestAzurite -RepoRoot $script:RepoRoot -WorkFolder $script:Root
    $script:ConnectionString = $script:Azurite.ConnectionString

    # The child session: loads the older Azure.Core before or after MlAlm, then uses a Blob
    # workspace (dataset in, dataset out) and reports which Azure.Core versions are loaded.
    $script:Child = Join-Path $script:Root 'child.ps1'
    Set-Content -LiteralPath $script:Child -Value @'
param([string] $Module, [string] $Older, [string] $ConnectionString, [string] $Folder, [switch] $OlderFirst)
$ErrorActionPreference = 'Stop'
if ($OlderFirst) { Add-Type -Path $Older }
Import-Module $Module
$container = 'isolation-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
$ws = New-MlWorkspace -ConnectionString $ConnectionString -Container $container -Name isolation
$csv = Join-Path $Folder "$container.csv"
Set-Content -LiteralPath $csv -Value "x,y`n1,2`n3,4"
$dataset = Import-MlDataset -Path $csv -Name numbers -Workspace $ws
if (-not $OlderFirst) { Add-Type -Path $Older }
$back = Export-MlDataset -Name numbers -Version $dataset.Version -Path (Join-Path $Folder "$container.out.csv") -Workspace $ws
"rows=" + ((Import-Csv -LiteralPath $back.FullName) | Measure-Object).Count
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Azure.Core' } |
    ForEach-Object { 'azure.core=' + $_.GetName().Version } | Sort-Object
'@
    function script:RunChild([switch] $OlderFirst) {
        $arguments = @('-NoProfile', '-NonInteractive', '-File', $script:Child, '-Module', $script:Module, '-Older', $script:OlderAzureCore,
            '-ConnectionString', $script:ConnectionString, '-Folder', $script:Root)
        if ($OlderFirst) { $arguments += '-OlderFirst' }
        $output = & $script:Pwsh @arguments 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
    }
}
AfterAll {
    Stop-TestAzurite $script:Azurite
    Remove-Item -LiteralPath $script:Root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Dependency isolation' {
    It 'has the older Azure.Core to test with' {
        $script:OlderAzureCore | Should -Exist
        [System.Reflection.AssemblyName]::GetAssemblyName($script:OlderAzureCore).Version | Should -BeLessThan ([version] '1.64.0.0')
    }

    It 'works with a Blob workspace after another module loaded an older Azure.Core' {
        $result = RunChild -OlderFirst
        $result.Output -join "`n" | Should -Not -Match 'Exception|error'
        $result.ExitCode | Should -Be 0
        $result.Output | Should -Contain 'rows=2'
        # Both versions are loaded, each module on its own.
        $result.Output | Should -Contain 'azure.core=1.44.1.0'
        $result.Output | Should -Contain 'azure.core=1.64.0.0'
    }

    It 'lets another module load its older Azure.Core after MlAlm loaded its own' {
        $result = RunChild
        $result.Output -join "`n" | Should -Not -Match 'Exception|error'
        $result.ExitCode | Should -Be 0
        $result.Output | Should -Contain 'rows=2'
        $result.Output | Should -Contain 'azure.core=1.44.1.0'
        $result.Output | Should -Contain 'azure.core=1.64.0.0'
    }
}
