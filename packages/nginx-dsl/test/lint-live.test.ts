import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startNginx, tempDir } from '@ohif-recipes/testing';
import { lint, parse } from '../src/index.js';
import { headerValues, rawRequest, type RawResponse } from './raw-http.js';

/**
 * Each rule that claims an exploit, proven on the real nginx: the reported config served,
 * the attack sent, the effect observed; the fixed config served, the same attack refused.
 * `{PORT}` is nginx's port, `{UP}` an upstream on 127.0.0.1 that records what it receives
 * and answers "internal-secret", `{DIR}` a folder holding `data/secret.txt` (next to the
 * aliased `data/files/`) and `srv/home-secret/s.txt` (next to the aliased `srv/home/`).
 */
interface Proof {
  rule: string;
  claim: string;
  bad: string;
  good: string;
  /** The attack: a whole raw request. */
  request: string;
  /** Whether the attack worked, from the response and what the upstream received. */
  exploited(r: RawResponse, upstream: string): boolean;
}

const get = (target: string, headers = ''): string =>
  `GET ${target} HTTP/1.0\r\nHost: 127.0.0.1\r\n${headers}\r\n`;
const body = (r: RawResponse): string => r.body.toString('latin1');
const server = (inner: string): string => `server { listen 127.0.0.1:{PORT}; ${inner} }`;

const PROOFS: Proof[] = [
  {
    rule: 'header-splitting',
    claim: '$uri in a one-argument return splits the response',
    bad: server('location /r1 { return https://a$uri; }'),
    good: server('location /r1 { return https://a$request_uri; }'),
    request: get('/r1%0d%0aX-Inj:%20yes'),
    exploited: (r) => headerValues(r, 'X-Inj').includes('yes'),
  },
  {
    rule: 'header-splitting',
    claim: 'a named capture of a negated class splits an add_header',
    bad: server('location ~ ^/v/(?<v>[^/]+)$ { add_header X-V $v; return 200 ok; }'),
    good: server('location ~ ^/v/(?<v>[^/\\s]+)$ { add_header X-V $v; return 200 ok; }'),
    request: get('/v/x%0d%0aX-Inj:%20yes'),
    exploited: (r) => headerValues(r, 'X-Inj').includes('yes'),
  },
  {
    rule: 'header-splitting',
    claim: 'a capture in proxy_set_header splits the request sent upstream',
    bad: server(
      'location ~ ^/j/([^/]*)$ { proxy_set_header X-J $1; proxy_pass http://127.0.0.1:{UP}; }',
    ),
    good: server(
      'location ~ ^/j/([^/\\r\\n]*)$ { proxy_set_header X-J $1; proxy_pass http://127.0.0.1:{UP}; }',
    ),
    request: get('/j/x%0d%0aX-Inj:%20yes'),
    exploited: (_r, up) => /\r\nX-Inj: yes\r\n/.test(up),
  },
  {
    rule: 'alias-traversal',
    claim: '/files../ reads the parent of the alias',
    bad: server('location /files { alias {DIR}/data/files/; }'),
    good: server('location /files/ { alias {DIR}/data/files/; }'),
    request: get('/files../secret.txt'),
    exploited: (r) => r.status === 200 && body(r).includes('secret'),
  },
  {
    rule: 'alias-traversal',
    claim: '/files-secret/ reads a sibling of the alias',
    bad: server('location /files { alias {DIR}/srv/home; }'),
    good: server('location /files/ { alias {DIR}/srv/home/; }'),
    request: get('/files-secret/s.txt'),
    exploited: (r) => r.status === 200 && body(r).includes('secret'),
  },
  {
    rule: 'ssrf-proxy-pass',
    claim: 'a query argument chooses the host nginx connects to',
    bad: server('location /p/ { proxy_pass http://$arg_host; }'),
    good: `map $arg_host $backend { default 127.0.0.1:{PORT}; } ${server(
      'location /p/ { proxy_pass http://$backend/public; } location = /public { return 200 public; }',
    )}`,
    request: get('/p/?host=127.0.0.1:{UP}'),
    exploited: (r) => body(r).includes('internal-secret'),
  },
  {
    rule: 'cors-wildcard',
    claim: 'an echoed Origin lets any site read the response',
    bad: server(
      'location / { add_header Access-Control-Allow-Origin $http_origin; return 200 phi; }',
    ),
    good: `map $http_origin $cors { https://viewer.example.org $http_origin; default ""; } ${server(
      'location / { add_header Access-Control-Allow-Origin $cors; return 200 phi; }',
    )}`,
    request: get('/', 'Origin: https://evil.test\r\n'),
    exploited: (r) => headerValues(r, 'Access-Control-Allow-Origin').includes('https://evil.test'),
  },
  {
    rule: 'origins',
    claim: 'an Origin regex without $ accepts the attacker',
    bad: `map $http_origin $cors { ~^https://example\\.com $http_origin; default ""; } ${server(
      'location / { add_header Access-Control-Allow-Origin $cors; return 200 phi; }',
    )}`,
    good: `map $http_origin $cors { ~^https://example\\.com$ $http_origin; default ""; } ${server(
      'location / { add_header Access-Control-Allow-Origin $cors; return 200 phi; }',
    )}`,
    request: get('/', 'Origin: https://example.com.evil.test\r\n'),
    exploited: (r) => headerValues(r, 'Access-Control-Allow-Origin').length > 0,
  },
  {
    rule: 'host-spoofing',
    claim: '$http_host sends the client-chosen Host upstream despite an absolute request line',
    bad: server(
      'location / { proxy_set_header Host $http_host; proxy_pass http://127.0.0.1:{UP}; }',
    ),
    good: server('location / { proxy_set_header Host $host; proxy_pass http://127.0.0.1:{UP}; }'),
    request: 'GET http://trusted.example/ HTTP/1.1\r\nHost: evil.test\r\nConnection: close\r\n\r\n',
    exploited: (_r, up) => /\r\nHost: evil\.test\r\n/i.test(up),
  },
  {
    rule: 'valid-referers',
    claim: 'a request without a Referer passes the hotlink check',
    bad: server(
      'location /img/ { valid_referers none example.com; if ($invalid_referer) { return 403; } return 200 image; }',
    ),
    good: server(
      'location /img/ { valid_referers example.com; if ($invalid_referer) { return 403; } return 200 image; }',
    ),
    request: get('/img/a.png'),
    exploited: (r) => r.status === 200,
  },
  {
    rule: 'allow-without-deny',
    claim: 'an address outside the allow list is served',
    bad: server('location /admin/ { allow 10.0.0.0/8; alias {DIR}/data/files/; }'),
    good: server('location /admin/ { allow 10.0.0.0/8; deny all; alias {DIR}/data/files/; }'),
    request: get('/admin/a.txt'),
    exploited: (r) => r.status === 200,
  },
  {
    rule: 'return-bypasses-allow-deny',
    claim: 'return answers before deny is checked',
    bad: server('location /admin { allow 10.0.0.0/8; deny all; return 200 admin; }'),
    good: `geo $trusted { default 0; 10.0.0.0/8 1; } ${server(
      'location /admin { if ($trusted = 0) { return 403; } return 200 admin; }',
    )}`,
    request: get('/admin'),
    exploited: (r) => r.status === 200,
  },
  {
    rule: 'return-bypasses-allow-deny',
    claim: 'return answers before basic authentication is checked',
    bad: server(
      'location /info { auth_basic on; auth_basic_user_file {DIR}/none.htpasswd; return 200 "internal build 42"; }',
    ),
    good: server(
      'location /info { auth_basic on; auth_basic_user_file {DIR}/none.htpasswd; alias {DIR}/data/files/a.txt; }',
    ),
    request: get('/info'),
    // The fixed config asks for credentials (401) instead of answering.
    exploited: (r) => r.status !== 401,
  },
  {
    rule: 'server-tokens',
    claim: 'the version is disclosed',
    bad: server('server_tokens on; location / { return 200 ok; }'),
    good: server('server_tokens off; location / { return 200 ok; }'),
    request: get('/'),
    exploited: (r) => /nginx\/\d/.test(headerValues(r, 'Server').join()),
  },
  {
    rule: 'add-header-redefinition',
    claim: 'a location add_header drops the server security header',
    bad: server(
      'add_header X-Frame-Options DENY always; location / { add_header Cache-Control no-cache; return 200 ok; }',
    ),
    good: server(
      'add_header X-Frame-Options DENY always; location / { add_header X-Frame-Options DENY always; add_header Cache-Control no-cache; return 200 ok; }',
    ),
    request: get('/'),
    exploited: (r) => headerValues(r, 'X-Frame-Options').length === 0,
  },
  {
    rule: 'proxy-set-header-redefinition',
    claim: "a location's own proxy_set_header drops the server's X-Forwarded-Proto",
    bad: server(
      'proxy_set_header X-Forwarded-Proto $scheme; location / { proxy_set_header X-Real-IP $remote_addr; proxy_pass http://127.0.0.1:{UP}; }',
    ),
    good: server(
      'proxy_set_header X-Forwarded-Proto $scheme; location / { proxy_set_header X-Forwarded-Proto $scheme; proxy_set_header X-Real-IP $remote_addr; proxy_pass http://127.0.0.1:{UP}; }',
    ),
    request: get('/'),
    exploited: (_r, up) => !/\r\nX-Forwarded-Proto: http\r\n/.test(up),
  },
  {
    rule: 'status-page-exposed',
    claim: 'any client reads the connection counts',
    bad: server('location = /nginx_status { stub_status; }'),
    good: server('location = /nginx_status { stub_status; allow 10.0.0.1; deny all; }'),
    request: get('/nginx_status'),
    exploited: (r) => body(r).includes('Active connections'),
  },
  {
    rule: 'filesystem-root-exposure',
    claim: 'root / serves system files',
    bad: server('root /; location / { }'),
    good: server('root {DIR}/data/files; location / { }'),
    request: get('/etc/os-release'),
    exploited: (r) => r.status === 200 && body(r).includes('NAME='),
  },
  {
    rule: 'add-header-content-type',
    claim: 'add_header sends a second Content-Type',
    bad: server('location /t { add_header Content-Type text/plain; return 200 x; }'),
    good: server('location /t { default_type text/plain; return 200 x; }'),
    request: get('/t'),
    exploited: (r) => headerValues(r, 'Content-Type').length > 1,
  },
  {
    rule: 'add-header-multiline',
    claim: 'the header goes out folded over two lines',
    bad: server('add_header X-Policy "one;\n    two"; location / { return 200 ok; }'),
    good: server('add_header X-Policy "one; two"; location / { return 200 ok; }'),
    request: get('/'),
    exploited: (r) =>
      r.headers.some(([n]) => /^\s/.test(n)) ||
      headerValues(r, 'X-Policy').some((v) => v.includes('\n')),
  },
  {
    rule: 'missing-body-size',
    claim: 'an upload over 1 MB is refused with 413',
    bad: server('location /pacs/ { proxy_pass http://127.0.0.1:{UP}; }'),
    good: server(
      'client_max_body_size 500m; location /pacs/ { proxy_pass http://127.0.0.1:{UP}; }',
    ),
    request: `POST /pacs/instances HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: ${2 * 2 ** 20}\r\n\r\n${'x'.repeat(2 * 2 ** 20)}`,
    exploited: (r) => r.status === 413,
  },
];

let upstream: Server;
let upPort: number;
let received = '';
let tmp: { path: string; remove(): void };
let dir: string;

beforeAll(async () => {
  tmp = tempDir('lint-live');
  dir = tmp.path;
  mkdirSync(join(dir, 'data/files'), { recursive: true });
  writeFileSync(join(dir, 'data/files/a.txt'), 'public');
  writeFileSync(join(dir, 'data/secret.txt'), 'secret');
  writeFileSync(join(dir, 'none.htpasswd'), 'nobody:$6$x$unmatchable\n');
  mkdirSync(join(dir, 'srv/home'), { recursive: true });
  mkdirSync(join(dir, 'srv/home-secret'), { recursive: true });
  writeFileSync(join(dir, 'srv/home-secret/s.txt'), 'secret');
  upPort = await freePort();
  upstream = createServer((s) => {
    let head = '';
    s.on('data', (d: Buffer) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      received = head;
      s.end('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\ninternal-secret');
    });
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => upstream.listen(upPort, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => upstream?.close(resolve));
  tmp?.remove();
});

const fill = (t: string, port: number): string =>
  t.replaceAll('{PORT}', String(port)).replaceAll('{UP}', String(upPort)).replaceAll('{DIR}', dir);

/** Serves `http` on the real nginx, sends the attack, and reports what happened. */
async function attack(proof: Proof, http: string, side: string): Promise<boolean> {
  const nginx = await startNginx(
    join(dir, `${proof.rule}-${side}-${PROOFS.indexOf(proof)}`),
    (port) => fill(http, port),
  );
  try {
    received = '';
    const response = await rawRequest(nginx.port, fill(proof.request, nginx.port));
    return proof.exploited(response, received);
  } finally {
    await nginx.stop();
  }
}

describe('live exploit proofs: the reported config is exploitable, the fixed one is not', () => {
  for (const proof of PROOFS) {
    it(`${proof.rule}: ${proof.claim}`, async () => {
      const rules = (http: string) =>
        lint(parse(`http { ${fill(http, 8080)} }`)).map((f) => f.rule);
      expect(rules(proof.bad)).toContain(proof.rule);
      expect(rules(proof.good)).not.toContain(proof.rule);
      expect(await attack(proof, proof.bad, 'bad'), 'attack on the reported config').toBe(true);
      expect(await attack(proof, proof.good, 'good'), 'attack on the fixed config').toBe(false);
    });
  }
});
