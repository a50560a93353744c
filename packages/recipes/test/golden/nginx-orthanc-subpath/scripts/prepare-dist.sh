#!/bin/sh
set -eu
DIST="$1"
APP_CONFIG="$2"
BASE="$3"
[ -f "$DIST/index.html" ] || { echo "prepare-dist: $DIST/index.html not found (is $DIST an @ohif/app dist?)" >&2; exit 1; }
[ -f "$APP_CONFIG" ] || { echo "prepare-dist: app config $APP_CONFIG not found" >&2; exit 1; }
case "$BASE" in /*/|/) ;; *) echo "prepare-dist: base path must start and end with /: $BASE" >&2; exit 1 ;; esac
cp "$APP_CONFIG" "$DIST/app-config.js"
if [ "$BASE" != "/" ]; then
  sed -i -e "s#=\"/#=\"$BASE#g" "$DIST/index.html"
  sed -i -e "s#\": \"/#\": \"$BASE#g" "$DIST/manifest.json"
  find "$DIST" -name '*.css' -type f -exec sed -i -e "s#url(/#url($BASE#g" {} +
fi
find "$DIST" -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.json' -o -name '*.svg' -o -name '*.wasm' -o -name '*.map' -o -name '*.txt' -o -name '*.xml' \) -size +1k \
  -exec gzip -k -f -n -6 {} +
echo "prepare-dist: $DIST ready for $BASE"
