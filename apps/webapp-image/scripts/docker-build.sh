#!/usr/bin/env bash
# Builds the viewer image from a generated build context (npx nx run webapp-image:dockerfile).
# Needs a Docker engine with BuildKit; the default path takes seconds (prebuilt OHIF from
# npm). Pass OHIF_SOURCE=git to build OHIF from source instead (10-20 minutes, ~8 GB RAM).
set -euo pipefail
context="${1:?usage: docker-build.sh CONTEXT_DIR}"
[ -f "$context/Dockerfile" ] || { echo "docker-build: $context/Dockerfile not found; run: npx nx run webapp-image:dockerfile" >&2; exit 2; }
if ! docker info >/dev/null 2>&1; then
  echo "docker-build: no Docker engine reachable (docker info failed); on machines without one the Dockerfile is verified statically by: npx nx test webapp-image" >&2
  exit 2
fi
tag="${IMAGE_TAG:-ohif-recipes/viewer:local}"
DOCKER_BUILDKIT=1 docker build --build-arg "OHIF_SOURCE=${OHIF_SOURCE:-npm}" -t "$tag" "$context"
echo "docker-build: built $tag"
