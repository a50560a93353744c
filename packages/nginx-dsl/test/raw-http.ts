import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  /** Header lines as raw bytes (name, value), in order. */
  headers: Array<[string, Buffer]>;
  body: Buffer;
}

/**
 * A byte-exact HTTP/1.0 GET: fetch() would trim and re-decode header values, which
 * would hide exactly the differences these tests look for.
 */
export function rawGet(port: number, path: string, extraHeaders = ''): Promise<RawResponse> {
  return rawRequest(port, `GET ${path} HTTP/1.0\r\nHost: 127.0.0.1\r\n${extraHeaders}\r\n`);
}

/** Sends `request` as written (request line, headers, body) and reads the whole answer. */
export function rawRequest(port: number, request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.write(request);
    });
    s.setTimeout(10_000, () => s.destroy(new Error('timeout')));
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('error', reject);
    s.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, split);
      const lines: Buffer[] = [];
      for (let start = 0; start <= head.length;) {
        const end = head.indexOf('\r\n', start);
        const stop = end === -1 ? head.length : end;
        lines.push(head.subarray(start, stop));
        start = stop + 2;
      }
      const status = Number(
        /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]?.toString('latin1') ?? '')?.[1] ?? 0,
      );
      const headers = lines.slice(1).map((l): [string, Buffer] => {
        const colon = l.indexOf(':');
        return [l.subarray(0, colon).toString('latin1'), l.subarray(colon + 2)];
      });
      resolve({ status, headers, body: all.subarray(split + 4) });
    });
  });
}

/** The values of every header called `name` (case-insensitive), as text. */
export function headerValues(r: RawResponse, name: string): string[] {
  return r.headers
    .filter(([n]) => n.toLowerCase() === name.toLowerCase())
    .map(([, v]) => v.toString('latin1'));
}
