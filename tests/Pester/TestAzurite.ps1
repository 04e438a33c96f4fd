# Azurite for the Pester tests that need a Blob service: the one .ci/run started
# ($env:MLALM_TEST_AZURITE_BLOB), or one started here from tools/azurite (installed there by npm
# if need be) on a free loopback port. Dot-source this file in BeforeAll.

# Azurite's well-known development account key: not a secret.
$script:AzuriteAccountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

function Start-TestAzurite([string] $RepoRoot, [string] $WorkFolder) {
    $process = $null
    $endpoint = $env:MLALM_TEST_AZURITE_BLOB
    if (-not $endpoint) {
        $azurite = Join-Path $RepoRoot 'tools/azurite'
        if (-not (Test-Path (Join-Path $azurite 'node_modules/.bin/azurite-blob'))) {
            Push-Location $azurite
            try { npm ci --no-audit --no-fund | Out-Null } finally { Pop-Location }
        }
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $data = Join-Path $WorkFolder 'azurite'
        New-Item -ItemType Directory -Path $data | Out-Null
        $process = Start-Process -FilePath (Join-Path $azurite 'node_modules/.bin/azurite-blob') -PassThru `
            -ArgumentList '--blobHost', '127.0.0.1', '--blobPort', $port, '--location', $data, '--silent', '--skipApiVersionCheck', '--loose', '--disableTelemetry' `
            -RedirectStandardOutput (Join-Path $WorkFolder 'azurite.out') -RedirectStandardError (Join-Path $WorkFolder 'azurite.err')
        $endpoint = "http://127.0.0.1:$port/devstoreaccount1"
        $deadline = (Get-Date).AddSeconds(60)
        while ($true) {
            try { Invoke-WebRequest "$endpoint`?comp=list" -SkipHttpErrorCheck -TimeoutSec 2 | Out-Null; break }
            catch { if ((Get-Date) -gt $deadline) { throw "Azurite did not start at $endpoint" }; Start-Sleep -Milliseconds 200 }
        }
    }
    $endpoint = $endpoint.TrimEnd('/')
    [pscustomobject]@{
        Endpoint         = $endpoint
        AccountKey       = $script:AzuriteAccountKey
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$($script:AzuriteAccountKey);BlobEndpoint=$endpoint;"
        Process          = $process
    }
}

# Stops an Azurite that Start-TestAzurite started; leaves .ci/run's alone.
function Stop-TestAzurite($Azurite) {
    if ($Azurite -and $Azurite.Process) { Stop-Process -Id $Azurite.Process.Id -Force -ErrorAction SilentlyContinue }
}
