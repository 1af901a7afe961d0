// A private endpoint for one sub-resource (groupId) of a service, in the private endpoint subnet,
// registered in the private DNS zone that resolves the service's name inside the network.
@description('Name of the private endpoint.')
param name string

@description('Azure region for every resource.')
param location string

@description('Tags for every resource (azd-env-name).')
param tags object

@description('Resource id of the private endpoint subnet.')
param subnetId string

@description('Resource id of the service the endpoint connects to.')
param serviceId string

@description('The sub-resource: postgresqlServer, redisCache, blob, queue or vault.')
param groupId string

@description('Resource id of the private DNS zone of that sub-resource.')
param zoneId string

resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: { id: subnetId }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: serviceId
          groupIds: [groupId]
        }
      }
    ]
  }
}

resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: groupId
        properties: { privateDnsZoneId: zoneId }
      }
    ]
  }
}
