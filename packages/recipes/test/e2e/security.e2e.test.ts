import { chmodSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:tls';
import http2 from 'node:http2';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  largestCanvasStats,
  launchBrowser,
  makeSeries,
  watchProblems,
  type Series,
} from '@ohif-recipes/testing/e2e';
import { freePort, tempDir } from '@ohif-recipes/testing';
import { startNative, type NativeStack } from '../../src/runtime/native.js';
import { addUser } from '../../src/runtime/users.js';
import { stowBody } from '@ohif-recipes/testing/e2e';

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** GET/POST over HTTPS verified against the stack's own self-signed certificate. */
function get(
  url: string,
  opts: {
    ca?: Buffer;
    auth?: string;
    method?: string;
    body?: Buffer;
    headers?: Record<string, string>;
  } = {},
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
      u,
      {
        method: opts.method ?? 'GET',
        ca: opts.ca,
        headers: {
          ...(opts.auth
            ? { Authorization: `Basic ${Buffer.from(opts.auth).toString('base64')}` }
            : {}),
          ...(opts.headers ?? {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A hand-written request line and headers, for attacks a client library would refuse to send. */
function raw(port: number, ca: Buffer, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => s.end(text));
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    s.on('error', reject);
  });
}

const USER = 'radiologist';
const PASSWORD = 'correct-horse-battery';

describe('secure by default: basic auth and TLS on the live native stack', () => {
  const tmp = tempDir('e2e-security');
  chmodSync(tmp.path, 0o755);
  let stack: NativeStack;
  let origin: string;
  let ca: Buffer;
  let httpPort: number;
  let series: Series;
  const auth = `${USER}:${PASSWORD}`;
  const ADMIN = 'pacs-admin:admin-password-long';

  beforeAll(async () => {
    const port = await freePort();
    httpPort = await freePort();
    process.env.OHIF_BASIC_AUTH_USERS = auth;
    process.env.OHIF_BASIC_AUTH_ADMINS = ADMIN;
    stack = await startNative({
      spec: {
        variant: 'nginx-orthanc',
        httpsPort: port,
        httpPort,
        auth: 'basic',
        tls: true,
        dicom: { expose: 'none' },
      },
      stateDir: join(tmp.path, 'state'),
    });
    delete process.env.OHIF_BASIC_AUTH_USERS;
    delete process.env.OHIF_BASIC_AUTH_ADMINS;
    origin = `https://127.0.0.1:${port}`;
    ca = readFileSync(join(stack.stateDir, 'tls', 'tls.crt'));
    series = makeSeries(join(tmp.path, 'dcm'), 6, 'RECIPES^SECURE');
    const { body, contentType } = stowBody(series.instances.map((i) => i.file));
    const r = await get(`${origin}/pacs/dicom-web/studies`, {
      ca,
      auth,
      method: 'POST',
      body,
      headers: { 'Content-Type': contentType },
    });
    expect(r.status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    tmp.remove();
  });

  const ROUTES = () => [
    '/',
    `/viewer?StudyInstanceUIDs=${series.studyUid}`,
    '/app-config.js',
    `/pacs/dicom-web/studies?StudyInstanceUID=${series.studyUid}`,
    `/pacs/wado?requestType=WADO&studyUID=${series.studyUid}&seriesUID=${series.seriesUid}&objectUID=${series.instances[0]?.sopUid}&contentType=application/dicom`,
  ];

  it('every route answers 401 without credentials and 200 with them', async () => {
    for (const route of ROUTES()) {
      const anonymous = await get(`${origin}${route}`, { ca });
      expect(anonymous.status, route).toBe(401);
      expect(anonymous.headers['www-authenticate'], route).toBe('Basic realm="OHIF viewer"');
      expect(
        (await get(`${origin}${route}`, { ca, auth: `${USER}:wrong-password` })).status,
        route,
      ).toBe(401);
      expect((await get(`${origin}${route}`, { ca, auth })).status, route).toBe(200);
    }
    // The PACS UI and REST API are for administrators: a viewer user's credentials fail there.
    expect((await get(`${origin}/pacs/system`, { ca, auth })).status).toBe(401);
    expect((await get(`${origin}/pacs/system`, { ca, auth: ADMIN })).status).toBe(200);
  });

  it('the htpasswd holds a hash, never the password; users are added with ohif-recipes user add', async () => {
    const file = readFileSync(join(stack.stateDir, 'auth', 'htpasswd'), 'utf8');
    expect(file).toMatch(new RegExp(`^${USER}:\\$6\\$`, 'm'));
    expect(file).not.toContain(PASSWORD);
    expect(addUser(stack.stateDir, 'second', 'another-long-password')).toBe('added');
    expect(
      (await get(`${origin}/app-config.js`, { ca, auth: 'second:another-long-password' })).status,
    ).toBe(200);
  });

  it('HTTPS with the generated certificate; plain HTTP answers 301 to the HTTPS origin', async () => {
    const r = await get(`http://127.0.0.1:${httpPort}/viewer?x=1`);
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe(`${origin}/viewer?x=1`);
    // The certificate verifies against itself as CA: a real chain for 127.0.0.1.
    expect((await get(`${origin}/app-config.js`, { ca, auth })).status).toBe(200);
  });

  it('browsers get HTTP/2 over TLS (ALPN h2): the app, and frames through the cache, on one connection', async () => {
    const session = http2.connect(origin, { ca, servername: 'localhost' });
    try {
      await new Promise<void>((ok, fail) => {
        session.once('connect', () => ok());
        session.once('error', fail);
      });
      expect(session.alpnProtocol).toBe('h2');
      const request = (path: string, headers: Record<string, string> = {}) =>
        new Promise<{ status: number; cache?: string; bytes: number }>((ok, fail) => {
          const r = session.request({
            ':path': path,
            authorization: `Basic ${Buffer.from(auth).toString('base64')}`,
            ...headers,
          });
          let status = 0;
          let cache: string | undefined;
          let bytes = 0;
          r.on('response', (h) => {
            status = Number(h[':status']);
            cache = h['x-cache-status'] as string | undefined;
          });
          r.on('data', (c: Buffer) => (bytes += c.length));
          r.on('end', () => ok({ status, ...(cache ? { cache } : {}), bytes }));
          r.on('error', fail);
          r.end();
        });
      expect((await request('/app-config.js')).status).toBe(200);
      const i = series.instances[0];
      const frame = `/pacs/dicom-web/studies/${series.studyUid}/series/${series.seriesUid}/instances/${i?.sopUid}/frames/1`;
      const accept = {
        accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*',
      };
      const answers = await Promise.all([request(frame, accept), request(frame, accept)]);
      for (const a of answers) expect(a.status).toBe(200);
      expect((await request(frame, accept)).cache).toBe('HIT');
    } finally {
      session.close();
    }
  });

  it('security headers on every route, also on 401s; nginx does not say its version', async () => {
    for (const route of ROUTES()) {
      for (const r of [
        await get(`${origin}${route}`, { ca, auth }),
        await get(`${origin}${route}`, { ca }),
      ]) {
        const h = r.headers;
        expect(h['content-security-policy'], route).toContain("default-src 'self'");
        expect(h['cross-origin-opener-policy'], route).toBe('same-origin');
        expect(h['cross-origin-embedder-policy'], route).toBe('require-corp');
        expect(h['x-content-type-options'], route).toBe('nosniff');
        expect(h['x-frame-options'], route).toBe('SAMEORIGIN');
        expect(h['referrer-policy'], route).toBe('same-origin');
        expect(h['permissions-policy'], route).toContain('camera=()');
        expect(h['strict-transport-security'], route).toBe('max-age=63072000; includeSubDomains');
        expect(h.server, route).toBe('nginx');
      }
    }
  });

  it('path traversal, header injection and oversized headers are refused without reaching Orthanc', async () => {
    const port = Number(new URL(origin).port);
    const basic = Buffer.from(auth).toString('base64');
    const attacks = [
      `GET /pacs/../../../../etc/passwd HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ${basic}\r\nConnection: close\r\n\r\n`,
      `GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ${basic}\r\nConnection: close\r\n\r\n`,
      `GET /pacs%2f..%2f..%2fetc/passwd HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ${basic}\r\nConnection: close\r\n\r\n`,
      `GET /%0d%0aSet-Cookie:%20injected=1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ${basic}\r\nConnection: close\r\n\r\n`,
      `GET /pacs/system HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ${basic}\r\nX-Big: ${'a'.repeat(70_000)}\r\nConnection: close\r\n\r\n`,
      `GET /pacs/system HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-Host: evil.example\r\nConnection: close\r\n\r\n`,
    ];
    const logFile = join(stack.stateDir, 'logs', 'nginx-access.log');
    const before = readFileSync(logFile, 'utf8').split('\n').length;
    for (const a of attacks) {
      const res = await raw(port, ca, a);
      const head = res.slice(0, res.indexOf('\r\n\r\n'));
      expect(res).not.toMatch(/root:.*:0:0:/);
      expect(head).not.toMatch(/^Set-Cookie/im);
      expect(head, a.slice(0, 60)).toMatch(/^HTTP\/1\.1 (400|401|404|431|200) /);
    }
    // nginx wrote a line per attack; none of them was passed to Orthanc (upstream=-).
    await new Promise((r) => setTimeout(r, 200));
    const lines = readFileSync(logFile, 'utf8')
      .split('\n')
      .slice(before - 1)
      .filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(attacks.length - 1);
    for (const l of lines) expect(l, l.slice(0, 120)).toMatch(/ upstream=- /);
  });

  it('the viewer renders the study over HTTPS with credentials in Chromium', async () => {
    const { browser, close } = await launchBrowser();
    try {
      const context = await browser.newContext({
        ignoreHTTPSErrors: true,
        httpCredentials: { username: USER, password: PASSWORD },
        viewport: { width: 1280, height: 800 },
      });
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${origin}/viewer?StudyInstanceUIDs=${series.studyUid}`, {
        waitUntil: 'networkidle',
      });
      let stats = await largestCanvasStats(page);
      for (let i = 0; i < 60 && !(stats && stats.distinct > 32); i++) {
        await page.waitForTimeout(500);
        stats = await largestCanvasStats(page);
      }
      expect(stats?.distinct).toBeGreaterThan(32);
      expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.httpErrors).toEqual([]);
    } finally {
      await close();
    }
  });
});
