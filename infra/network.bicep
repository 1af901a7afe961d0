// The private network everything runs in: one virtual network with a subnet for the Container Apps
// environment (its apps and its ingress) and one for the private endpoints of PostgreSQL, Redis,
// storage and Key Vault, plus the private DNS zones that resolve those services' names to the
// endpoints from inside the network. docs/deployment.md has the diagram.
@description('Azure region for every resource.')
param location string

@description('Tags for every resource (azd-env-name).')
param tags object

@description('Suffix that makes the names unique in the subscription.')
param resourceToken string

@description('Address space of the network and of its two subnets, in CIDR form.')
param addressPrefixes {
  network: string
  infrastructure: string
  privateEndpoints: string
}

// The zones of each private link service; storage and Key Vault suffixes follow the cloud.
var zones = {
  postgres: 'privatelink.postgres.database.azure.com'
  redis: 'privatelink.redis.cache.windows.net'
  blob: 'privatelink.blob.${environment().suffixes.storage}'
  queue: 'privatelink.queue.${environment().suffixes.storage}'
  vault: 'privatelink${replace(environment().suffixes.keyvaultDns, 'vault', 'vaultcore')}'
}

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet-${resourceToken}'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [addressPrefixes.network]
    }
    subnets: [
      {
        // A workload profiles environment needs a subnet of its own, delegated to it, /27 or larger.
        name: 'infrastructure'
        properties: {
          addressPrefix: addressPrefixes.infrastructure
          delegations: [
            {
              name: 'container-apps'
              properties: { serviceName: 'Microsoft.App/environments' }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: addressPrefixes.privateEndpoints
        }
      }
    ]
  }
}

resource dnsZones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for zone in items(zones): {
    name: zone.value
    location: 'global'
    tags: tags
  }
]

resource dnsLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (zone, i) in items(zones): {
    parent: dnsZones[i]
    name: network.name
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: { id: network.id }
    }
  }
]

output infrastructureSubnetId string = network.properties.subnets[0].id
output privateEndpointSubnetId string = network.properties.subnets[1].id
// By service (postgres, redis, blob, queue, vault); the zones above are named by these values.
output zoneIds object = toObject(items(zones), zone => zone.key, zone => resourceId('Microsoft.Network/privateDnsZones', zone.value))
