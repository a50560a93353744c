#!/usr/bin/env bash
# Writes the merged configuration, then runs Orthanc on it (the upstream image's order).
set -o errexit
if [[ $# -ne 1 ]]; then
  echo "docker-entrypoint.sh: expects one argument, the configuration file to write and use" >&2
  exit 2
fi
python3 /startup/configure.py "$1"
exec Orthanc "$1"
