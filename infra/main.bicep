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
param postgres_username string = 'aivideo'

@secure()
@description('PostgreSQL administrator password.')
param postgres_password string

@secure()
@description('HS256 key for the access and refresh tokens (Jwt:SigningKey), at least 32 bytes.')
param jwt_signing_key string

@secure()
@description('Google OAuth client id (Google:ClientId).')
param google_client_id string

@secure()
@description('Google OAuth client secret (Google:ClientSecret).')
param google_client_secret string

@secure()
@description('API key of the openai-videos provider (VideoProviders:openai-videos:ApiKey).')
param openai_videos_api_key string

@secure()
@description('API key of the azure-sora-jobs provider (VideoProviders:azure-sora-jobs:ApiKey).')
param azure_sora_jobs_api_key string

@secure()
@description('API key of the runway provider (VideoProviders:runway:ApiKey).')
param runway_api_key string

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
    postgres_username: postgres_username
    postgres_password: postgres_password
    jwt_signing_key: jwt_signing_key
    google_client_id: google_client_id
    google_client_secret: google_client_secret
    openai_videos_api_key: openai_videos_api_key
    azure_sora_jobs_api_key: azure_sora_jobs_api_key
    runway_api_key: runway_api_key
  }
}

output AZURE_RESOURCE_GROUP string = rg.name
output ACA_AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = resources.outputs.ACA_AZURE_CONTAINER_APPS_ENVIRONMENT_ID
output ACA_AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = resources.outputs.ACA_AZURE_CONTAINER_APPS_ENVIRONMENT_NAME
output ACA_AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = resources.outputs.ACA_AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN
output ACA_AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.ACA_AZURE_CONTAINER_REGISTRY_ENDPOINT
output ACA_AZURE_CONTAINER_REGISTRY_NAME string = resources.outputs.ACA_AZURE_CONTAINER_REGISTRY_NAME
output ACA_AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID string = resources.outputs.ACA_AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID
output ACA_AZURE_LOG_ANALYTICS_WORKSPACE_ID string = resources.outputs.ACA_AZURE_LOG_ANALYTICS_WORKSPACE_ID
output ACA_MANAGED_IDENTITY_NAME string = resources.outputs.ACA_MANAGED_IDENTITY_NAME
output ACA_MANAGED_IDENTITY_PRINCIPAL_ID string = resources.outputs.ACA_MANAGED_IDENTITY_PRINCIPAL_ID
output API_IDENTITY_ID string = resources.outputs.API_IDENTITY_ID
output API_IDENTITY_CLIENTID string = resources.outputs.API_IDENTITY_CLIENTID
output API_IDENTITY_PRINCIPALID string = resources.outputs.API_IDENTITY_PRINCIPALID
output API_IDENTITY_PRINCIPALNAME string = resources.outputs.API_IDENTITY_PRINCIPALNAME
output API_IDENTITY_NAME string = resources.outputs.API_IDENTITY_NAME
output WORKER_IDENTITY_ID string = resources.outputs.WORKER_IDENTITY_ID
output WORKER_IDENTITY_CLIENTID string = resources.outputs.WORKER_IDENTITY_CLIENTID
output WORKER_IDENTITY_PRINCIPALID string = resources.outputs.WORKER_IDENTITY_PRINCIPALID
output WORKER_IDENTITY_PRINCIPALNAME string = resources.outputs.WORKER_IDENTITY_PRINCIPALNAME
output WORKER_IDENTITY_NAME string = resources.outputs.WORKER_IDENTITY_NAME
output MIGRATIONS_IDENTITY_ID string = resources.outputs.MIGRATIONS_IDENTITY_ID
output MIGRATIONS_IDENTITY_CLIENTID string = resources.outputs.MIGRATIONS_IDENTITY_CLIENTID
output MIGRATIONS_IDENTITY_PRINCIPALID string = resources.outputs.MIGRATIONS_IDENTITY_PRINCIPALID
output MIGRATIONS_IDENTITY_PRINCIPALNAME string = resources.outputs.MIGRATIONS_IDENTITY_PRINCIPALNAME
output MIGRATIONS_IDENTITY_NAME string = resources.outputs.MIGRATIONS_IDENTITY_NAME
output STORAGE_NAME string = resources.outputs.STORAGE_NAME
output STORAGE_BLOBENDPOINT string = resources.outputs.STORAGE_BLOBENDPOINT
output STORAGE_QUEUEENDPOINT string = resources.outputs.STORAGE_QUEUEENDPOINT
output POSTGRES_NAME string = resources.outputs.POSTGRES_NAME
output POSTGRES_HOSTNAME string = resources.outputs.POSTGRES_HOSTNAME
output CACHE_NAME string = resources.outputs.CACHE_NAME
output CACHE_HOSTNAME string = resources.outputs.CACHE_HOSTNAME
output POSTGRES_KV_NAME string = resources.outputs.POSTGRES_KV_NAME
output POSTGRES_KV_VAULTURI string = resources.outputs.POSTGRES_KV_VAULTURI
output CACHE_KV_NAME string = resources.outputs.CACHE_KV_NAME
output CACHE_KV_VAULTURI string = resources.outputs.CACHE_KV_VAULTURI
// azd's own names for the registry and environment (it pushes the images with them).
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.ACA_AZURE_CONTAINER_REGISTRY_ENDPOINT
output AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID string = resources.outputs.ACA_AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = resources.outputs.ACA_AZURE_CONTAINER_APPS_ENVIRONMENT_ID
output AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = resources.outputs.ACA_AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN
