// Entry point `azd provision` deploys: the resource group and, inside it, everything in
// resources.bicep. The container apps themselves (api, worker, the migrations job) are built
// from AIVideo.AppHost at `azd deploy` time.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; the resource group is rg-<name>.')
param environmentName string

@minLength(1)
@description('Azure region for every resource.')
param location string

@description('Object id of the person running azd; gets read access to the Key Vault secrets.')
param principalId string = ''

@description('PostgreSQL administrator login.')
param postgresUsername string = 'aivideo'

@secure()
@description('PostgreSQL administrator password.')
param postgresPassword string

@secure()
@description('HS256 key for the access and refresh tokens (Jwt:SigningKey), at least 32 bytes.')
param jwtSigningKey string

@secure()
@description('Google OAuth client id (Google:ClientId).')
param googleClientId string

@secure()
@description('Google OAuth client secret (Google:ClientSecret).')
param googleClientSecret string

@secure()
@description('API key of the openai-videos provider (VideoProviders:openai-videos:ApiKey).')
param openaiVideosApiKey string

@secure()
@description('API key of the azure-sora-jobs provider (VideoProviders:azure-sora-jobs:ApiKey).')
param azureSoraJobsApiKey string

@secure()
@description('API key of the runway provider (VideoProviders:runway:ApiKey).')
param runwayApiKey string

var tags = {
  'azd-env-name': environmentName
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  scope: rg
  name: 'resources'
  params: {
    location: location
    tags: tags
    principalId: principalId
    postgresUsername: postgresUsername
    postgresPassword: postgresPassword
    jwtSigningKey: jwtSigningKey
    googleClientId: googleClientId
    googleClientSecret: googleClientSecret
    openaiVideosApiKey: openaiVideosApiKey
    azureSoraJobsApiKey: azureSoraJobsApiKey
    runwayApiKey: runwayApiKey
  }
}

output AZURE_RESOURCE_GROUP string = rg.name
output MANAGED_IDENTITY_CLIENT_ID string = resources.outputs.MANAGED_IDENTITY_CLIENT_ID
output MANAGED_IDENTITY_NAME string = resources.outputs.MANAGED_IDENTITY_NAME
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = resources.outputs.AZURE_LOG_ANALYTICS_WORKSPACE_NAME
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.AZURE_CONTAINER_REGISTRY_ENDPOINT
output AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID string = resources.outputs.AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_NAME
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_ID
output AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN
output AZURE_KEY_VAULT_ENDPOINT string = resources.outputs.AZURE_KEY_VAULT_ENDPOINT
output AZURE_KEY_VAULT_NAME string = resources.outputs.AZURE_KEY_VAULT_NAME
output STORAGE_NAME string = resources.outputs.STORAGE_NAME
output STORAGE_BLOBENDPOINT string = resources.outputs.STORAGE_BLOBENDPOINT
output STORAGE_QUEUEENDPOINT string = resources.outputs.STORAGE_QUEUEENDPOINT
output POSTGRES_HOSTNAME string = resources.outputs.POSTGRES_HOSTNAME
output CACHE_HOSTNAME string = resources.outputs.CACHE_HOSTNAME
