@{
    RootModule             = 'MlAlm.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '5b0f3c8e-2d7a-4c1e-9f6b-8a3d2e1c4b70'
    Author                 = 'MlAlm contributors'
    CompanyName            = 'MlAlm'
    Copyright              = '(c) MlAlm contributors. All rights reserved.'
    Description            = 'Application lifecycle management for machine learning: versioned datasets, experiment graphs with an immutable run history, versioned trained models, and web services with versioned endpoints, from PowerShell.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('MlAlm.Format.ps1xml')

    CmdletsToExport        = @(
        'New-MlWorkspace'
        'Connect-MlWorkspace'
        'Get-MlWorkspace'
        'Test-MlWorkspace'
        'Import-MlDataset'
        'Get-MlDataset'
        'Export-MlDataset'
        'Remove-MlDataset'
        'New-MlExperiment'
        'Get-MlExperiment'
        'Copy-MlExperiment'
        'Remove-MlExperiment'
        'Export-MlExperimentGraph'
        'Import-MlExperimentGraph'
        'Get-MlModule'
        'Add-MlExperimentNode'
        'Set-MlExperimentNode'
        'Remove-MlExperimentNode'
        'Update-MlExperimentUserAsset'
        'Set-MlExperimentUserAsset'
        'Start-MlExperiment'
        'Get-MlExperimentRun'
        'Compare-MlExperimentRun'
        'Save-MlExperimentNodeOutput'
        'Register-MlTrainedModel'
        'Get-MlTrainedModel'
        'Export-MlTrainedModel'
        'Remove-MlTrainedModel'
        'Register-MlTransform'
        'Get-MlTransform'
        'Export-MlTransform'
        'Remove-MlTransform'
        'New-MlWebService'
        'Get-MlWebService'
        'Remove-MlWebService'
        'Export-MlWebServiceDefinition'
        'Add-MlWebServiceEndpoint'
        'Get-MlWebServiceEndpoint'
        'Update-MlWebServiceEndpoint'
        'Sync-MlWebServiceEndpoint'
        'Remove-MlWebServiceEndpoint'
        'Reset-MlWebServiceEndpointKey'
        'Start-MlWebServiceHost'
        'Get-MlWebServiceHost'
        'Stop-MlWebServiceHost'
        'Invoke-MlRrsEndpoint'
        'Test-MlWebService'
        'Invoke-MlBesEndpoint'
        'Get-MlBatchJob'
        'Stop-MlBatchJob'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @(
        'Upload-MlDataset'
        'Download-MlDataset'
        'Replace-MlExperimentUserAsset'
        'Download-MlExperimentNodeOutput'
        'Promote-MlTrainedModel'
        'Promote-MlTransform'
        'Export-MlWebServiceDefinitionFromExperiment'
        'Patch-MlWebServiceEndpoint'
        'Refresh-MlWebServiceEndpoint'
        'Invoke-MlWebServiceRrsEndpoint'
        'Invoke-MlWebServiceBesEndpoint'
    )

    PrivateData            = @{
        PSData = @{
            Tags = @('MachineLearning', 'MLOps', 'ALM', 'AzureML', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
        }
    }
}
