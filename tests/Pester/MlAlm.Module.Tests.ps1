# Module-level tests: what only a real PowerShell shows (import, manifest, aliases, formats,
# parameter binding, pipeline, help, error records). The logic itself is covered by xunit.
BeforeDiscovery {
    # Test cases are built from the module's own commands, so it must be loaded before discovery.
    Import-Module (Join-Path $PSScriptRoot '../../out/MlAlm/MlAlm.psd1') -Force
    $cmdletCases = Get-Command -Module MlAlm -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } }
}

BeforeAll {
    $script:ModulePath = Join-Path $PSScriptRoot '../../out/MlAlm/MlAlm.psd1'
    $script:Manifest = Import-PowerShellDataFile $script:ModulePath
    Import-Module $script:ModulePath -Force
    $script:Commands = Get-Command -Module MlAlm
}

Describe 'Import' {
    It 'imports in a fresh process with no warnings and no errors' {
        $pwsh = (Get-Process -Id $PID).Path
        $output = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$script:ModulePath' -WarningVariable w -ErrorVariable e; 'warnings=' + `$w.Count; 'errors=' + `$e.Count" 2>&1
        $output | Should -Contain 'warnings=0'
        $output | Should -Contain 'errors=0'
    }

    It 'exports exactly the manifest''s cmdlets' {
        $exported = ($script:Commands | Where-Object CommandType -eq 'Cmdlet').Name | Sort-Object
        $exported | Should -Be ($script:Manifest.CmdletsToExport | Sort-Object)
    }

    It 'uses approved verbs and the Ml noun prefix for every cmdlet' {
        $approved = (Get-Verb).Verb
        foreach ($command in $script:Commands | Where-Object CommandType -eq 'Cmdlet') {
            $approved | Should -Contain $command.Verb -Because $command.Name
            $command.Noun | Should -BeLike 'Ml*'
        }
    }

    It 'exports the manifest''s aliases, each pointing at its cmdlet' -TestCases @(
        @{ Alias = 'Upload-MlDataset'; Target = 'Import-MlDataset' }
        @{ Alias = 'Download-MlDataset'; Target = 'Export-MlDataset' }
        @{ Alias = 'Replace-MlExperimentUserAsset'; Target = 'Set-MlExperimentUserAsset' }
    ) {
        $script:Manifest.AliasesToExport | Should -Contain $Alias
        (Get-Alias $Alias).ResolvedCommandName | Should -Be $Target
    }

    It 'lists in the manifest only aliases that exist' {
        $aliases = ($script:Commands | Where-Object CommandType -eq 'Alias').Name | Sort-Object
        $aliases | Should -Be ($script:Manifest.AliasesToExport | Sort-Object)
    }

    It 'declares an output type on every cmdlet' {
        foreach ($command in $script:Commands | Where-Object CommandType -eq 'Cmdlet') {
            $command.OutputType.Count | Should -BeGreaterThan 0 -Because $command.Name
        }
    }

    It 'supports -WhatIf on every cmdlet that changes something' {
        $readOnly = 'Get', 'Test', 'Connect', 'Compare'
        # Scoring rows over HTTP changes nothing in the workspace.
        $readOnlyCommands = 'Invoke-MlRrsEndpoint'
        foreach ($command in $script:Commands | Where-Object { $_.CommandType -eq 'Cmdlet' -and $_.Verb -notin $readOnly -and $_.Name -notin $readOnlyCommands }) {
            $command.Parameters.Keys | Should -Contain 'WhatIf' -Because $command.Name
        }
    }
}

Describe 'Help' {
    It 'gives <Name> a synopsis, a description and a working example' -TestCases $cmdletCases {
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*\w+-\w+\s*\['   # not the auto-generated syntax line
        $help.description | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterThan 0
        $help.examples.example[0].code | Should -Match $Name.Split('-')[1].Substring(0, 2)
    }

    It 'describes every parameter of <Name>' -TestCases $cmdletCases {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($parameter in (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common }) {
            $text = (Get-Help $Name -Parameter $parameter).description.Text -join ''
            $text | Should -Not -BeNullOrEmpty -Because "$Name -$parameter"
        }
    }

    It 'has the about_MlAlm topic, with its short description as the synopsis' {
        (Get-Help about_MlAlm | Out-String) | Should -Match '^TOPIC\s+about_MlAlm\s+SHORT DESCRIPTION'
        (Get-Help about_MlAl* | Where-Object Name -eq 'about_MlAlm').Synopsis | Should -BeLike 'MlAlm manages*'
    }

    It 'shows a cmdlet that writes nothing as returning None' {
        @((Get-Help Remove-MlTrainedModel).returnValues.returnValue.type.name) | Should -Be @('None')
    }
}

Describe 'Workspaces, datasets and graphs' {
    BeforeAll {
        $script:Root = Join-Path ([System.IO.Path]::GetTempPath()) ("mlalm-pester-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $script:Root | Out-Null
        $env:MLALM_WORKSPACE = Join-Path $script:Root 'default-ws'
        $script:Csv = Join-Path $script:Root 'churn.csv'
        Set-Content -LiteralPath $script:Csv -Value "age,plan,churned`n30,gold,1`n41,silver,0`n25,`"gold, plus`",1" -NoNewline
    }
    AfterAll {
        Remove-Item Env:MLALM_WORKSPACE
        Remove-Item -LiteralPath $script:Root -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'creates the default workspace from $env:MLALM_WORKSPACE on first use' {
        $ws = Get-MlWorkspace
        $ws.Location | Should -Be $env:MLALM_WORKSPACE
        $ws.Kind | Should -Be 'Local'
    }

    It 'imports a dataset through the Upload alias and numbers versions' {
        $first = Upload-MlDataset -Path $script:Csv
        $first.Name | Should -Be 'churn'
        $first.Version | Should -Be 1
        $first.RowCount | Should -Be 3
        (Import-MlDataset -LiteralPath $script:Csv -Name churn).Version | Should -Be 2
        (Get-MlDataset churn -AllVersions).Count | Should -Be 2
        (Get-MlDataset 'churn:1').Version | Should -Be 1
    }

    It 'formats every output type with its own view' -TestCases @(
        @{ Type = 'MlAlm.MlWorkspace' }, @{ Type = 'MlAlm.MlDataset' }, @{ Type = 'MlAlm.MlDatasetColumn' },
        @{ Type = 'MlAlm.MlExperiment' }, @{ Type = 'MlAlm.MlExperimentNode' }, @{ Type = 'MlAlm.MlModuleInfo' },
        @{ Type = 'MlAlm.MlPortInfo' }, @{ Type = 'MlAlm.MlParameterInfo' }, @{ Type = 'MlAlm.MlWorkspaceProblem' },
        @{ Type = 'MlAlm.AssetReference' }, @{ Type = 'MlAlm.MlExperimentRun' }, @{ Type = 'MlAlm.MlRunNode' },
        @{ Type = 'MlAlm.MlRunOutput' }, @{ Type = 'MlAlm.MlRunDifference' }, @{ Type = 'MlAlm.MlTrainedModel' },
        @{ Type = 'MlAlm.MlTransform' }, @{ Type = 'MlAlm.MlLineage' }
    ) {
        Get-FormatData -TypeName $Type | Should -Not -BeNullOrEmpty
    }

    It 'shows datasets as a table with rows and columns' {
        $text = Get-MlDataset churn | Out-String
        $text | Should -Match 'Rows'
        $text | Should -Match 'churn\s+2\s+3\s+3'
    }

    It 'writes ErrorRecords with stable ids, categories and targets' {
        Get-MlDataset nope -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DatasetNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nope'

        Get-MlDataset '../x' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidName,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'reports a bad CSV naming the file and the line, and imports nothing' {
        $bad = Join-Path $script:Root 'ragged.csv'
        Set-Content -LiteralPath $bad -Value "a,b`n1,2`n3" -NoNewline
        { Import-MlDataset $bad -ErrorAction Stop } | Should -Throw -ExpectedMessage 'ragged.csv, line 3:*'
        Get-MlDataset ragged -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'builds a graph, exports it, takes an edit and imports it back' {
        New-MlExperiment training -Description 'demo' | Should -Not -BeNullOrEmpty
        Add-MlExperimentNode training Dataset data -Parameter @{ dataset = 'churn:1' } | Out-Null
        Add-MlExperimentNode -Experiment training -Module SplitData -NodeId split -Parameter @{ fraction = 0.75; seed = 3 } -Input @{ input = 'data.output' } | Out-Null
        $file = Join-Path $script:Root 'training.json'
        $exported = Export-MlExperimentGraph training -Path $file
        $exported | Should -BeOfType System.IO.FileInfo
        $before = Get-Content -LiteralPath $file -Raw
        $before | Should -Not -Match "`r"

        (Get-Content -LiteralPath $file -Raw).Replace('"seed": 3', '"seed": 4') | Set-Content -LiteralPath $file -NoNewline
        $imported = Import-MlExperimentGraph -Path $file -Name edited
        $imported.Nodes.Where({ $_.NodeId -eq 'split' }).Parameters['seed'] | Should -Be 4
        Export-MlExperimentGraph edited -Path (Join-Path $script:Root 'edited.json') | Out-Null
        (Get-Content (Join-Path $script:Root 'edited.json') -Raw) | Should -Be ((Get-Content -LiteralPath $file -Raw).Replace('"name": "training"', '"name": "edited"'))
    }

    It 'reports every problem of a bad graph file in one error and creates nothing' {
        $file = Join-Path $script:Root 'bad.json'
        Set-Content -LiteralPath $file -Value '{ "schemaVersion": 1, "name": "bad", "nodes": [ { "id": "x", "module": "Nope" }, { "id": "s", "module": "SplitData", "parameters": { "fraction": 7 } } ], "edges": [ { "from": "ghost.output", "to": "s.input" } ] }'
        Import-MlExperimentGraph $file -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidExperimentGraph,*'
        $err[0].Exception.Problems.Count | Should -Be 3
        Get-MlExperiment bad -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'binds piped objects by property name' {
        Get-MlExperiment training | Copy-MlExperiment -NewName copied -KeepAssetVersions | Out-Null
        (Get-MlExperiment copied).UserAssets[0].ToString() | Should -Be 'churn:1'
        (Get-MlExperiment training).Nodes | Where-Object NodeId -eq split | Set-MlExperimentNode -Comment 'piped' -PassThru |
            Select-Object -ExpandProperty Comment | Should -Be 'piped'
        Get-MlExperiment copied | Update-MlExperimentUserAsset -All | Select-Object -ExpandProperty UserAssets |
            ForEach-Object ToString | Should -Be 'churn:2'
        Get-MlExperiment copied | Remove-MlExperiment
        Get-MlExperiment copied -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'honours -WhatIf and protects a dataset version in use' {
        Remove-MlDataset churn -Version 2 -WhatIf
        (Get-MlDataset churn -Version 2).Version | Should -Be 2
        { Remove-MlDataset churn -Version 1 -ErrorAction Stop } | Should -Throw -ErrorId 'DatasetInUse,*'
        Get-MlDataset churn -Version 2 | Remove-MlDataset
        (Get-MlDataset churn -AllVersions).Version | Should -Be 1
    }

    It 'takes -Workspace as a path and keeps piped objects in their own workspace' {
        $other = New-MlWorkspace -Path (Join-Path $script:Root 'other') -Name other
        Import-MlDataset $script:Csv -Name elsewhere -Workspace $other.Location | Out-Null
        Get-MlDataset elsewhere -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $piped = Get-MlDataset elsewhere -Workspace $other | Export-MlDataset -Path (Join-Path $script:Root 'elsewhere.csv')
        [System.IO.File]::ReadAllBytes($piped.FullName) | Should -Be ([System.IO.File]::ReadAllBytes($script:Csv))
    }

    It 'completes dataset, experiment and module names' {
        (TabExpansion2 -inputScript 'Get-MlDataset -Name ch' -cursorColumn 21).CompletionMatches.CompletionText | Should -Contain 'churn'
        (TabExpansion2 -inputScript 'Get-MlExperiment -Name tr' -cursorColumn 24).CompletionMatches.CompletionText | Should -Contain 'training'
        (TabExpansion2 -inputScript 'Get-MlModule -Name Spl' -cursorColumn 22).CompletionMatches.CompletionText | Should -Contain 'SplitData'
    }

    It 'finds nothing wrong with a healthy workspace' {
        Test-MlWorkspace | Should -BeNullOrEmpty
    }
}
