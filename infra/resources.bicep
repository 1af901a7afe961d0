// Everything AIVideo runs on, in one resource group: the Container Apps environment (with the
// Aspire dashboard), its registry and logs, the managed identities the apps run as, PostgreSQL,
// Redis, storage, the Key Vault holding the secrets, and the apps themselves (apps.bicep).
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

@description('Cors:AllowedOrigins:0.')
param frontend_origin string

@description('Google:AllowedRedirectUris:0.')
param google_redirect_uri string

@description('VideoModels:sora-2:Endpoint.')
param openai_videos_endpoint string

@description('VideoModels:sora-1:Endpoint.')
param azure_sora_jobs_endpoint string

@description('VideoModels:runway-gen3:Endpoint.')
param runway_endpoint string

@description('Whether azd has deployed the api (SERVICE_API_RESOURCE_EXISTS).')
param apiExists bool

@description('Whether azd has deployed the worker (SERVICE_WORKER_RESOURCE_EXISTS).')
param workerExists bool

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

// One identity pulls images from the registry; each app runs as its own identity, holding only the
// roles that app needs.
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

// Every secret under its configuration key, `--` for `:`.
var secretValues = {
  'connectionstrings--aivideodb': 'Host=${postgres.properties.fullyQualifiedDomainName};Username=${postgres_username};Password=${postgres_password};Database=${database.name}'
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

module containerApps 'apps.bicep' = {
  name: 'apps'
  // The apps read their Key Vault references and pull their images as they are created.
  dependsOn: [registryPull, vaultReaders, vaultSecrets, storageAccess]
  params: {
    location: location
    environmentName: tags['azd-env-name']
    resourceToken: resourceToken
    environmentId: environment.id
    registryServer: registry.properties.loginServer
    pullIdentityId: identity.id
    identities: {
      api: { id: appIdentities[0].id, clientId: appIdentities[0].properties.clientId }
      worker: { id: appIdentities[1].id, clientId: appIdentities[1].properties.clientId }
      migrations: { id: appIdentities[2].id, clientId: appIdentities[2].properties.clientId }
    }
    vaultUri: vault.properties.vaultUri
    storageAccountName: storage.name
    blobEndpoint: storage.properties.primaryEndpoints.blob
    queueEndpoint: storage.properties.primaryEndpoints.queue
    frontendOrigin: frontend_origin
    googleRedirectUri: google_redirect_uri
    modelEndpoints: {
      sora2: openai_videos_endpoint
      sora1: azure_sora_jobs_endpoint
      runwayGen3: runway_endpoint
    }
    apiExists: apiExists
    workerExists: workerExists
  }
}

output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.properties.loginServer
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = environment.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = environment.properties.defaultDomain
output AZURE_KEY_VAULT_NAME string = vault.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.name
output AZURE_POSTGRES_HOSTNAME string = postgres.properties.fullyQualifiedDomainName
output AZURE_MIGRATIONS_JOB_NAME string = containerApps.outputs.migrationsJobName
output API_URI string = containerApps.outputs.apiUri
