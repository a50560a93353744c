#!/bin/sh
set -eu
DIST="$1"
APP_CONFIG="$2"
BASE="$3"
[ -f "$DIST/index.html" ] || { echo "prepare-dist: $DIST/index.html not found (is $DIST an @ohif/app dist?)" >&2; exit 1; }
case "$BASE" in /*/|/) ;; *) echo "prepare-dist: base path must start and end with /: $BASE" >&2; exit 1 ;; esac
if [ "$APP_CONFIG" != "-" ]; then
  [ -f "$APP_CONFIG" ] || { echo "prepare-dist: app config $APP_CONFIG not found" >&2; exit 1; }
  rm -f "$DIST/app-config.js"
  cp "$APP_CONFIG" "$DIST/app-config.js"
fi
if [ "$BASE" != "/" ]; then
  sed -i -e "s#=\"/#=\"$BASE#g" "$DIST/index.html"
  sed -i -e "s#\": \"/#\": \"$BASE#g" "$DIST/manifest.json"
  find "$DIST" -name '*.css' -type f -exec sed -i -e "s#url(/#url($BASE#g" {} +
  # The bundles (app, workers) fix webpack's public path at build time: chunks load from it.
  find "$DIST" -name '*.js' -type f -exec grep -l -F '__webpack_require__.p = "/";' {} + |
    while IFS= read -r f; do sed -i -e 's#__webpack_require__.p = "/";#__webpack_require__.p = "'"$BASE"'";#' "$f"; done
fi
BROTLI=$(command -v brotli || true)
find "$DIST" -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.json' -o -name '*.svg' -o -name '*.wasm' -o -name '*.map' -o -name '*.txt' -o -name '*.xml' \) -size +1k |
  while IFS= read -r f; do
    # gzip gives the .gz its source's mtime: a .gz not older than its source is current.
    # Stale outputs are removed first: in a tree hard-linked from the cache, writing into
    # an existing .gz/.br (brotli -f truncates in place) would corrupt the cache's copy.
    if ! [ -f "$f.gz" ] || [ "$f" -nt "$f.gz" ]; then rm -f "$f.gz"; gzip -k -n -9 "$f"; fi
    # brotli copies the source's mtime too; source maps (developer tools only) stay gzip.
    case "$f" in *.map) continue ;; esac
    if [ -n "$BROTLI" ] && { ! [ -f "$f.br" ] || [ "$f" -nt "$f.br" ]; }; then rm -f "$f.br"; brotli -k -q 7 "$f"; fi
  done
echo "prepare-dist: $DIST ready for $BASE"
