/**
 * The one script that turns @ohif/app's prebuilt dist into the served tree, used by the
 * viewer Dockerfile and by the native runner alike. POSIX sh plus sed, find and gzip
 * (and brotli when installed).
 *
 *   prepare-dist.sh DIST APP_CONFIG|- BASE_PATH
 *
 * - installs APP_CONFIG as DIST/app-config.js (`-`: leave it);
 * - for a sub-path (BASE_PATH other than "/"), rewrites the root-absolute URLs that the
 *   prebuilt index.html, CSS, manifest and webpack public path carry (the build assumed
 *   PUBLIC_URL "/");
 * - gzips (level 9: it happens once) every compressible file whose .gz is missing or stale (`-n`: no name or time
 *   stamp, reproducible), for nginx's gzip_static. Files are replaced, never written in
 *   place, so a tree hard-linked from a cache leaves the cache intact;
 * - with the brotli command, also writes .br files (quality 7: about 20 % smaller than
 *   gzip -9 for OHIF's bundles at 7 MB/s) for nginx's brotli_static, where the module is.
 */
export const PREPARE_DIST_SH = `#!/bin/sh
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
  sed -i -e "s#=\\"/#=\\"$BASE#g" "$DIST/index.html"
  sed -i -e "s#\\": \\"/#\\": \\"$BASE#g" "$DIST/manifest.json"
  find "$DIST" -name '*.css' -type f -exec sed -i -e "s#url(/#url($BASE#g" {} +
  # The bundles (app, workers) fix webpack's public path at build time: chunks load from it.
  find "$DIST" -name '*.js' -type f -exec grep -l -F '__webpack_require__.p = "/";' {} + |
    while IFS= read -r f; do sed -i -e 's#__webpack_require__.p = "/";#__webpack_require__.p = "'"$BASE"'";#' "$f"; done
fi
BROTLI=$(command -v brotli || true)
find "$DIST" -type f \\( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.json' -o -name '*.svg' -o -name '*.wasm' -o -name '*.map' -o -name '*.txt' -o -name '*.xml' \\) -size +1k |
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
`;
