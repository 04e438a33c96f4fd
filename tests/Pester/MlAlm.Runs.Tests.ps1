# Steps 1 to 5 of the ALM flow through the real module: run experiments, read the run history,
# compare runs, save outputs, promote trained models.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MlAlm/MlAlm.psd1') -Force
    $script:Root = Join-Path ([System.IO.Path]::GetTempPath()) ("mlalm-pester-runs-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $script:Root | Out-Null
    $script:Ws = New-MlWorkspace -Path (Join-Path $script:Root 'ws') -Name runs
}
AfterAll {
    Remove-Item -LiteralPath $script:Root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Experiments from a template, in two commands' {
    It 'creates and runs a binary classification experiment' {
        New-MlExperiment demo -Template BinaryClassification -Workspace $script:Ws | Out-Null
        $run = Start-MlExperiment demo -Workspace $script:Ws
        $run.Status | Should -Be 'Finished'
        $run.RunId | Should -Be 1
        $run.Metrics['AUC'] | Should -BeGreaterThan 0.8
        ($run | Out-String) | Should -Match 'Finished'
    }

    It 'reuses unchanged nodes and takes experiments from the pipeline' {
        $run = Get-MlExperiment demo -Workspace $script:Ws | Start-MlExperiment
        $run.Nodes.Status | Sort-Object -Unique | Should -Be 'Cached'
        (Get-MlExperiment demo -Workspace $script:Ws | Start-MlExperiment -NoCache).Nodes.Status | Sort-Object -Unique | Should -Be 'Finished'
    }

    It 'lists runs newest first and compares two' {
        Set-MlExperimentNode demo split -Parameter @{ seed = 11 } -Workspace $script:Ws
        Start-MlExperiment demo -Workspace $script:Ws | Out-Null
        $runs = Get-MlExperimentRun demo -Workspace $script:Ws
        $runs.RunId | Should -Be @(4, 3, 2, 1)
        (Get-MlExperimentRun demo -First 1 -Workspace $script:Ws).RunId | Should -Be 4
        $differences = Compare-MlExperimentRun -ReferenceRun $runs[-1] -DifferenceRun $runs[0]
        $differences | Where-Object { $_.Kind -eq 'Parameter' -and $_.Name -eq 'seed' } | Should -Not -BeNullOrEmpty
    }

    It 'saves node outputs through the classic alias' {
        $run = Get-MlExperimentRun demo 1 -Workspace $script:Ws
        $file = $run | Download-MlExperimentNodeOutput -NodeId split -Port output2 -Path $script:Root
        $file | Should -BeOfType System.IO.FileInfo
        (Import-Csv $file.FullName).Count | Should -Be 1500
    }

    It 'promotes the trained model with lineage and metrics' {
        $run = Get-MlExperimentRun demo 1 -Workspace $script:Ws
        $model = Promote-MlTrainedModel -Run $run -NodeId train -Name demo-model -Description 'first' -Tag @{ stage = 'dev' } -Workspace $script:Ws
        $model.Version | Should -Be 1
        $model.Lineage.RunId | Should -Be 1
        $model.Metrics['AUC'] | Should -Be $run.Metrics['AUC']
        (Get-MlTrainedModel demo-model -Workspace $script:Ws).Learner | Should -Be 'LogisticRegression'
        $exported = Export-MlTrainedModel demo-model -Path $script:Root -Workspace $script:Ws
        (Register-MlTrainedModel -Path $exported.FullName -Name demo-model -Workspace $script:Ws).Version | Should -Be 2
        (Get-MlTrainedModel demo-model -AllVersions -Workspace $script:Ws).Count | Should -Be 2
        (Register-MlTransform -Run $run -NodeId normalize -Name scaling -Workspace $script:Ws).Kind | Should -Be 'NormalizeData'
    }

    It 'copies a run into a new experiment and exports a run graph' {
        $run = Get-MlExperimentRun demo 1 -Workspace $script:Ws
        $copy = Copy-MlExperiment -Run $run -NewName from-run -KeepAssetVersions -Workspace $script:Ws
        $copy.Nodes.Count | Should -Be 6
        $file = Export-MlExperimentGraph -Run $run -Path (Join-Path $script:Root 'run1.json')
        (Get-Content $file.FullName -Raw) | Should -Match '"seed": 42'
    }

    It 'binds a piped run to -Run, not to its experiment' {
        $run = Get-MlExperimentRun demo 1 -Workspace $script:Ws
        $file = $run | Export-MlExperimentGraph -Path (Join-Path $script:Root 'piped-run.json')
        (Get-Content $file.FullName -Raw) | Should -Match '"seed": 42'
        ($run | Copy-MlExperiment -NewName piped-copy).Nodes.Where({ $_.NodeId -eq 'split' }).Parameters['seed'] | Should -Be 42
    }

    It 'writes the failed run and an error naming the node' {
        Set-MlExperimentNode demo train -Parameter @{ labelColumn = 'nope' } -Workspace $script:Ws
        $run = Start-MlExperiment demo -Workspace $script:Ws -ErrorVariable err -ErrorAction SilentlyContinue
        $run.Status | Should -Be 'Failed'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ExperimentRunFailed,*'
        $err[0].Exception.Message | Should -Match "'train'"
        { Remove-MlExperiment demo -Workspace $script:Ws -ErrorAction Stop } | Should -Throw -ErrorId 'ExperimentHasRuns,*'
    }
}
