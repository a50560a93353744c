/** The crypt hash schemes kept as they are (SHA-512, SHA-256, yescrypt, bcrypt, APR1 MD5). */
export const CRYPT_SCHEMES = ['6', '5', 'y', '2b', '2y', 'apr1'] as const;

/** A secret written as a crypt hash of one of those schemes. */
export const CRYPT_HASH = new RegExp(`^\\$(${CRYPT_SCHEMES.join('|')})\\$`);

/**
 * Makes the secrets nginx needs at first start, so no recipe ever ships one: used by the
 * viewer image (as /docker-entrypoint.d/40-ohif-recipes-secrets.sh) and by the native
 * runner. POSIX sh and openssl.
 *
 * - OHIF_AUTH_FILE set and missing: writes it from OHIF_BASIC_AUTH_USERS and
 *   OHIF_BASIC_AUTH_ADMINS ("user:secret[,user:secret...]"), or from the files that
 *   OHIF_BASIC_AUTH_USERS_FILE / OHIF_BASIC_AUTH_ADMINS_FILE name (Docker/Compose
 *   secrets; one entry per line or comma-separated). A secret that is already a crypt hash
 *   (`ohif-recipes user add --dir` writes those) is kept as is; a plain password is hashed
 *   (SHA-512 crypt). Fails with the fix when there are no users.
 * - OHIF_ADMIN_AUTH_FILE set and missing: the administrators alone (possibly none).
 * - OHIF_TLS_DIR set and without tls.crt: a self-signed certificate for OHIF_TLS_CN
 *   (default localhost), for local use only.
 */
export const MAKE_SECRETS_SH = `#!/bin/sh
set -eu
# hash_users "user:secret[,user:secret]" FILE: crypt hashes kept, passwords hashed (SHA-512
# crypt), written atomically.
hash_users() {
  mkdir -p "$(dirname "$2")"
  tmp="$2.tmp.$$"
  : > "$tmp"
  chmod 640 "$tmp"
  printf '%s\\n' "$1" | tr ',' '\\n' | while IFS=: read -r user password; do
    [ -z "$user$password" ] && continue
    [ -n "$user" ] && [ -n "$password" ] || { echo "ohif-recipes: user lists must be user:password[,user:password]" >&2; exit 1; }
    # An administrator is listed among the users too: one line each.
    cut -d: -f1 "$tmp" | grep -qxF -- "$user" && continue
    case "$password" in
      ${CRYPT_SCHEMES.map((c) => `'$${c}$'*`).join('|')}) hash="$password" ;;
      *) hash="$(printf '%s' "$password" | openssl passwd -6 -stdin)" ;;
    esac
    printf '%s:%s\\n' "$user" "$hash" >> "$tmp"
  done
  mv "$tmp" "$2"
}
# from_file NAME: the contents of the file NAME_FILE names (a Docker/Compose secret), else $NAME.
from_file() {
  eval "file=\\\${$1_FILE:-}"
  if [ -n "$file" ]; then
    [ -f "$file" ] && [ -r "$file" ] || { echo "ohif-recipes: $1_FILE names $file, which is not a readable file; fix: mount the secret there (and make it readable by this container's user)" >&2; exit 1; }
    tr '\\n' ',' < "$file"
  else
    eval "printf '%s' \\"\\\${$1:-}\\""
  fi
}
# unquote VALUE: without one pair of surrounding single quotes (Kubernetes' kustomize copies a
# .env value as written, quotes included).
unquote() { v="$1"; case "$v" in "'"*"'") v="\${v#?}"; v="\${v%?}" ;; esac; printf '%s' "$v"; }
users="$(unquote "$(from_file OHIF_BASIC_AUTH_USERS)")"
admins="$(unquote "$(from_file OHIF_BASIC_AUTH_ADMINS)")"
if [ -n "\${OHIF_AUTH_FILE:-}" ] && [ ! -s "$OHIF_AUTH_FILE" ]; then
  if [ -z "$users$admins" ]; then
    echo "ohif-recipes: basic auth is on but OHIF_BASIC_AUTH_USERS is empty; set it to user:password[,user:password] (in .env for docker compose: ohif-recipes user add NAME --dir . stores a hash there)" >&2
    exit 1
  fi
  # Administrators use the viewer too.
  hash_users "$users,$admins" "$OHIF_AUTH_FILE"
  echo "ohif-recipes: wrote hashed users to $OHIF_AUTH_FILE"
fi
if [ -n "\${OHIF_ADMIN_AUTH_FILE:-}" ] && [ ! -e "$OHIF_ADMIN_AUTH_FILE" ]; then
  # Empty is allowed: then nobody reaches the PACS UI and write API through nginx.
  hash_users "$admins" "$OHIF_ADMIN_AUTH_FILE"
  echo "ohif-recipes: wrote hashed PACS administrators to $OHIF_ADMIN_AUTH_FILE"
fi
if [ -n "\${OHIF_TLS_DIR:-}" ] && [ ! -s "$OHIF_TLS_DIR/tls.crt" ]; then
  cn="\${OHIF_TLS_CN:-localhost}"
  mkdir -p "$OHIF_TLS_DIR"
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=$cn" \\
    -addext "subjectAltName=DNS:$cn,DNS:localhost,IP:127.0.0.1" \\
    -keyout "$OHIF_TLS_DIR/tls.key" -out "$OHIF_TLS_DIR/tls.crt" 2>/dev/null
  chmod 640 "$OHIF_TLS_DIR/tls.key"
  echo "ohif-recipes: made a self-signed certificate for $cn in $OHIF_TLS_DIR (for local use; mount a real one for production)"
fi
`;
