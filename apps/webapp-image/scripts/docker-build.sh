#!/usr/bin/env bash
# Builds the viewer image from a generated build context (npx nx run webapp-image:dockerfile)
# with Docker, or with Podman where no Docker engine runs. The default Dockerfile takes the
# prebuilt OHIF from npm (seconds); OHIF_SOURCE=git builds Dockerfile.source instead (OHIF
# from source: 10-20 minutes, ~8 GB of memory).
set -euo pipefail
context="${1:?usage: docker-build.sh CONTEXT_DIR}"
case "${OHIF_SOURCE:-npm}" in
  npm) dockerfile=Dockerfile ;;
  git) dockerfile=Dockerfile.source ;;
  *) echo "docker-build: OHIF_SOURCE must be npm or git, not ${OHIF_SOURCE}" >&2; exit 2 ;;
esac
[ -f "$context/$dockerfile" ] || { echo "docker-build: $context/$dockerfile not found; run: npx nx run webapp-image:dockerfile" >&2; exit 2; }
if docker info >/dev/null 2>&1; then
  builder=(env DOCKER_BUILDKIT=1 docker build)
elif command -v podman >/dev/null 2>&1; then
  builder=(podman build --layers)
else
  echo "docker-build: no Docker engine reachable (docker info failed) and no podman; install one, or verify the Dockerfile statically with: npx nx test webapp-image" >&2
  exit 2
fi
tag="${IMAGE_TAG:-ohif-recipes/viewer:local}"
"${builder[@]}" -f "$context/$dockerfile" -t "$tag" "$context"
echo "docker-build: built $tag with ${builder[0]} from $dockerfile"
