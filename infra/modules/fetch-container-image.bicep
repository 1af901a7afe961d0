// The containers of a container app azd has already deployed to, or none on the first provision:
// azd's own scaffold module (Azure/azure-dev cli/azd/resources/scaffold/base/modules/
// fetch-container-image.bicep), so that re-provisioning keeps the image azd deployed instead of
// putting the placeholder back. A module because a template cannot read a resource it also deploys.
@description('Whether the app exists (azd sets SERVICE_<NAME>_RESOURCE_EXISTS before provisioning).')
param exists bool

@description('Name of the container app.')
param name string

resource existingApp 'Microsoft.App/containerApps@2025-07-01' existing = if (exists) {
  name: name
}

output containers array = exists ? existingApp!.properties.template.containers : []
