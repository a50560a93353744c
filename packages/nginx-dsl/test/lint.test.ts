import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint, parse, RULES } from '../src/index.js';

const findings = (text: string, rule: string) => lint(parse(text)).filter((f) => f.rule === rule);

/** Each rule: a config that must trigger it and the fixed config that must not. */
const CASES: Record<string, { bad: string; good: string; path: string }> = {
  'add-header-redefinition': {
    bad: 'server { add_header X-Frame-Options DENY always; location / { add_header Cache-Control no-cache; } }',
    good: 'server { add_header X-Frame-Options DENY always; location / { add_header X-Frame-Options DENY always; add_header Cache-Control no-cache; } }',
    path: 'server[0] > location "/"',
  },
  'alias-traversal': {
    bad: 'server { location /files { alias /data/files/; } }',
    good: 'server { location /files/ { alias /data/files/; } }',
    path: 'server[0] > location "/files"',
  },
  'header-splitting': {
    bad: 'server { location / { return 302 https://$host$uri; } }',
    good: 'server { location / { return 302 https://$host$request_uri; } }',
    path: 'server[0] > location "/" > return',
  },
  'ssrf-proxy-pass': {
    bad: 'server { location /p/ { set $target $arg_host; proxy_pass http://$target/; } }',
    good: 'server { location /p/ { set $target orthanc; proxy_pass http://$target:8042/; } }',
    path: 'server[0] > location "/p/" > proxy_pass',
  },
  'if-in-location': {
    bad: 'server { location / { if ($x) { add_header X-A b; } } }',
    good: 'server { location / { if ($x) { return 403; } } }',
    path: 'server[0] > location "/" > if "$x"',
  },
  'server-tokens': {
    bad: 'http { server { server_tokens on; } }',
    good: 'http { server_tokens off; server { } }',
    path: 'http > server[0] > server_tokens',
  },
  'cors-wildcard': {
    bad: 'server { location / { add_header Access-Control-Allow-Origin *; } }',
    good: 'server { location / { add_header Access-Control-Allow-Origin https://viewer.example.org; } }',
    path: 'server[0] > location "/" > add_header',
  },
  'missing-body-size': {
    bad: 'server { location /pacs/ { proxy_pass http://orthanc:8042/; } }',
    good: 'server { client_max_body_size 500m; location /pacs/ { proxy_pass http://orthanc:8042/; } }',
    path: 'server[0] > location "/pacs/"',
  },
};

describe('lint rules', () => {
  it('every rule has a case', () => {
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  for (const [rule, c] of Object.entries(CASES)) {
    it(`${rule}: reports the bad config and passes the fixed one`, () => {
      const bad = findings(c.bad, rule);
      expect(bad.length).toBeGreaterThan(0);
      expect(bad.map((f) => f.path)).toContain(c.path);
      expect(bad.every((f) => f.message && f.fix)).toBe(true);
      expect(findings(c.good, rule)).toEqual([]);
    });
  }

  it('names the dropped headers and rates security headers high', () => {
    const [f] = findings(CASES['add-header-redefinition']!.bad, 'add-header-redefinition');
    expect(f).toMatchObject({
      severity: 'high',
      message: 'add_header here drops the inherited header(s): x-frame-options',
    });
  });

  it('treats a regex capture as CR/LF-capable only when the regex allows it', () => {
    expect(
      findings('server { location ~ ^/a/(.*)$ { return 301 /b/$1; } }', 'header-splitting'),
    ).toHaveLength(1);
    expect(
      findings('server { location ~ ^/a/([a-z0-9]+)$ { return 301 /b/$1; } }', 'header-splitting'),
    ).toEqual([]);
  });

  it('reports server_tokens left at its default of on', () => {
    expect(findings('http { server { } }', 'server-tokens')).toMatchObject([
      { path: 'http', severity: 'low' },
    ]);
  });

  it('does not ask for a body size on read-only routes', () => {
    expect(
      findings(
        'server { location /pacs/ { limit_except GET { deny all; } proxy_pass http://o/; } }',
        'missing-body-size',
      ),
    ).toEqual([]);
  });

  it('reports the add_header and CORS problems of an upstream-style OHIF config', () => {
    const text = readFileSync(new URL('./fixtures/upstream-style.conf', import.meta.url), 'utf8');
    const all = lint(parse(text));
    const rules = new Set(all.map((f) => f.rule));
    expect(rules).toContain('add-header-redefinition');
    expect(rules).toContain('cors-wildcard');
    expect(rules).toContain('missing-body-size');
    expect(all.find((f) => f.rule === 'add-header-redefinition')?.message).toContain(
      'cross-origin-embedder-policy',
    );
  });
});
