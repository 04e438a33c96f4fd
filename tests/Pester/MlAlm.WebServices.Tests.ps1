# Steps 6 to 10 through the real module: deploy a web service, serve it from a real host process,
# call it request/response and in batch, change endpoints, and stop the host.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MlAlm/MlAlm.psd1') -Force
    $script:Root = Join-Path ([System.IO.Path]::GetTempPath()) ("mlalm-pester-ws-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $script:Root | Out-Null
    $script:Ws = New-MlWorkspace -Path (Join-Path $script:Root 'ws') -Name services
    New-MlExperiment demo -Template BinaryClassification -Workspace $script:Ws | Out-Null
    $script:Run = Start-MlExperiment demo -Workspace $script:Ws
    $script:Sample = Join-Path $script:Root 'sample.csv'
    $script:Run | Save-MlExperimentNodeOutput -NodeId split -Port output2 -Path $script:Sample | Out-Null
    $script:Port = Get-Random -Minimum 20000 -Maximum 40000
}
AfterAll {
    Get-MlWebServiceHost -Workspace $script:Ws | Stop-MlWebServiceHost
    Remove-Item -LiteralPath $script:Root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Web services' {
    It 'deploys a service from a run with a default endpoint' {
        $service = New-MlWebService -Name scoring -Run $script:Run -Workspace $script:Ws
        $service.Endpoints | Should -Be 'default'
        $service.InputSchema.Name | Should -Contain 'f1'
        (Get-MlTrainedModel scoring -Workspace $script:Ws).Lineage.RunId | Should -Be $script:Run.RunId
    }

    It 'starts a host and refuses a second one on the same port' {
        $h = Start-MlWebServiceHost -Port $script:Port -Workspace $script:Ws
        $h.Url | Should -BeLike "http://127.0.0.1:$($script:Port)*"
        (Get-MlWebServiceHost -Workspace $script:Ws).ProcessId | Should -Contain $h.ProcessId
        { Start-MlWebServiceHost -Port $script:Port -Workspace $script:Ws -ErrorAction Stop } | Should -Throw -ErrorId 'PortInUse,*'
    }

    It 'scores piped CSV rows, one object per row' {
        $endpoint = Get-MlWebServiceEndpoint scoring default -Workspace $script:Ws
        $endpoint.Url | Should -Not -BeNullOrEmpty
        $rows = Import-Csv $script:Sample | Select-Object -First 25
        $scored = $rows | Invoke-MlRrsEndpoint -Endpoint $endpoint
        $scored.Count | Should -Be 25
        $scored[0].'Scored Probabilities' | Should -BeGreaterOrEqual 0
        $scored[0].f1 | Should -Be $rows[0].f1
    }

    It 'passes its smoke test' {
        $checks = Get-MlWebServiceEndpoint scoring default -Workspace $script:Ws | Test-MlWebService -InputPath $script:Sample
        $checks.Where({ -not $_.Passed }) | Should -BeNullOrEmpty
        $checks.Count | Should -BeGreaterThan 5
    }

    It 'serves a new endpoint and a rotated key without a restart' {
        $canary = Add-MlWebServiceEndpoint scoring canary -Workspace $script:Ws
        Start-Sleep -Seconds 3
        $canary = Get-MlWebServiceEndpoint scoring canary -Workspace $script:Ws
        (Import-Csv $script:Sample | Select-Object -First 2 | Invoke-MlRrsEndpoint -Endpoint $canary).Count | Should -Be 2
        $old = $canary.PrimaryKey
        $canary = $canary | Reset-MlWebServiceEndpointKey -KeyType Primary
        $canary.PrimaryKey | Should -Not -Be $old
        Start-Sleep -Seconds 3
        { Import-Csv $script:Sample | Select-Object -First 1 | Invoke-MlRrsEndpoint -Uri $canary.Url -ApiKey $old -ErrorAction Stop } | Should -Throw -ExpectedMessage '*401*'
        (Import-Csv $script:Sample | Select-Object -First 1 | Invoke-MlRrsEndpoint -Endpoint $canary).Count | Should -Be 1
    }

    It 'runs a batch job over a dataset into a new dataset version' {
        $endpoint = Get-MlWebServiceEndpoint scoring default -Workspace $script:Ws
        $job = Invoke-MlBesEndpoint -Endpoint $endpoint -InputDataset template-binary -TimeoutSec 300
        $job.Status | Should -Be 'Finished'
        $job.RowsScored | Should -Be 5000
        (Get-MlDataset $job.OutputDataset.Name -Workspace $script:Ws).RowCount | Should -Be 5000
        (Get-MlBatchJob -Endpoint $endpoint -JobId $job.JobId).Status | Should -Be 'Finished'
    }

    It 'exports a definition that names every pinned asset' {
        $file = Export-MlWebServiceDefinition scoring -Path (Join-Path $script:Root 'scoring.json') -Workspace $script:Ws
        $text = Get-Content $file.FullName -Raw
        $text | Should -Match '"trainedModel"'
        $text | Should -Not -Match (Get-MlWebServiceEndpoint scoring default -Workspace $script:Ws).PrimaryKey
    }

    It 'stops the host' {
        Get-MlWebServiceHost -Workspace $script:Ws | Stop-MlWebServiceHost
        Get-MlWebServiceHost -Workspace $script:Ws | Should -BeNullOrEmpty
    }
}
