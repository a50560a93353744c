import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * A `fetch` for one server: HTTPS verified against `ca` (a self-signed certificate the
 * stack made), basic credentials on every request, redirects never followed (tests read
 * them). Bodies are buffered; the result is a standard Response.
 */
export function fetchFor(opts: { ca?: Buffer; auth?: string } = {}): typeof fetch {
  return async (input, init = {}) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const headers: Record<string, string> = {
      ...(opts.auth ? { Authorization: `Basic ${Buffer.from(opts.auth).toString('base64')}` } : {}),
      ...Object.fromEntries(new Headers(init.headers).entries()),
    };
    const body =
      init.body === undefined || init.body === null
        ? undefined
        : Buffer.from(init.body as Uint8Array | string);
    return new Promise<Response>((resolve, reject) => {
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
        url,
        { method: init.method ?? 'GET', headers, ca: opts.ca },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const out = new Headers();
            for (const [k, v] of Object.entries(res.headers))
              for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v])
                out.append(k, one);
            const status = res.statusCode ?? 0;
            // Response forbids a body on these statuses.
            const empty = [101, 204, 205, 304].includes(status);
            resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers: out }));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  };
}
