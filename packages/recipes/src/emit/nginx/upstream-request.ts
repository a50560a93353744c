// The request nginx sends the PACS on every proxied route.
import { type Directive } from '@ohif-recipes/nginx-dsl';
import { directive, proxyHeaders } from '@ohif-recipes/nginx-dsl/builders';
import type { ProxyRoute, RouteModel } from '../../model/route-model.js';

/**
 * How nginx asks the PACS: HTTP/1.1 on the keepalive pool, the public scheme and prefix,
 * and the PACS's credential instead of whatever Authorization the browser sent; `host`
 * replaces the browser's Host where one answer serves every reader. A block
 * that sets a header of its own repeats all of these (nginx drops inherited ones).
 */
export function upstreamRequest(route: ProxyRoute, model: RouteModel, host?: string): Directive[] {
  return [
    // HTTP/1.1 without "Connection: close" keeps upstream connections alive (keepalive pool).
    directive('proxy_http_version', ['1.1']),
    directive('proxy_set_header', ['Connection', '']),
    // nginx does not terminate TLS here: the public scheme is the spec's, whatever the hop used.
    ...proxyHeaders({
      forwarded: true,
      prefix: route.path.replace(/\/$/, ''),
      scheme: model.publicUrl.scheme,
      ...(host ? { host } : {}),
    }),
    ...(model.pacsServer.credential
      ? [directive('include', [model.pacsServer.credential.authorizationInclude])]
      : []),
  ];
}
