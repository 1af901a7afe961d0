// Everything AIVideo runs on, in one resource group: the private network (network.bicep), the
// Container Apps environment in it (with the Aspire dashboard), its registry and logs, the managed
// identities the apps run as, PostgreSQL, Redis, storage, the Key Vault holding the secrets, each
// reached through a private endpoint, and the apps themselves (apps.bicep).
@description('Azure region for every resource.')
param location string

@description('Tags for every resource (azd-env-name).')
param tags object

@description('PostgreSQL administrator login; only the migrations job uses it.')
param postgres_username string

@secure()
@description('PostgreSQL administrator password.')
param postgres_password string

@description('PostgreSQL role the api and the worker log in as; the migrations job creates it.')
param postgres_app_username string

@secure()
@description('Password of the application role.')
param postgres_app_password string

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

@secure()
@description('Stripe:SecretKey.')
param stripe_secret_key string

@secure()
@description('Stripe:WebhookSecret.')
param stripe_webhook_secret string

@description('Stripe:PublishableKey.')
param stripe_publishable_key string

@description('Payments:CreditsPack:StripePriceId and Payments:Plans:{pro_monthly,pro_yearly}:StripePriceId.')
param stripe_price_ids {
  creditsPack: string
  proMonthly: string
  proYearly: string
}

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

// The Api trusts X-Forwarded-For only from the infrastructure subnet, where the environment's
// ingress runs (ForwardedHeaders:KnownNetworks).
var addressPrefixes = {
  network: '10.0.0.0/16'
  infrastructure: '10.0.0.0/23'
  privateEndpoints: '10.0.2.0/24'
}

// The blob containers and queues of AIVideo.Core (MediaContainers, VideoQueueOptions).
var blobContainers = ['uploads', 'videos', 'posters', 'showcase']
var queueNames = ['video-jobs', 'video-jobs-poison']

// Built-in role definition ids.
var roles = {
  acrPull: '7f951dff-4ed5-4a7f-b0b1-8a0e3d2c5fb7'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  // Includes requesting user delegation keys, which the Api and the Worker sign media URLs with.
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageQueueDataReader: '19e7f393-937e-4f77-808e-94535e297925'
  storageQueueDataMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
  storageQueueDataMessageProcessor: '8a0f0c08-91a1-4084-bc3d-661d67233fed'
}

// What each app's identity may do, and nothing more. Every app reads its secrets from Key Vault
// (Key Vault references) and checks blobs and queues in /health (lists one container and one queue).
// api: uploads and signs media, enqueues jobs (outbox). worker: writes videos and posters, signs
// them, receives, deletes and re-sends jobs, moves failures to the poison queue, and KEDA reads the
// queue length as it. migrations: creates the containers and queues. AIVideo.Tests/Deployment checks this.
var appRoles = {
  api: {
    media: ['storageBlobDataContributor']
    queues: ['storageQueueDataReader', 'storageQueueDataMessageSender']
    vault: ['keyVaultSecretsUser']
  }
  worker: {
    media: ['storageBlobDataContributor']
    queues: ['storageQueueDataReader', 'storageQueueDataMessageProcessor', 'storageQueueDataMessageSender']
    vault: ['keyVaultSecretsUser']
  }
  migrations: {
    media: ['storageBlobDataContributor']
    queues: ['storageQueueDataContributor']
    vault: ['keyVaultSecretsUser']
  }
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

module network 'network.bicep' = {
  name: 'network'
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    addressPrefixes: addressPrefixes
  }
}

// Its apps and ingress get addresses in the infrastructure subnet; `internal: false` keeps a public
// address for the Api's external ingress (the Worker has no ingress).
resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'cae-${resourceToken}'
  location: location
  tags: tags
  properties: {
    vnetConfiguration: {
      infrastructureSubnetId: network.outputs.infrastructureSubnetId
      internal: false
    }
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
    // Reached only through its private endpoint.
    network: {
      publicNetworkAccess: 'Disabled'
    }
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

// On by default on a flexible server; set here so that turning it off is a visible change.
resource postgresTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: postgres
  name: 'require_secure_transport'
  properties: {
    value: 'on'
    source: 'user-defined'
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
    // Standard: a replica and an SLA (Basic has neither).
    sku: {
      name: 'Standard'
      family: 'C'
      capacity: 1
    }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Disabled'
  }
}

// The jobs queues: reached only through the private endpoint.
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'st${resourceToken}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    // Managed identity only: the services use DefaultAzureCredential.
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'None'
    }
  }
}

// The media: a browser's <video> and <img>, and the video providers fetching a reference image,
// load signed URLs (user delegation SAS, read-only, one hour) straight from this account, so its
// blob endpoint must stay public. That is all it serves: no shared key, no anonymous access, no
// queues; the apps themselves reach it through its private endpoint.
resource media 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'stmedia${resourceToken}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'None'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: media
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

// appRoles as one list per scope: { app index, role name }.
var mediaAssignments = flatten(map(range(0, length(apps)), i => map(appRoles[apps[i]].media, role => { app: i, role: role })))
var queueAssignments = flatten(map(range(0, length(apps)), i => map(appRoles[apps[i]].queues, role => { app: i, role: role })))
var vaultAssignments = flatten(map(range(0, length(apps)), i => map(appRoles[apps[i]].vault, role => { app: i, role: role })))

resource mediaAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in mediaAssignments: {
    name: guid(media.id, apps[assignment.app], roles[assignment.role])
    scope: media
    properties: {
      principalId: appIdentities[assignment.app].properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles[assignment.role])
    }
  }
]

resource queueAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in queueAssignments: {
    name: guid(storage.id, apps[assignment.app], roles[assignment.role])
    scope: storage
    properties: {
      principalId: appIdentities[assignment.app].properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles[assignment.role])
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
    // Purge protection cannot be turned off again: a deleted vault (and its secrets) stays
    // recoverable for the retention period, and its name stays taken until then.
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    // The apps' Key Vault references resolve through the private endpoint; the secrets below are
    // written by Resource Manager (control plane), which network rules do not apply to.
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'None'
    }
  }
}

resource vaultReaders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in vaultAssignments: {
    name: guid(vault.id, apps[assignment.app], roles[assignment.role])
    scope: vault
    properties: {
      principalId: appIdentities[assignment.app].properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles[assignment.role])
    }
  }
]

// One private endpoint per service (and per storage sub-resource), each in its DNS zone.
var privateEndpoints = [
  { name: 'postgres', serviceId: postgres.id, groupId: 'postgresqlServer', zone: 'postgres' }
  { name: 'redis', serviceId: cache.id, groupId: 'redisCache', zone: 'redis' }
  { name: 'queues', serviceId: storage.id, groupId: 'queue', zone: 'queue' }
  { name: 'media', serviceId: media.id, groupId: 'blob', zone: 'blob' }
  { name: 'vault', serviceId: vault.id, groupId: 'vault', zone: 'vault' }
]

module endpoints 'modules/private-endpoint.bicep' = [
  for endpoint in privateEndpoints: {
    name: 'pe-${endpoint.name}'
    params: {
      name: 'pe-${endpoint.name}-${resourceToken}'
      location: location
      tags: tags
      subnetId: network.outputs.privateEndpointSubnetId
      serviceId: endpoint.serviceId
      groupId: endpoint.groupId
      zoneId: network.outputs.zoneIds[endpoint.zone]
    }
  }
]

// Every secret under its configuration key, `--` for `:`. The api and the worker log in as the
// application role; only the migrations job gets the administrator, to create that role. Both
// connections require TLS, as does the server.
var secretValues = {
  'connectionstrings--aivideodb': 'Host=${postgres.properties.fullyQualifiedDomainName};Username=${postgres_app_username};Password=${postgres_app_password};Database=${database.name};SSL Mode=Require'
  'connectionstrings--aivideodb-admin': 'Host=${postgres.properties.fullyQualifiedDomainName};Username=${postgres_username};Password=${postgres_password};Database=${database.name};SSL Mode=Require'
  'connectionstrings--cache': '${cache.properties.hostName},ssl=true,password=${cache.listKeys().primaryKey}'
  'jwt--signingkey': jwt_signing_key
  'google--clientid': google_client_id
  'google--clientsecret': google_client_secret
  'videoproviders--openai-videos--apikey': openai_videos_api_key
  'videoproviders--azure-sora-jobs--apikey': azure_sora_jobs_api_key
  'videoproviders--runway--apikey': runway_api_key
  'stripe--secretkey': stripe_secret_key
  'stripe--webhooksecret': stripe_webhook_secret
}

// The loop runs over names known before deployment; the values are resolved per secret.
var secretNames = [
  'connectionstrings--aivideodb'
  'connectionstrings--aivideodb-admin'
  'connectionstrings--cache'
  'jwt--signingkey'
  'google--clientid'
  'google--clientsecret'
  'videoproviders--openai-videos--apikey'
  'videoproviders--azure-sora-jobs--apikey'
  'videoproviders--runway--apikey'
  'stripe--secretkey'
  'stripe--webhooksecret'
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
  // The apps read their Key Vault references (through the private endpoints) and pull their images
  // as they are created.
  dependsOn: [registryPull, vaultReaders, vaultSecrets, mediaAccess, queueAccess, endpoints]
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
    blobEndpoint: media.properties.primaryEndpoints.blob
    queueEndpoint: storage.properties.primaryEndpoints.queue
    trustedProxyNetwork: addressPrefixes.infrastructure
    frontendOrigin: frontend_origin
    googleRedirectUri: google_redirect_uri
    stripePublishableKey: stripe_publishable_key
    stripePriceIds: stripe_price_ids
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
output AZURE_MEDIA_STORAGE_ACCOUNT_NAME string = media.name
output AZURE_POSTGRES_HOSTNAME string = postgres.properties.fullyQualifiedDomainName
output AZURE_MIGRATIONS_JOB_NAME string = containerApps.outputs.migrationsJobName
output API_URI string = containerApps.outputs.apiUri
