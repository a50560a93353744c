import type { Problem } from '../errors.js';
import type { PublicUrl } from './types.js';

/** Long enough for any real deployment, short enough for nginx's line and token limits. */
const MAX_PATH = 1024;

/** Characters we allow in a path segment: unreserved plus a few sub-delims nginx and OHIF both handle. */
const SEGMENT = /^[A-Za-z0-9._~-]+$/;

/** Checks a path made of plain segments (`ohif`, `a/b`); returns the segments. */
export function pathSegments(raw: string, field: string, problems: Problem[]): string[] {
  if (raw.length > MAX_PATH) {
    problems.push({
      path: field,
      message: `is ${raw.length} characters long`,
      fix: `use a path of at most ${MAX_PATH} characters`,
    });
    return [];
  }
  const segs = raw.split('/').filter((s) => s !== '');
  for (const s of segs) {
    if (!SEGMENT.test(s) || s === '.' || s === '..') {
      problems.push({
        path: field,
        message: `path segment ${JSON.stringify(s)} is not allowed`,
        fix: 'use letters, digits, ".", "_", "~" and "-" only (no "..", spaces, quotes or percent-escapes)',
      });
    }
  }
  return segs;
}

export function parsePublicUrl(
  raw: string,
  problems: Problem[],
  field = 'publicUrl',
): PublicUrl | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push({
      path: field,
      message: `${JSON.stringify(raw)} is not an absolute URL`,
      fix: 'write it as http(s)://host[:port]/[path/], e.g. https://pacs.example.org/ohif/',
    });
    return undefined;
  }
  const before = problems.length;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push({
      path: field,
      message: `scheme ${url.protocol} is not supported`,
      fix: 'use http:// or https://',
    });
  }
  if (url.username || url.password)
    problems.push({
      path: field,
      message: 'must not contain credentials',
      fix: 'remove user:password@',
    });
  if (url.search || url.hash)
    problems.push({
      path: field,
      message: 'must not have a query or fragment',
      fix: 'remove everything from "?" or "#"',
    });
  // URL() has already lower-cased and IDNA-encoded the host; allow only DNS names and IPs.
  const host = url.hostname;
  if (
    !/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)$/.test(
      host,
    )
  ) {
    problems.push({
      path: field,
      message: `host ${JSON.stringify(host)} is not a DNS name or IP address`,
      fix: 'use a host name such as pacs.example.org',
    });
  }
  if (url.port === '0')
    problems.push({
      path: field,
      message: 'port 0 is not a port browsers can use',
      fix: 'use a port from 1 to 65535, or none for the default',
    });
  const segs = pathSegments(url.pathname, field, problems);
  if (problems.length > before) return undefined;
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  const origin = `${scheme}://${host}${url.port ? `:${url.port}` : ''}`;
  const basePath = segs.length ? `/${segs.join('/')}/` : '/';
  return { scheme, host, port, basePath, origin, href: `${origin}${basePath}` };
}
