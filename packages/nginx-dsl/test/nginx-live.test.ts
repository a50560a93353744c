import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isolatedHttp,
  isolatedMain,
  nginxTest,
  startNginx,
  tempDir,
  type RunningNginx,
} from '@ohif-recipes/testing';
import {
  literal,
  literalDollarVariable,
  NginxDslError,
  parse,
  findProblems,
  render,
  validate,
  type Directive,
} from '../src/index.js';
import {
  addHeader,
  crossOriginIsolation,
  gzip,
  gzipStatic,
  http,
  listen,
  location,
  map,
  proxyHeaders,
  proxyPass,
  ret,
  root,
  server,
  tls,
  tryFiles,
  upstream,
  upstreamServer,
  authBasic,
  clientMaxBodySize,
  events,
  directive,
} from '../src/builders/index.js';
import { hostileString } from './arbitraries.js';
import { rawGet } from './raw-http.js';

const HOSTILE = Number(process.env.HOSTILE_RUNS ?? 400);
const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

describe('rendered configs pass the real nginx -t', () => {
  const tmp = tempDir('dsl-t');
  afterAll(() => tmp.remove());

  it('a full proxy + static + TLS + auth config built with the builders', () => {
    const dir = tmp.path;
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    writeFileSync(join(dir, 'htpasswd'), 'u:$apr1$x$y\n');
    const body: Directive[] = [
      map('$http_upgrade', '$connection_upgrade', [
        ['default', 'upgrade'],
        ['', 'close'],
      ]),
      upstream('pacs', upstreamServer('127.0.0.1:9'), directive('keepalive', [8])),
      ...gzip({ level: 2, types: ['application/json', 'application/dicom+json'] }),
      server(
        listen(8443, { address: '127.0.0.1', ssl: true }),
        tls({ certificate: join(dir, 'cert.pem'), certificateKey: join(dir, 'key.pem') }),
        authBasic('PACS', join(dir, 'htpasswd')),
        crossOriginIsolation(),
        location('/', [
          root(dir),
          gzipStatic(),
          tryFiles('$uri', '$uri/', '/index.html'),
          crossOriginIsolation(),
        ]),
        location('/pacs/', [
          clientMaxBodySize('500m'),
          proxyPass('http://pacs/'),
          proxyHeaders({ forwarded: true, prefix: '/pacs' }),
        ]),
        location(
          '\\.(js|css)$',
          [addHeader('Cache-Control', 'public, max-age=31536000, immutable')],
          '~*',
        ),
        location('= /healthz', [ret(200, 'ok')]),
      ),
    ];
    const config: Directive[] = [
      ...parse(isolatedMain(dir)).filter((d) => d.directive !== 'events'),
      events(),
      http(...parse(isolatedHttp(dir)), ...body),
    ];
    expect(() => validate(config)).not.toThrow();
    const file = join(dir, 'full.conf');
    writeFileSync(file, render(config));
    const r = nginxTest(file, dir);
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });

  it('nginx -t rejects what validate rejects (the catalog agrees with nginx)', () => {
    const dir = tmp.path;
    const bad: Directive[] = [events(), http(server(location('/', [listen(80)])))];
    expect(() => validate(bad)).toThrow(
      'http > server[0] > location "/" > listen: "listen" is not allowed in location',
    );
    const file = join(dir, 'bad.conf');
    writeFileSync(file, `${isolatedMain(dir).replace(/events \{[^}]*\}/, '')}\n${render(bad)}`);
    const r = nginxTest(file, dir);
    expect(r.ok).toBe(false);
    expect(r.output).toContain('"listen" directive is not allowed here');
  });
});

describe('what the open-source nginx refuses, the parser and validator refuse', () => {
  const tmp = tempDir('dsl-refuse');
  afterAll(() => tmp.remove());
  const nginxSays = (name: string, server: string): string => {
    const file = join(tmp.path, `${name}.conf`);
    writeFileSync(
      file,
      `${isolatedMain(tmp.path)}\nhttp {\n${isolatedHttp(tmp.path)}\nserver {\n${server}\n}\n}\n`,
    );
    const r = nginxTest(file, tmp.path);
    expect(r.ok, name).toBe(false);
    return r.output;
  };

  it('an if condition without parentheses', () => {
    const server = 'set $slow 1;\nlocation / { if $slow { return 404; } }';
    expect(nginxSays('if', server)).toContain('invalid condition');
    expect(() => parse(server)).toThrow('invalid condition in "if": it must be in parentheses');
  });

  it.each([
    ['health_check', 'location / { proxy_pass http://127.0.0.1:9; health_check; }'],
    ['api', 'location /api { api; }'],
    ['auth_jwt', 'location / { auth_jwt "realm"; }'],
  ])('the NGINX Plus directive %s', (name, server) => {
    expect(nginxSays(name, server)).toContain(`unknown directive "${name}"`);
    const problems = findProblems(parse(server), { context: 'server' });
    expect(problems.map((p) => p.message)).toContainEqual(
      expect.stringMatching(new RegExp(`^"${name}" is an NGINX Plus directive`)),
    );
    expect(findProblems(parse(server), { context: 'server', plus: true })).toEqual([]);
  });
});

describe(`hostile strings against a live nginx (${HOSTILE} strings, seed ${seed})`, () => {
  const tmp = tempDir('dsl-live');
  const values = fc.sample(hostileString, { numRuns: HOSTILE, seed });
  const accepted = new Map<number, string>();
  let rejected = 0;
  let nginx: RunningNginx;

  beforeAll(async () => {
    const locations: Directive[] = [];
    values.forEach((v, i) => {
      const loc = location(
        `/h/${i}`,
        [ret(200, literal(v)), addHeader('X-Test', literal(v)), addHeader('X-Canary', 'intact')],
        '=',
      );
      try {
        render([loc]);
        locations.push(loc);
        accepted.set(i, v);
      } catch (e) {
        expect(e).toBeInstanceOf(NginxDslError);
        rejected++;
      }
    });
    const body = render([literalDollarVariable(), server(listen(0), ...locations)]);
    nginx = await startNginx(tmp.path, (port) =>
      body.replace('listen 0;', `listen 127.0.0.1:${port};`),
    );
  });

  afterAll(async () => {
    await nginx?.stop();
    tmp.remove();
  });

  it('answers every accepted value byte for byte, with the canary header intact', async () => {
    for (const [i, v] of accepted) {
      const res = await rawGet(nginx.port, `/h/${i}`);
      const context = `value #${i} ${JSON.stringify(v)} (seed ${seed})`;
      expect(res.status, context).toBe(200);
      expect(res.body.equals(Buffer.from(v, 'utf8')), context).toBe(true);
      const test = res.headers.filter(([k]) => k === 'X-Test');
      // nginx omits add_header when its value is empty.
      if (v === '') expect(test, context).toEqual([]);
      else
        expect(
          test.map(([, b]) => b.toString('hex')),
          context,
        ).toEqual([Buffer.from(v, 'utf8').toString('hex')]);
      expect(
        res.headers.filter(([k]) => k === 'X-Canary').map(([, b]) => b.toString()),
        context,
      ).toEqual(['intact']);
      expect(
        res.headers.filter(
          ([k]) =>
            ![
              'Server',
              'Date',
              'Content-Type',
              'Content-Length',
              'Connection',
              'X-Test',
              'X-Canary',
            ].includes(k),
        ),
        context,
      ).toEqual([]);
    }
    expect(accepted.size + rejected).toBe(HOSTILE);
    expect(accepted.size).toBeGreaterThan(HOSTILE / 2);
    console.log(
      `hostile strings: ${HOSTILE} tried, ${accepted.size} served exactly, ${rejected} rejected by render (seed ${seed})`,
    );
  });
});
