import { describe, expect, it } from 'vitest';
import {
  arityOf,
  defaultCatalog,
  extendCatalog,
  findProblems,
  NginxDslError,
  parse,
  validate,
} from '../src/index.js';
import { directive } from '../src/builders/index.js';

describe('arity from nginx reference syntax', () => {
  it.each([
    ['<p><em><code>URL</code></em></p>', 1, 1],
    [
      '<p>[ <code>=</code> | <code>~</code> | <code>~*</code> | <code>^~</code> ] <em><code>uri</code></em> <code>{...}</code></p>',
      1,
      2,
    ],
    ['<p><em><code>name</code></em> <em><code>value</code></em> [<code>always</code>]</p>', 2, 3],
    ['<p><em><code>file</code></em> &hellip; <em><code>uri</code></em></p>', 2, Infinity],
    ['<p><em><code>address</code></em>[:<em><code>port</code></em>] [<code>ssl</code>]</p>', 1, 2],
    ['<p><code>on</code> | <code>off</code></p>', 1, 1],
    ['<p><code>{...}</code></p>', 0, 0],
    ['<p>[<em><code>code</code></em> &hellip;] <em><code>time</code></em></p>', 1, Infinity],
  ])('%s -> %i..%s', (html, min, max) => {
    expect(arityOf(html)).toEqual({ min, max });
  });

  it('knows the directives recipes use', () => {
    const c = defaultCatalog();
    for (const name of [
      'proxy_pass',
      'add_header',
      'gzip_static',
      'try_files',
      'auth_basic',
      'ssl_certificate',
      'map',
      'upstream',
      'keepalive',
    ]) {
      expect(c.has(name), name).toBe(true);
    }
  });
});

describe('validate', () => {
  it('accepts a typical config', () => {
    const c = parse(`events {}
http {
  map $a $b { default 0; ~x 1; }
  types { text/html html; }
  upstream u { server 127.0.0.1:1; keepalive 4; }
  server {
    listen 80;
    location / { if ($x) { return 404; } limit_except GET { deny all; } proxy_pass http://u; }
  }
}`);
    expect(findProblems(c)).toEqual([]);
  });

  it('collects every problem, each with its path and a fix', () => {
    const c = parse(`http {
  server {
    listen 80 a b c d e f g h i j k l m n o p q r s t u v w x y z;
    proxy_pass http://x;
    location /pacs/ { proxy_pass; proxy_pas http://x; gzip { } }
  }
  server_name x;
}
events;`);
    const problems = findProblems(c);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'http > server[0] > listen: "listen" takes 1 to 18 arguments, got 27',
      'http > server[0] > proxy_pass: "proxy_pass" is not allowed in server',
      'http > server[0] > location "/pacs/" > proxy_pass: "proxy_pass" takes exactly 1 argument, got 0',
      'http > server[0] > location "/pacs/" > proxy_pas: unknown directive "proxy_pas"',
      'http > server[0] > location "/pacs/" > gzip: "gzip" takes no block',
      'http > server_name: "server_name" is not allowed in http',
      'events: "events" needs a block',
    ]);
    expect(problems.every((p) => p.fix)).toBe(true);
    expect(() => validate(c)).toThrowError(NginxDslError);
  });

  it('checks a conf.d snippet in the http context', () => {
    const c = parse('server { listen 80; }');
    expect(findProblems(c)).toHaveLength(1);
    expect(findProblems(c, { context: 'http' })).toEqual([]);
  });

  it('accepts third-party directives added to the catalog, and builds them with it', () => {
    const c = parse('http { brotli_static on; }');
    expect(findProblems(c)[0]?.message).toBe('unknown directive "brotli_static"');
    const catalog = extendCatalog(defaultCatalog(), [
      {
        name: 'brotli_static',
        module: 'ngx_brotli',
        contexts: ['http', 'server', 'location'],
        isBlock: false,
        arity: { min: 1, max: 1 },
        syntax: ['on | off | always'],
      },
    ]);
    expect(findProblems(c, { catalog })).toEqual([]);
    // The builders' escape hatch takes the same catalog.
    expect(() => directive('brotli_static', ['on'])).toThrow('unknown directive "brotli_static"');
    expect(directive('brotli_static', ['on'], undefined, { catalog })).toEqual(c[0]?.block?.[0]);
  });
});
