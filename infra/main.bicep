// Entry point `azd provision` deploys: the resource group and, inside it, everything in
// resources.bicep, including the api and worker container apps and the migrations job
// (apps.bicep), whose images `azd deploy` replaces.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; the resource group is rg-<name>.')
param environmentName string

@minLength(1)
@description('Azure region for every resource.')
param location string

@description('PostgreSQL administrator login; only the migrations job uses it.')
param postgres_username string = 'aivideo'

@secure()
@description('PostgreSQL administrator password.')
param postgres_password string

@description('PostgreSQL role the api and the worker log in as; the migrations job creates it and it owns the schema.')
param postgres_app_username string = 'aivideo_app'

@secure()
@description('Password of the application role.')
param postgres_app_password string

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

@secure()
@description('Stripe secret API key (Stripe:SecretKey), sk_live_… or sk_test_….')
param stripe_secret_key string

@secure()
@description('Signing secret of the Stripe webhook endpoint https://<api>/api/v1/webhooks/stripe (Stripe:WebhookSecret), whsec_….')
param stripe_webhook_secret string

@description('Stripe publishable key handed to the frontend (Stripe:PublishableKey).')
param stripe_publishable_key string = ''

@description('Stripe price ids of the catalog (Payments:CreditsPack:StripePriceId, Payments:Plans:{pro_monthly,pro_yearly}:StripePriceId); empty: unavailable.')
param stripe_price_ids {
  creditsPack: string
  proMonthly: string
  proYearly: string
} = { creditsPack: '', proMonthly: '', proYearly: '' }

@description('Origin of the web frontend, e.g. https://aivideo.example.com (Cors:AllowedOrigins:0).')
param frontend_origin string

@description('Sign-in callback of the web frontend, e.g. https://aivideo.example.com/auth/callback (Google:AllowedRedirectUris:0).')
param google_redirect_uri string

@description('Base URL of the openai-videos provider for sora-2 (VideoModels:sora-2:Endpoint); empty: unavailable.')
param openai_videos_endpoint string = ''

@description('Base URL of the azure-sora-jobs provider for sora-1 (VideoModels:sora-1:Endpoint); empty: unavailable.')
param azure_sora_jobs_endpoint string = ''

@description('Base URL of the runway provider for runway-gen3 (VideoModels:runway-gen3:Endpoint); empty: unavailable.')
param runway_endpoint string = ''

@description('Set by azd before provisioning: whether the api container app exists (keeps its deployed image).')
param apiExists bool = false

@description('Set by azd before provisioning: whether the worker container app exists (keeps its deployed image).')
param workerExists bool = false

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
    postgres_username: postgres_username
    postgres_password: postgres_password
    postgres_app_username: postgres_app_username
    postgres_app_password: postgres_app_password
    jwt_signing_key: jwt_signing_key
    google_client_id: google_client_id
    google_client_secret: google_client_secret
    openai_videos_api_key: openai_videos_api_key
    azure_sora_jobs_api_key: azure_sora_jobs_api_key
    runway_api_key: runway_api_key
    stripe_secret_key: stripe_secret_key
    stripe_webhook_secret: stripe_webhook_secret
    stripe_publishable_key: stripe_publishable_key
    stripe_price_ids: stripe_price_ids
    frontend_origin: frontend_origin
    google_redirect_uri: google_redirect_uri
    openai_videos_endpoint: openai_videos_endpoint
    azure_sora_jobs_endpoint: azure_sora_jobs_endpoint
    runway_endpoint: runway_endpoint
    apiExists: apiExists
    workerExists: workerExists
  }
}

// Kept by azd in the environment (.azure/<name>/.env): it pushes images to the registry, and
// the postdeploy hook starts the migrations job by its name.
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.AZURE_CONTAINER_REGISTRY_ENDPOINT
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_NAME
output AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN
output AZURE_KEY_VAULT_NAME string = resources.outputs.AZURE_KEY_VAULT_NAME
output AZURE_STORAGE_ACCOUNT_NAME string = resources.outputs.AZURE_STORAGE_ACCOUNT_NAME
output AZURE_MEDIA_STORAGE_ACCOUNT_NAME string = resources.outputs.AZURE_MEDIA_STORAGE_ACCOUNT_NAME
output AZURE_POSTGRES_HOSTNAME string = resources.outputs.AZURE_POSTGRES_HOSTNAME
output AZURE_MIGRATIONS_JOB_NAME string = resources.outputs.AZURE_MIGRATIONS_JOB_NAME
output API_URI string = resources.outputs.API_URI
