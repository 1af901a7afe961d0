// Everything AIVideo runs on, in one resource group: the Container Apps environment (with the
// Aspire dashboard), its registry and logs, the managed identity the apps run as, PostgreSQL,
// Redis, storage and the Key Vault holding the secrets.
@description('Azure region for every resource.')
param location string

@description('Tags for every resource (azd-env-name).')
param tags object

@description('Object id of the person running azd; gets read access to the Key Vault secrets.')
param principalId string

@description('PostgreSQL administrator login.')
param postgresUsername string

@secure()
@description('PostgreSQL administrator password.')
param postgresPassword string

@secure()
@description('Jwt:SigningKey.')
param jwtSigningKey string

@secure()
@description('Google:ClientId.')
param googleClientId string

@secure()
@description('Google:ClientSecret.')
param googleClientSecret string

@secure()
@description('VideoProviders:openai-videos:ApiKey.')
param openaiVideosApiKey string

@secure()
@description('VideoProviders:azure-sora-jobs:ApiKey.')
param azureSoraJobsApiKey string

@secure()
@description('VideoProviders:runway:ApiKey.')
param runwayApiKey string

var resourceToken = uniqueString(resourceGroup().id)

// The blob containers and queues of AIVideo.Core (MediaContainers, VideoQueueOptions).
var blobContainers = ['uploads', 'videos', 'posters', 'showcase']
var queueNames = ['video-jobs', 'video-jobs-poison']

// Built-in role definition ids.
var roles = {
  acrPull: '7f951dff-4ed5-4a7f-b0b1-8a0e3d2c5fb7'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  // Needed to request user delegation keys: the services sign video and poster URLs with them.
  storageBlobDelegator: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'mi-${resourceToken}'
  location: location
  tags: tags
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: replace('acr-${resourceToken}', '-', '')
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
  }
}

resource registryPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, roles.acrPull)
  scope: registry
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.acrPull)
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'law-${resourceToken}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'cae-${resourceToken}'
  location: location
  tags: tags
  properties: {
    workloadProfiles: [
      {
        workloadProfileType: 'Consumption'
        name: 'consumption'
      }
    ]
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

resource dashboard 'Microsoft.App/managedEnvironments/dotNetComponents@2024-10-02-preview' = {
  parent: environment
  name: 'aspire-dashboard'
  properties: {
    componentType: 'AspireDashboard'
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: 'psql-${resourceToken}'
  location: location
  tags: tags
  sku: {
    name: 'Standard_B1ms'
    tier: 'Burstable'
  }
  properties: {
    version: '16'
    administratorLogin: postgresUsername
    administratorLoginPassword: postgresPassword
    authConfig: {
      activeDirectoryAuth: 'Disabled'
      passwordAuth: 'Enabled'
    }
    storage: {
      storageSizeGB: 32
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
  }
}

// 0.0.0.0–0.0.0.0 is Azure's "allow Azure services" rule: the Container Apps reach the server
// over its public endpoint, as the AppHost's default Azure PostgreSQL resource does.
resource postgresAllowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAllAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: 'aivideodb'
}

resource cache 'Microsoft.Cache/redis@2024-03-01' = {
  name: 'redis-${resourceToken}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'Basic'
      family: 'C'
      capacity: 1
    }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'st${resourceToken}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    // Managed identity only: the services use DefaultAzureCredential and user delegation SAS.
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for name in blobContainers: {
    parent: blobService
    name: name
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for name in queueNames: {
    parent: queueService
    name: name
  }
]

var storageRoles = [
  roles.storageBlobDataContributor
  roles.storageBlobDelegator
  roles.storageQueueDataContributor
]

resource storageAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in storageRoles: {
    name: guid(storage.id, identity.id, role)
    scope: storage
    properties: {
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${resourceToken}'
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
  }
}

resource vaultReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource vaultDeveloper 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(vault.id, principalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'User'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

// Secret names are the configuration keys with `--` for `:`, so the apps can map them one to one.
var secretValues = {
  'connectionstrings--aivideodb': 'Host=${postgres.properties.fullyQualifiedDomainName};Port=5432;Username=${postgresUsername};Password=${postgresPassword};Database=${database.name};SSL Mode=Require'
  'connectionstrings--cache': '${cache.properties.hostName}:${cache.properties.sslPort},password=${cache.listKeys().primaryKey},ssl=true'
  'jwt--signingkey': jwtSigningKey
  'google--clientid': googleClientId
  'google--clientsecret': googleClientSecret
  'videoproviders--openai-videos--apikey': openaiVideosApiKey
  'videoproviders--azure-sora-jobs--apikey': azureSoraJobsApiKey
  'videoproviders--runway--apikey': runwayApiKey
}

// The loop runs over names known before deployment; the values are resolved per secret.
var secretNames = [
  'connectionstrings--aivideodb'
  'connectionstrings--cache'
  'jwt--signingkey'
  'google--clientid'
  'google--clientsecret'
  'videoproviders--openai-videos--apikey'
  'videoproviders--azure-sora-jobs--apikey'
  'videoproviders--runway--apikey'
]

resource vaultSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for name in secretNames: {
    parent: vault
    name: name
    properties: {
      value: secretValues[name]
    }
  }
]

output MANAGED_IDENTITY_CLIENT_ID string = identity.properties.clientId
output MANAGED_IDENTITY_NAME string = identity.name
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = logs.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.properties.loginServer
output AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID string = identity.id
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = environment.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = environment.id
output AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = environment.properties.defaultDomain
output AZURE_KEY_VAULT_ENDPOINT string = vault.properties.vaultUri
output AZURE_KEY_VAULT_NAME string = vault.name
output STORAGE_NAME string = storage.name
output STORAGE_BLOBENDPOINT string = storage.properties.primaryEndpoints.blob
output STORAGE_QUEUEENDPOINT string = storage.properties.primaryEndpoints.queue
output POSTGRES_HOSTNAME string = postgres.properties.fullyQualifiedDomainName
output CACHE_HOSTNAME string = cache.properties.hostName
