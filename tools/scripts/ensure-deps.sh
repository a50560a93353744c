#!/usr/bin/env bash
# Installs what the test suite needs when it is missing (Debian 12, as root): the real
# nginx, Orthanc with its DICOMweb and PostgreSQL plugins, PostgreSQL, dcmtk, pydicom's
# sample files, Chromium, docker-compose, and Podman with what it needs here to run the
# container tier (runc, netavark, aardvark-dns, iptables, catatonit, uidmap; debootstrap
# for the stand-ins' base image). Safe to run again: it only acts on what is absent.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }
have nginx || need+=(nginx)
have Orthanc || need+=(orthanc)
[ -e /usr/share/orthanc/plugins/libOrthancDicomWeb.so ] || need+=(orthanc-dicomweb)
[ -e /usr/share/orthanc/plugins/libOrthancPostgreSQLIndex.so ] || need+=(orthanc-postgresql)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
have storescu || need+=(dcmtk)
[ -d /usr/lib/python3/dist-packages/pydicom ] || need+=(python3-pydicom)
have chromium || need+=(chromium)
have docker-compose || need+=(docker-compose)
have openssl || need+=(openssl)
# The container tier: Podman serves docker-compose through its Docker-compatible API.
have podman || need+=(podman)
have runc || need+=(runc)
[ -x /usr/lib/podman/netavark ] || need+=(netavark)
[ -x /usr/lib/podman/aardvark-dns ] || need+=(aardvark-dns)
have iptables || need+=(iptables)
have catatonit || [ -x /usr/libexec/podman/catatonit ] || need+=(catatonit)
have newuidmap || need+=(uidmap)
have debootstrap || need+=(debootstrap)
# brotli: .br files for nginx's brotli_static module (optional for users, exercised by the tests).
have brotli || need+=(brotli)
[ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || need+=(libnginx-mod-http-brotli-static)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "ensure-deps: missing Debian packages: ${need[*]}; run as root or: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
  echo "ensure-deps: installing ${need[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "ensure-deps: nginx $(nginx -v 2>&1 | sed 's/.*\///'), all test prerequisites present"
