// Everything AIVideo runs on, in one resource group: the Container Apps environment (with the
// Aspire dashboard), its registry and logs, the managed identities the apps run as, PostgreSQL,
// Redis, storage and the Key Vault holding the secrets.
@description('Azure region for every resource.')
param location string

@description('Tags for every resource (azd-env-name).')
param tags object

@description('Object id of the person running azd; gets read access to the Key Vault secrets.')
param principalId string

@description('PostgreSQL administrator login.')
param postgres_username string

@secure()
@description('PostgreSQL administrator password.')
param postgres_password string

@secure()
@description('Jwt:SigningKey.')
param jwt_signing_key string

@secure()
@description('Google:ClientId.')
param google_client_id string

@secure()
@description('Google:ClientSecret.')
param google_client_secret string

@secure()
@description('VideoProviders:openai-videos:ApiKey.')
param openai_videos_api_key string

@secure()
@description('VideoProviders:azure-sora-jobs:ApiKey.')
param azure_sora_jobs_api_key string

@secure()
@description('VideoProviders:runway:ApiKey.')
param runway_api_key string

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

// The environment's identity pulls images from the registry (as Aspire's Container Apps
// environment does); each app runs as its own identity, named like the AppHost names it
// ({resource}-identity), holding only the roles that app needs.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'mi-${resourceToken}'
  location: location
  tags: tags
}

var apps = ['api', 'worker', 'migrations']

resource appIdentities 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = [
  for app in apps: {
    name: '${app}-identity-${resourceToken}'
    location: location
    tags: tags
  }
]

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
    administratorLogin: postgres_username
    administratorLoginPassword: postgres_password
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

// Every app reads and writes blobs and queues; the Blob Delegator role is what lets the Api and
// the Worker request the user delegation keys they sign media URLs with.
var storageRoles = [
  roles.storageBlobDataContributor
  roles.storageBlobDelegator
  roles.storageQueueDataContributor
]

resource storageAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for i in range(0, length(apps) * length(storageRoles)): {
    name: guid(storage.id, apps[i / length(storageRoles)], storageRoles[i % length(storageRoles)])
    scope: storage
    properties: {
      principalId: appIdentities[i / length(storageRoles)].properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageRoles[i % length(storageRoles)])
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

resource vaultReaders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (app, i) in apps: {
    name: guid(vault.id, app, roles.keyVaultSecretsUser)
    scope: vault
    properties: {
      principalId: appIdentities[i].properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    }
  }
]

resource vaultDeveloper 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(vault.id, principalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'User'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

// Connection strings under the names Aspire gives them (connectionstrings--<resource>); the
// other secrets under their configuration keys, `--` for `:`.
var postgresServer = 'Host=${postgres.properties.fullyQualifiedDomainName};Username=${postgres_username};Password=${postgres_password}'
var secretValues = {
  'connectionstrings--postgres': postgresServer
  'connectionstrings--aivideodb': '${postgresServer};Database=${database.name}'
  'connectionstrings--cache': '${cache.properties.hostName},ssl=true,password=${cache.listKeys().primaryKey}'
  'jwt--signingkey': jwt_signing_key
  'google--clientid': google_client_id
  'google--clientsecret': google_client_secret
  'videoproviders--openai-videos--apikey': openai_videos_api_key
  'videoproviders--azure-sora-jobs--apikey': azure_sora_jobs_api_key
  'videoproviders--runway--apikey': runway_api_key
}

// The loop runs over names known before deployment; the values are resolved per secret.
var secretNames = [
  'connectionstrings--postgres'
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

// Outputs are named as azd names the outputs of the AppHost's resources (<RESOURCE>_<OUTPUT>,
// e.g. storage.outputs.blobEndpoint -> STORAGE_BLOBENDPOINT), so the deployed apps resolve them.
// postgres-kv and cache-kv, two vaults in the AppHost, are the one vault here.
output ACA_AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = environment.id
output ACA_AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = environment.name
output ACA_AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = environment.properties.defaultDomain
output ACA_AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.properties.loginServer
output ACA_AZURE_CONTAINER_REGISTRY_NAME string = registry.name
output ACA_AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID string = identity.id
output ACA_AZURE_LOG_ANALYTICS_WORKSPACE_ID string = logs.id
output ACA_MANAGED_IDENTITY_NAME string = identity.name
output ACA_MANAGED_IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
output API_IDENTITY_ID string = appIdentities[0].id
output API_IDENTITY_CLIENTID string = appIdentities[0].properties.clientId
output API_IDENTITY_PRINCIPALID string = appIdentities[0].properties.principalId
output API_IDENTITY_PRINCIPALNAME string = appIdentities[0].name
output API_IDENTITY_NAME string = appIdentities[0].name
output WORKER_IDENTITY_ID string = appIdentities[1].id
output WORKER_IDENTITY_CLIENTID string = appIdentities[1].properties.clientId
output WORKER_IDENTITY_PRINCIPALID string = appIdentities[1].properties.principalId
output WORKER_IDENTITY_PRINCIPALNAME string = appIdentities[1].name
output WORKER_IDENTITY_NAME string = appIdentities[1].name
output MIGRATIONS_IDENTITY_ID string = appIdentities[2].id
output MIGRATIONS_IDENTITY_CLIENTID string = appIdentities[2].properties.clientId
output MIGRATIONS_IDENTITY_PRINCIPALID string = appIdentities[2].properties.principalId
output MIGRATIONS_IDENTITY_PRINCIPALNAME string = appIdentities[2].name
output MIGRATIONS_IDENTITY_NAME string = appIdentities[2].name
output STORAGE_NAME string = storage.name
output STORAGE_BLOBENDPOINT string = storage.properties.primaryEndpoints.blob
output STORAGE_QUEUEENDPOINT string = storage.properties.primaryEndpoints.queue
output POSTGRES_NAME string = postgres.name
output POSTGRES_HOSTNAME string = postgres.properties.fullyQualifiedDomainName
output CACHE_NAME string = cache.name
output CACHE_HOSTNAME string = cache.properties.hostName
output POSTGRES_KV_NAME string = vault.name
output POSTGRES_KV_VAULTURI string = vault.properties.vaultUri
output CACHE_KV_NAME string = vault.name
output CACHE_KV_VAULTURI string = vault.properties.vaultUri
