#!/bin/sh
# postdeploy hook of azure.yaml: gives the migrations job the image azd just deployed to the api,
# starts it (AIVideo.Api migrate: migrations, seed data, blob containers, queues) and waits for it.
# azd runs hooks with its environment: AZURE_RESOURCE_GROUP and AZURE_MIGRATIONS_JOB_NAME are
# outputs of infra/main.bicep, SERVICE_API_IMAGE_NAME is what azd pushed for the api.
set -eu

: "${AZURE_RESOURCE_GROUP:?run by azd after provisioning}"
: "${AZURE_MIGRATIONS_JOB_NAME:?run by azd after provisioning}"
: "${SERVICE_API_IMAGE_NAME:?azd has not deployed the api yet}"
timeout=${AIVIDEO_MIGRATIONS_TIMEOUT:-1800}

echo "migrations: $AZURE_MIGRATIONS_JOB_NAME runs $SERVICE_API_IMAGE_NAME"
az containerapp job update --name "$AZURE_MIGRATIONS_JOB_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
  --image "$SERVICE_API_IMAGE_NAME" --output none
execution=$(az containerapp job start --name "$AZURE_MIGRATIONS_JOB_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
  --query name --output tsv)

waited=0
while :; do
  status=$(az containerapp job execution show --name "$AZURE_MIGRATIONS_JOB_NAME" \
    --resource-group "$AZURE_RESOURCE_GROUP" --job-execution-name "$execution" \
    --query properties.status --output tsv)
  case "$status" in
    Succeeded) echo "migrations: $execution succeeded"; exit 0 ;;
    Failed | Stopped | Degraded)
      echo "migrations: $execution ended $status; its log is in the Log Analytics workspace of the environment (ContainerAppConsoleLogs_CL)" >&2
      exit 1 ;;
  esac
  if [ "$waited" -ge "$timeout" ]; then
    echo "migrations: $execution still $status after ${timeout}s" >&2
    exit 1
  fi
  sleep 10
  waited=$((waited + 10))
done
