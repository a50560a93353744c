import type { ResolvedSpec } from '../spec/types.js';
import type { Variant } from '../variants/types.js';
import { routerBasename, type RouteModel } from './route-model.js';
import type { Target } from './target.js';

/** The one place paths, hosts and ports are decided; every emitter reads the result. */
export function deriveRouteModel(spec: ResolvedSpec, variant: Variant, target: Target): RouteModel {
  const { pacs } = variant;
  const routes = pacs.routes(spec);
  const base = spec.publicUrl.basePath;
  const dicomweb = pacs.dicomweb(spec, target);
  const origin = spec.publicUrl.origin;
  return {
    spec,
    target,
    publicUrl: spec.publicUrl,
    // The viewer image runs nginx unprivileged, so it listens on 8080 inside the container.
    listen:
      target.kind === 'docker' ? { port: 8080 } : { port: spec.httpPort, address: '127.0.0.1' },
    viewer: {
      basePath: base,
      routerBasename: routerBasename(base),
      webRoot: target.kind === 'docker' ? '/usr/share/nginx/html' : target.webRoot,
      appConfigName: variant.appConfigName,
    },
    upstreams: pacs.upstreams(spec, target),
    routes,
    dicomweb,
    links: [
      { label: 'Viewer', url: spec.publicUrl.href },
      ...routes.map((r) => ({ label: r.description, url: `${origin}${r.path}` })),
      { label: 'DICOMweb root (QIDO-RS/WADO-RS/STOW-RS)', url: `${origin}${dicomweb.qidoRoot}` },
      ...(dicomweb.wadoUriRoot
        ? [{ label: 'WADO-URI', url: `${origin}${dicomweb.wadoUriRoot}` }]
        : []),
    ],
  };
}
