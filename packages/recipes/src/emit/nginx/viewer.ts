// How the OHIF app is served: the SPA fallback, sub-path redirect, and caching by file kind.
import { type Directive } from '@ohif-recipes/nginx-dsl';
import { addHeader, location, ret, tryFiles } from '@ohif-recipes/nginx-dsl/builders';
import type { RouteModel } from '../../model/route-model.js';
import { appHeaders } from './headers.js';
import { escapeRegex } from './regex.js';

export function viewerLocations(model: RouteModel): Directive[] {
  const base = model.viewer.basePath;
  const out: Directive[] = [];
  if (base !== '/') out.push(location(base.replace(/\/$/, ''), [ret(301, base)], '='));
  out.push(
    location(base, [
      tryFiles('$uri', '$uri/', `${base}index.html`),
      // index.html, app-config.js, sw.js and other unhashed files: always revalidate.
      appHeaders(model),
      addHeader('Cache-Control', 'no-cache'),
    ]),
    location(
      `^${escapeRegex(base)}(.+\\.)?[0-9a-f]{16}\\.(js|css|wasm|woff2)$`,
      [
        // Content-hashed bundles never change under the same name.
        appHeaders(model),
        // Not `always`: a missing file's 404 must never be cached for a year.
        addHeader('Cache-Control', 'public, max-age=31536000, immutable', { always: false }),
        tryFiles('$uri', '=404'),
      ],
      '~',
    ),
    location(
      `^${escapeRegex(base)}.+\\.(png|jpe?g|gif|ico|svg|webp|woff2?|ttf)$`,
      [
        // Icons and fonts without a hash in their name: cached for a month, not forever,
        // so an OHIF upgrade that changes one is picked up.
        appHeaders(model),
        addHeader('Cache-Control', 'public, max-age=2592000', { always: false }),
        tryFiles('$uri', '=404'),
      ],
      '~*',
    ),
  );
  return out;
}
