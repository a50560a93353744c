#!/bin/sh
set -eu
# hash_users "user:password[,user:password]" FILE: SHA-512 crypt hashes, written atomically.
hash_users() {
  mkdir -p "$(dirname "$2")"
  tmp="$2.tmp.$$"
  : > "$tmp"
  chmod 640 "$tmp"
  printf '%s\n' "$1" | tr ',' '\n' | while IFS=: read -r user password; do
    [ -z "$user$password" ] && continue
    [ -n "$user" ] && [ -n "$password" ] || { echo "ohif-recipes: user lists must be user:password[,user:password]" >&2; exit 1; }
    printf '%s:%s\n' "$user" "$(printf '%s' "$password" | openssl passwd -6 -stdin)" >> "$tmp"
  done
  mv "$tmp" "$2"
}
admins="${OHIF_BASIC_AUTH_ADMINS:-}"
if [ -n "${OHIF_AUTH_FILE:-}" ] && [ ! -s "$OHIF_AUTH_FILE" ]; then
  if [ -z "${OHIF_BASIC_AUTH_USERS:-}$admins" ]; then
    echo "ohif-recipes: basic auth is on but OHIF_BASIC_AUTH_USERS is empty; set it to user:password[,user:password] (in .env for docker compose)" >&2
    exit 1
  fi
  # Administrators use the viewer too.
  hash_users "${OHIF_BASIC_AUTH_USERS:-},$admins" "$OHIF_AUTH_FILE"
  echo "ohif-recipes: wrote hashed users to $OHIF_AUTH_FILE"
fi
if [ -n "${OHIF_ADMIN_AUTH_FILE:-}" ] && [ ! -e "$OHIF_ADMIN_AUTH_FILE" ]; then
  # Empty is allowed: then nobody reaches the PACS UI and write API through nginx.
  hash_users "$admins" "$OHIF_ADMIN_AUTH_FILE"
  echo "ohif-recipes: wrote hashed PACS administrators to $OHIF_ADMIN_AUTH_FILE"
fi
if [ -n "${OHIF_TLS_DIR:-}" ] && [ ! -s "$OHIF_TLS_DIR/tls.crt" ]; then
  cn="${OHIF_TLS_CN:-localhost}"
  mkdir -p "$OHIF_TLS_DIR"
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=$cn" \
    -addext "subjectAltName=DNS:$cn,DNS:localhost,IP:127.0.0.1" \
    -keyout "$OHIF_TLS_DIR/tls.key" -out "$OHIF_TLS_DIR/tls.crt" 2>/dev/null
  chmod 640 "$OHIF_TLS_DIR/tls.key"
  echo "ohif-recipes: made a self-signed certificate for $cn in $OHIF_TLS_DIR (for local use; mount a real one for production)"
fi
