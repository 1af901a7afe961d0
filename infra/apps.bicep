// The three things azd deploys code into: the api and worker container apps and the migrations
// job. azd finds the apps by their azd-service-name tag and replaces the image on `azd deploy`; the
// postdeploy hook of azure.yaml gives the job the api's image and starts it (docs/deployment.md).
// Every key below is a configuration key the services read (docs/configuration.md);
// AIVideo.Tests/Deployment/InfrastructureTests.cs fails when one drifts.
@description('Azure region for every resource.')
param location string

@description('Name of the azd environment (the azd-env-name tag).')
param environmentName string

@description('Suffix that makes the names unique in the subscription.')
param resourceToken string

@description('Resource id of the Container Apps environment.')
param environmentId string

@description('Login server of the container registry azd pushes the images to.')
param registryServer string

@description('Resource id of the identity that pulls images from the registry.')
param pullIdentityId string

@description('Resource id and client id of the identity each app runs as.')
param identities {
  api: { id: string, clientId: string }
  worker: { id: string, clientId: string }
  migrations: { id: string, clientId: string }
}

@description('URI of the Key Vault holding the connection strings and secrets (ends with a slash).')
param vaultUri string

@description('Name of the storage account holding the queues (the worker scale rule reads its queue).')
param storageAccountName string

@description('Blob service URI of the media account: ConnectionStrings:blobs, used with DefaultAzureCredential.')
param blobEndpoint string

@description('Queue service URI: ConnectionStrings:queues, used with DefaultAzureCredential.')
param queueEndpoint string

@description('ForwardedHeaders:KnownNetworks:0, the environment\'s infrastructure subnet, where its ingress runs.')
param trustedProxyNetwork string

@description('Cors:AllowedOrigins:0, the frontend origin.')
param frontendOrigin string

@description('Google:AllowedRedirectUris:0, the frontend sign-in callback.')
param googleRedirectUri string

@description('Stripe:PublishableKey, handed to the frontend.')
param stripePublishableKey string

@description('Payments:CreditsPack:StripePriceId and Payments:Plans:{pro_monthly,pro_yearly}:StripePriceId; empty leaves a product unavailable.')
param stripePriceIds {
  creditsPack: string
  proMonthly: string
  proYearly: string
}

@description('VideoModels:{sora-2,sora-1,runway-gen3}:Endpoint; empty leaves a model unavailable.')
param modelEndpoints {
  sora2: string
  sora1: string
  runwayGen3: string
}

@description('Whether azd has deployed the api (SERVICE_API_RESOURCE_EXISTS).')
param apiExists bool

@description('Whether azd has deployed the worker (SERVICE_WORKER_RESOURCE_EXISTS).')
param workerExists bool

// What a container app runs until azd deploys the real image into it.
var placeholderImage = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'

var names = {
  api: 'ca-api-${resourceToken}'
  worker: 'ca-worker-${resourceToken}'
  migrations: 'caj-migrations-${resourceToken}'
}

// Kestrel's port in the .NET SDK container images (ASPNETCORE_HTTP_PORTS=8080).
var port = 8080

module apiImage 'modules/fetch-container-image.bicep' = {
  name: 'api-image'
  params: {
    exists: apiExists
    name: names.api
  }
}

module workerImage 'modules/fetch-container-image.bicep' = {
  name: 'worker-image'
  params: {
    exists: workerExists
    name: names.worker
  }
}

// The image azd last deployed to the api, which the migrations job runs too.
var apiImageName = apiImage.outputs.containers[?0].?image ?? placeholderImage

resource api 'Microsoft.App/containerApps@2025-07-01' = {
  name: names.api
  location: location
  tags: { 'azd-env-name': environmentName, 'azd-service-name': 'api' }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${pullIdentityId}': {}
      '${identities.api.id}': {}
    }
  }
  properties: {
    environmentId: environmentId
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        { server: registryServer, identity: pullIdentityId }
      ]
      // Key Vault references (resources.bicep), each read with the app's own identity.
      secrets: [
        { name: 'connectionstrings--aivideodb', keyVaultUrl: '${vaultUri}secrets/connectionstrings--aivideodb', identity: identities.api.id }
        { name: 'connectionstrings--cache', keyVaultUrl: '${vaultUri}secrets/connectionstrings--cache', identity: identities.api.id }
        { name: 'jwt--signingkey', keyVaultUrl: '${vaultUri}secrets/jwt--signingkey', identity: identities.api.id }
        { name: 'google--clientid', keyVaultUrl: '${vaultUri}secrets/google--clientid', identity: identities.api.id }
        { name: 'google--clientsecret', keyVaultUrl: '${vaultUri}secrets/google--clientsecret', identity: identities.api.id }
        { name: 'stripe--secretkey', keyVaultUrl: '${vaultUri}secrets/stripe--secretkey', identity: identities.api.id }
        { name: 'stripe--webhooksecret', keyVaultUrl: '${vaultUri}secrets/stripe--webhooksecret', identity: identities.api.id }
      ]
    }
    template: {
      containers: [
        {
          name: 'api'
          image: apiImageName
          resources: { cpu: json('0.5'), memory: '1Gi' }
          probes: [
            { type: 'Liveness', httpGet: { path: '/alive', port: port } }
            { type: 'Readiness', httpGet: { path: '/health', port: port } }
          ]
          env: [
            { name: 'ConnectionStrings__aivideodb', secretRef: 'connectionstrings--aivideodb' }
            { name: 'ConnectionStrings__cache', secretRef: 'connectionstrings--cache' }
            { name: 'ConnectionStrings__blobs', value: blobEndpoint }
            { name: 'ConnectionStrings__queues', value: queueEndpoint }
            // DefaultAzureCredential picks this user-assigned identity (storage, provider tokens).
            { name: 'AZURE_CLIENT_ID', value: identities.api.clientId }
            { name: 'Jwt__SigningKey', secretRef: 'jwt--signingkey' }
            { name: 'Google__ClientId', secretRef: 'google--clientid' }
            { name: 'Google__ClientSecret', secretRef: 'google--clientsecret' }
            { name: 'Google__AllowedRedirectUris__0', value: googleRedirectUri }
            { name: 'Cors__AllowedOrigins__0', value: frontendOrigin }
            // The environment's ingress is the only way in; its addresses are not fixed but lie in
            // the infrastructure subnet. Trust the X-Forwarded-For entry it appends (or every client
            // shares one rate limit), and no one else's.
            { name: 'ForwardedHeaders__KnownNetworks__0', value: trustedProxyNetwork }
            { name: 'VideoModels__sora-2__Endpoint', value: modelEndpoints.sora2 }
            { name: 'VideoModels__sora-1__Endpoint', value: modelEndpoints.sora1 }
            { name: 'VideoModels__runway-gen3__Endpoint', value: modelEndpoints.runwayGen3 }
            { name: 'Stripe__SecretKey', secretRef: 'stripe--secretkey' }
            { name: 'Stripe__WebhookSecret', secretRef: 'stripe--webhooksecret' }
            { name: 'Stripe__PublishableKey', value: stripePublishableKey }
            { name: 'Payments__CreditsPack__StripePriceId', value: stripePriceIds.creditsPack }
            { name: 'Payments__Plans__pro_monthly__StripePriceId', value: stripePriceIds.proMonthly }
            { name: 'Payments__Plans__pro_yearly__StripePriceId', value: stripePriceIds.proYearly }
            { name: 'OTEL_SERVICE_NAME', value: 'api' }
          ]
        }
      ]
      scale: {
        minReplicas: 1
        maxReplicas: 5
      }
    }
  }
}

resource worker 'Microsoft.App/containerApps@2025-07-01' = {
  name: names.worker
  location: location
  tags: { 'azd-env-name': environmentName, 'azd-service-name': 'worker' }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${pullIdentityId}': {}
      '${identities.worker.id}': {}
    }
  }
  properties: {
    environmentId: environmentId
    configuration: {
      // No ingress: the worker is reached only through its queue; the probes still reach it.
      activeRevisionsMode: 'Single'
      registries: [
        { server: registryServer, identity: pullIdentityId }
      ]
      secrets: [
        { name: 'connectionstrings--aivideodb', keyVaultUrl: '${vaultUri}secrets/connectionstrings--aivideodb', identity: identities.worker.id }
        { name: 'connectionstrings--cache', keyVaultUrl: '${vaultUri}secrets/connectionstrings--cache', identity: identities.worker.id }
        { name: 'videoproviders--openai-videos--apikey', keyVaultUrl: '${vaultUri}secrets/videoproviders--openai-videos--apikey', identity: identities.worker.id }
        { name: 'videoproviders--azure-sora-jobs--apikey', keyVaultUrl: '${vaultUri}secrets/videoproviders--azure-sora-jobs--apikey', identity: identities.worker.id }
        { name: 'videoproviders--runway--apikey', keyVaultUrl: '${vaultUri}secrets/videoproviders--runway--apikey', identity: identities.worker.id }
      ]
    }
    template: {
      containers: [
        {
          name: 'worker'
          image: workerImage.outputs.containers[?0].?image ?? placeholderImage
          resources: { cpu: json('1.0'), memory: '2Gi' }
          probes: [
            { type: 'Liveness', httpGet: { path: '/alive', port: port } }
            { type: 'Readiness', httpGet: { path: '/health', port: port } }
          ]
          env: [
            { name: 'ConnectionStrings__aivideodb', secretRef: 'connectionstrings--aivideodb' }
            { name: 'ConnectionStrings__cache', secretRef: 'connectionstrings--cache' }
            { name: 'ConnectionStrings__blobs', value: blobEndpoint }
            { name: 'ConnectionStrings__queues', value: queueEndpoint }
            { name: 'AZURE_CLIENT_ID', value: identities.worker.clientId }
            { name: 'VideoProviders__openai-videos__ApiKey', secretRef: 'videoproviders--openai-videos--apikey' }
            { name: 'VideoProviders__azure-sora-jobs__ApiKey', secretRef: 'videoproviders--azure-sora-jobs--apikey' }
            { name: 'VideoProviders__runway__ApiKey', secretRef: 'videoproviders--runway--apikey' }
            { name: 'VideoModels__sora-2__Endpoint', value: modelEndpoints.sora2 }
            { name: 'VideoModels__sora-1__Endpoint', value: modelEndpoints.sora1 }
            { name: 'VideoModels__runway-gen3__Endpoint', value: modelEndpoints.runwayGen3 }
            { name: 'OTEL_SERVICE_NAME', value: 'worker' }
          ]
        }
      ]
      // Zero replicas while the jobs queue is empty, one more per five waiting messages. KEDA
      // reads the queue length as the worker's own identity: no storage key exists.
      scale: {
        minReplicas: 0
        maxReplicas: 10
        rules: [
          {
            name: 'video-jobs'
            custom: {
              type: 'azure-queue'
              metadata: {
                accountName: storageAccountName
                queueName: 'video-jobs'
                queueLength: '5'
              }
              identity: identities.worker.id
            }
          }
        ]
      }
    }
  }
}

// `AIVideo.Api migrate`: migrations, seed data, blob containers and queues, then exit. Started
// after every deploy by the postdeploy hook of azure.yaml, with the api's freshly deployed image.
resource migrations 'Microsoft.App/jobs@2025-07-01' = {
  name: names.migrations
  location: location
  tags: { 'azd-env-name': environmentName }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${pullIdentityId}': {}
      '${identities.migrations.id}': {}
    }
  }
  properties: {
    environmentId: environmentId
    configuration: {
      triggerType: 'Manual'
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
      replicaTimeout: 1800
      replicaRetryLimit: 1
      registries: [
        { server: registryServer, identity: pullIdentityId }
      ]
      // The administrator creates the application role; the migrations run as that role, so it owns
      // what they create (AIVideo.Api migrate, DatabaseRoleProvisioner).
      secrets: [
        { name: 'connectionstrings--aivideodb', keyVaultUrl: '${vaultUri}secrets/connectionstrings--aivideodb', identity: identities.migrations.id }
        { name: 'connectionstrings--aivideodb-admin', keyVaultUrl: '${vaultUri}secrets/connectionstrings--aivideodb-admin', identity: identities.migrations.id }
      ]
    }
    template: {
      containers: [
        {
          name: 'migrations'
          image: apiImageName
          // Appended to the image's entrypoint (the Api executable).
          args: ['migrate']
          resources: { cpu: json('0.5'), memory: '1Gi' }
          env: [
            { name: 'ConnectionStrings__aivideodb', secretRef: 'connectionstrings--aivideodb' }
            { name: 'ConnectionStrings__aivideodb-admin', secretRef: 'connectionstrings--aivideodb-admin' }
            { name: 'ConnectionStrings__blobs', value: blobEndpoint }
            { name: 'ConnectionStrings__queues', value: queueEndpoint }
            { name: 'AZURE_CLIENT_ID', value: identities.migrations.clientId }
            { name: 'OTEL_SERVICE_NAME', value: 'migrations' }
          ]
        }
      ]
    }
  }
}

output apiName string = api.name
output apiUri string = 'https://${api.properties.configuration.ingress.fqdn}'
output workerName string = worker.name
output migrationsJobName string = migrations.name
