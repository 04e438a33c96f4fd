# Blob workspaces through the real module on a real Azurite: the workspace cmdlets' Blob parameter
# sets, errors a script can test, copies between a local and a Blob workspace, and the whole
# walkthrough unchanged on a container URI. Uses the Azurite that .ci/run started
# ($env:MLALM_TEST_AZURITE_BLOB), or starts one from tools/azurite.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MlAlm/MlAlm.psd1') -Force
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Root = Join-Path ([System.IO.Path]::GetTempPath()) ("mlalm-pester-blob-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $script:Root | Out-Null
    . (Join-Path $PSScriptRoot 'TestAzurite.ps1')
    $script:Azurite = Start-TestAzurite -RepoRoot $script:RepoRoot -WorkFolder $script:Root
    $script:Endpoint = $script:Azurite.Endpoint
    $script:ConnectionString = $script:Azurite.ConnectionString
    function script:NewContainer([string] $hint) { "$hint-" + [guid]::NewGuid().ToString('N').Substring(0, 12) }
    $script:SavedConnection = $env:MLALM_STORAGE_CONNECTION_STRING
    # Connect-MlWorkspace below changes the process's connected workspace; the other test files
    # run in this process too, so it is put back afterwards.
    $script:SavedConnected = [MlAlm.Commands.Infrastructure.WorkspaceResolution]::Connected
}
AfterAll {
    [MlAlm.Commands.Infrastructure.WorkspaceResolution]::Connected = $script:SavedConnected
    $env:MLALM_STORAGE_CONNECTION_STRING = $script:SavedConnection
    Stop-TestAzurite $script:Azurite
    Remove-Item -LiteralPath $script:Root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Blob workspaces' {
    It 'creates a workspace in a container from a connection string, showing no secret' {
        $container = NewContainer 'pester'
        $ws = New-MlWorkspace -ConnectionString $script:ConnectionString -Container $container -Name team
        $ws.Kind | Should -Be 'AzureBlob'
        $ws.Name | Should -Be 'team'
        $ws.Location | Should -Be "$($script:Endpoint)/$container"
        ($ws | Format-Table | Out-String) | Should -Not -Match 'AccountKey'
        { New-MlWorkspace -ConnectionString $script:ConnectionString -Container $container -ErrorAction Stop } | Should -Throw -ErrorId 'WorkspaceExists,*'
    }

    It 'opens a container URI given as -Workspace, with the key from the environment' {
        $container = NewContainer 'pester'
        New-MlWorkspace -ConnectionString $script:ConnectionString -Container $container | Out-Null
        $env:MLALM_STORAGE_CONNECTION_STRING = $script:ConnectionString
        $uri = "$($script:Endpoint)/$container"
        $csv = Join-Path $script:Root 'small.csv'
        "x,y`n1,2`n3,4" | Set-Content -LiteralPath $csv
        (Import-MlDataset -Path $csv -Name small -Workspace $uri).Version | Should -Be 1
        (Get-MlDataset small -Workspace $uri).RowCount | Should -Be 2
        (Connect-MlWorkspace -ContainerUri $uri -PassThru).Kind | Should -Be 'AzureBlob'
        @(Test-MlWorkspace).Count | Should -Be 0
    }

    It 'refuses a wrong account key with WorkspaceAccessDenied and creates nothing' {
        $container = NewContainer 'pester'
        $wrong = $script:ConnectionString -replace 'AccountKey=[^;]+', ('AccountKey=' + [Convert]::ToBase64String([byte[]](1..64)))
        New-MlWorkspace -ConnectionString $wrong -Container $container -ErrorAction SilentlyContinue -ErrorVariable failure | Out-Null
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'WorkspaceAccessDenied,*'
        $failure[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $failure[0].Exception.Message | Should -Match 'refused the SharedKey credential'
        { Connect-MlWorkspace -ConnectionString $script:ConnectionString -Container $container -ErrorAction Stop } | Should -Throw -ErrorId 'WorkspaceNotFound,*'
    }

    It 'signs in with DefaultAzureCredential for a bare https URI (Azure.Identity loads from Dependencies)' {
        Connect-MlWorkspace -ContainerUri 'https://example.invalid/team' -ErrorAction SilentlyContinue -ErrorVariable failure
        # No identity on this machine: access denied; signed in somewhere: the made-up host is out of reach.
        $failure[0].FullyQualifiedErrorId | Should -Match '^Workspace(AccessDenied|Unavailable),'
        $failure[0].Exception.Message | Should -Match 'example\.invalid/team'
    }

    It 'rejects an invalid container name before any request' {
        { New-MlWorkspace -ConnectionString $script:ConnectionString -Container 'Bad_Name' -ErrorAction Stop } | Should -Throw -ExpectedMessage '*not a valid Blob container name*'
    }

    It 'does not bind -Path together with -ContainerUri' {
        { New-MlWorkspace -Path (Join-Path $script:Root 'x') -ContainerUri "$($script:Endpoint)/x-container" -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
    }

    It 'copies datasets and models between a local and a Blob workspace, content once' {
        $local = New-MlWorkspace -Path (Join-Path $script:Root 'local-ws')
        $blob = New-MlWorkspace -ConnectionString $script:ConnectionString -Container (NewContainer 'pester')
        $csv = Join-Path $script:RepoRoot 'examples/data/churn.csv'
        $dataset = Import-MlDataset -Path $csv -Name churn -Workspace $local
        $copy = $dataset | Copy-MlDataset -DestinationWorkspace $blob
        $copy.Workspace.Kind | Should -Be 'AzureBlob'
        $copy.Version | Should -Be 1
        # The same content again: the existing version comes back, nothing new is made.
        ($dataset | Copy-MlDataset -DestinationWorkspace $blob).Version | Should -Be 1
        $back = Join-Path $script:Root 'back.csv'
        Export-MlDataset churn -Path $back -Workspace $blob | Out-Null
        (Get-FileHash $back).Hash | Should -Be (Get-FileHash $csv).Hash

        New-MlExperiment demo -Template BinaryClassification -Workspace $blob | Out-Null
        $run = Start-MlExperiment demo -Workspace $blob
        $model = $run | Register-MlTrainedModel -NodeId train -Name demo-model
        $model.Workspace.Kind | Should -Be 'AzureBlob'
        $down = $model | Copy-MlTrainedModel -DestinationWorkspace $local
        $down.Workspace.Kind | Should -Be 'Local'
        $down.Version | Should -Be 1
        # Its lineage names the Blob workspace, where run 1 of demo is.
        $down.Lineage.WorkspaceId | Should -Be $blob.Id
        $down.Lineage.Workspace | Should -Be $blob.Location
        ($down.Lineage | Format-Table | Out-String -Width 500) | Should -Match ([regex]::Escape($blob.Location))
        { $model | Copy-MlTrainedModel -DestinationWorkspace $blob -ErrorAction Stop } | Should -Throw -ErrorId 'DestinationIsSource,*'

        $copied = Copy-MlExperiment -Experiment demo -Workspace $blob -DestinationWorkspace $local -NewName demo-offline
        $copied.Name | Should -Be 'demo-offline'
        (Start-MlExperiment demo-offline -Workspace $local).Status | Should -Be 'Finished'
    }

    It 'runs the walkthrough unchanged against a Blob workspace' {
        $container = NewContainer 'walkthrough'
        $pwsh = (Get-Process -Id $PID).Path
        $port = Get-Random -Minimum 20000 -Maximum 40000
        $env:MLALM_STORAGE_CONNECTION_STRING = $script:ConnectionString
        $output = & $pwsh -NoProfile -NonInteractive -File (Join-Path $script:RepoRoot 'examples/alm-walkthrough.ps1') `
            -Workspace "$($script:Endpoint)/$container" -ModulePath (Join-Path $script:RepoRoot 'out/MlAlm/MlAlm.psd1') -Port $port 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $output
        $output | Should -Match "Workspace: .* at $([regex]::Escape($script:Endpoint))/$container"
        $output | Should -Match 'BES job .*: Finished'
        $output | Should -Match 'no problems found'
    }
}
