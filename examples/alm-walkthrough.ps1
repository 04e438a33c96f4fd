<#
.SYNOPSIS
    The ALM walkthrough: the steps a pipeline automates, run against a workspace.

.DESCRIPTION
    Runs on the default local workspace unless -Workspace (a path) or $env:MLALM_WORKSPACE
    says otherwise, so a new user can run it with no set-up. Each run adds new versions;
    nothing is overwritten.

    The ten steps of the classic ALM guide:
      1. upload a dataset
      2. import a training experiment from a graph file kept in source control
      3. update the experiment to the dataset's newest version
      4. run it
      5. promote the trained model (and the transform it learned)
      6. copy a predictive experiment (imported from source control)
      7. update its trained model and transform to the newly promoted versions
      8. run it
      9. deploy a web service from it and start a scoring host
     10. call its request/response (RRS) and batch (BES) endpoints
    and the round trip that makes graphs reviewable: export, edit, import back.

.EXAMPLE
    pwsh -NoProfile -File examples/alm-walkthrough.ps1
#>
[CmdletBinding()]
param(
    # A workspace directory; the default local workspace when omitted.
    [string] $Workspace,
    # Where the module was built (dotnet build lays it out in out/MlAlm).
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/MlAlm/MlAlm.psd1'),
    # The port of the scoring host started in step 9 (stopped again at the end).
    [int] $Port = 18080
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
if ($Workspace) { Connect-MlWorkspace -Path $Workspace -Create }
$ws = Get-MlWorkspace
Write-Host "Workspace: $($ws.Name) at $($ws.Location)"

$work = Join-Path ([System.IO.Path]::GetTempPath()) ("mlalm-walkthrough-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
try {
    # 1. Upload a dataset (the classic name still works: Upload-MlDataset).
    $dataset = Upload-MlDataset -Path (Join-Path $PSScriptRoot 'data/churn.csv') -Name churn -Description 'Customer churn sample'
    Write-Host "1. Uploaded dataset $($dataset.Name):$($dataset.Version) ($($dataset.RowCount) rows, $($dataset.ColumnCount) columns)"
    $dataset.Columns | Format-Table | Out-Host

    # 2. Import the training experiment from its graph file. The file pins an exact dataset
    #    version; point it at version 1, which the upload above guarantees exists.
    $graphFile = Join-Path $work 'churn-training.json'
    (Get-Content -LiteralPath (Join-Path $PSScriptRoot 'graphs/churn-training.json') -Raw) | Set-Content -LiteralPath $graphFile -NoNewline
    $experiment = Import-MlExperimentGraph -Path $graphFile -Overwrite:(@(Get-MlExperiment churn-training -ErrorAction SilentlyContinue).Count -gt 0)
    Write-Host "2. Imported experiment $($experiment.Name): $($experiment.NodeCount) nodes, uses $($experiment.UserAssets -join ', ')"

    # 3. Move the experiment to the newest dataset version.
    $experiment = Update-MlExperimentUserAsset -Experiment churn-training -AssetName churn -AssetType Dataset
    Write-Host "3. The experiment now uses $($experiment.UserAssets -join ', ')"
    $experiment.Nodes | Format-Table | Out-Host

    # Review loop: export the graph, change a parameter as a pull request would, import it back.
    Export-MlExperimentGraph -Experiment churn-training -Path $graphFile | Out-Null
    (Get-Content -LiteralPath $graphFile -Raw).Replace('"fraction": 0.7', '"fraction": 0.8') | Set-Content -LiteralPath $graphFile -NoNewline
    $edited = Import-MlExperimentGraph -Path $graphFile -Overwrite
    $split = $edited.Nodes | Where-Object NodeId -eq 'split'
    Write-Host "   Graph round trip: split fraction is now $($split.Parameters['fraction'])"

    # 4. Run the training experiment (unchanged nodes reuse earlier outputs).
    $run = Start-MlExperiment -Experiment churn-training
    Write-Host "4. Run $($run.RunId) of churn-training: $($run.Status) in $([math]::Round($run.Duration.TotalSeconds, 1)) s"
    $run.Nodes | Format-Table | Out-Host
    $run.Metrics.GetEnumerator() | ForEach-Object { Write-Host ("   {0,-10} {1:N4}" -f $_.Key, $_.Value) }

    # 5. Promote the trained model (the classic name still works: Promote-MlTrainedModel).
    $model = Promote-MlTrainedModel -Run $run -NodeId train -Name churn-model -Description "From run $($run.RunId)" -Tag @{ stage = 'candidate' }
    Write-Host "5. Registered trained model $($model.Name):$($model.Version) ($($model.Learner), AUC $('{0:N4}' -f $model.Metrics['AUC']))"
    Write-Host "   lineage: $($model.Lineage) from $($model.Lineage.Datasets -join ', ')"
    $cleaning = Promote-MlTransform -Run $run -NodeId clean -Name churn-cleaning -Description "From run $($run.RunId)"
    Write-Host "   and its missing-value transform as $($cleaning.Name):$($cleaning.Version)"

    # 6. Copy the predictive experiment from source control into the workspace.
    $predictiveFile = Join-Path $work 'churn-predictive.json'
    Copy-Item -LiteralPath (Join-Path $PSScriptRoot 'graphs/churn-predictive.json') -Destination $predictiveFile
    $predictive = Import-MlExperimentGraph -Path $predictiveFile -Overwrite:(@(Get-MlExperiment churn-predictive -ErrorAction SilentlyContinue).Count -gt 0)
    Write-Host "6. Imported predictive experiment $($predictive.Name): uses $($predictive.UserAssets -join ', ')"

    # 7. Point it at the model and transform just promoted (the classic Update-AmlExperimentUserAsset).
    $predictive = Update-MlExperimentUserAsset -Experiment churn-predictive -All
    Write-Host "7. The predictive experiment now uses $($predictive.UserAssets -join ', ')"

    # 8. Run it: in a run, WebServiceInput passes the sample dataset through.
    $predictiveRun = Start-MlExperiment -Experiment churn-predictive
    Write-Host "8. Run $($predictiveRun.RunId) of churn-predictive: $($predictiveRun.Status)"

    # 9. Deploy it as a web service and serve it.
    if (Get-MlWebService churn -ErrorAction SilentlyContinue) { Remove-MlWebService churn -Force }
    $service = New-MlWebService -Name churn -Experiment churn-predictive -Description 'Churn scoring'
    $hostProcess = Start-MlWebServiceHost -Port $Port
    $endpoint = Get-MlWebServiceEndpoint -WebService churn -Name default
    Write-Host "9. Web service $($service.Name) takes $($service.InputSchema.Count) columns; serving at $($endpoint.Url)"

    try {
        # 10. Call it: request/response with rows piped from a CSV file, then a batch job over the dataset.
        $scored = Import-Csv -LiteralPath (Join-Path $PSScriptRoot 'data/churn.csv') | Select-Object -First 5 | Invoke-MlRrsEndpoint -Endpoint $endpoint
        Write-Host '10. RRS answers:'
        $scored | Select-Object customer_id, churned, 'Scored Labels', 'Scored Probabilities' | Format-Table | Out-Host
        $job = Invoke-MlBesEndpoint -Endpoint $endpoint -InputDataset churn -TimeoutSec 300
        Write-Host "    BES job $($job.JobId): $($job.Status), $($job.RowsScored) rows scored into dataset $($job.OutputDataset)"
        Test-MlWebService -Endpoint $endpoint -InputPath (Join-Path $PSScriptRoot 'data/churn.csv') | Format-Table | Out-Host
    }
    finally {
        $hostProcess | Stop-MlWebServiceHost
    }

    Write-Host 'Workspace check:'
    $problems = @(Test-MlWorkspace)
    if ($problems.Count -eq 0) { Write-Host '   no problems found' } else { $problems | Format-Table | Out-Host }
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
