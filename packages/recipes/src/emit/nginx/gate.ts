// The OIDC gate's locations in nginx.conf (oauth2-proxy auth_request, Keycloak).
import { type Directive } from '@ohif-recipes/nginx-dsl';
import {
  clientMaxBodySize,
  directive,
  location,
  proxyHeaders,
  proxyPass,
} from '@ohif-recipes/nginx-dsl/builders';
import type { RouteModel } from '../../model/route-model.js';

/** With an OIDC gate, a 401 from auth_request sends the browser to sign in (keeping the URL it asked for). */
export const signInOn401 = (model: RouteModel): Directive[] =>
  model.gate ? [directive('error_page', ['401', '=', model.gate.urls.signInPath])] : [];

/** Keycloak and oauth2-proxy answer with large cookies and headers. */
const AUTH_PROXY_BUFFERS: Directive[] = [
  directive('proxy_buffer_size', ['32k']),
  directive('proxy_buffers', ['8', '32k']),
  directive('proxy_busy_buffers_size', ['64k']),
];

/**
 * The gate's locations, all outside auth_request: oauth2-proxy's check (internal, body
 * dropped), its sign-in/callback/sign-out pages, and Keycloak under its own path.
 */
export function gateLocations(model: RouteModel): Directive[] {
  if (!model.gate) return [];
  const u = model.gate.urls;
  const common = (upstreamName: string, uri = ''): Directive[] => [
    directive('auth_request', ['off']),
    proxyPass(`http://${upstreamName}${uri}`),
    directive('proxy_http_version', ['1.1']),
    directive('proxy_set_header', ['Connection', '']),
    ...proxyHeaders({ forwarded: true, scheme: model.publicUrl.scheme }),
    ...AUTH_PROXY_BUFFERS,
    // Sign-in forms and Keycloak's admin console send small bodies: nginx's default, stated.
    clientMaxBodySize('1m'),
  ];
  // oauth2-proxy's check (internal, body dropped); `roles` limits it to a Keycloak realm role,
  // which the keycloak-oidc provider presents as the group "role:NAME" (403 without it).
  const check = (path: string, roles?: string): Directive =>
    location(
      path,
      [
        directive('internal', []),
        common('oauth2-proxy', roles ? `${u.authPath}?allowed_groups=role:${roles}` : ''),
        directive('proxy_pass_request_body', ['off']),
        directive('proxy_set_header', ['Content-Length', '']),
        directive('proxy_set_header', ['X-Forwarded-Uri', '$request_uri']),
      ],
      '=',
    );
  return [
    check(u.authPath),
    check(u.adminAuthPath, u.adminRole),
    location(
      `${u.proxyPrefix}/`,
      [
        common('oauth2-proxy'),
        // After sign-in oauth2-proxy returns the browser to the URL that needed it.
        directive('proxy_set_header', ['X-Auth-Request-Redirect', '$request_uri']),
      ],
      '^~',
    ),
    location(`${u.keycloakPath}/`, common('keycloak'), '^~'),
  ];
}
