import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint, parse, RULES } from '../src/index.js';
import { analyseRegex } from '../src/lint/regex.js';
import { EXAMPLES } from './lint-examples.js';

const findings = (text: string, rule: string) => lint(parse(text)).filter((f) => f.rule === rule);

describe('lint rules', () => {
  it('every rule has examples', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  for (const [rule, examples] of Object.entries(EXAMPLES)) {
    for (const e of examples) {
      it(`${rule}: ${e.case}`, () => {
        const bad = findings(e.bad, rule);
        expect(bad.length, e.bad).toBeGreaterThan(0);
        expect(bad.every((f) => f.message && f.fix)).toBe(true);
        expect(findings(e.good, rule), e.good).toEqual([]);
      });
    }
  }

  it('reports where the problem is', () => {
    expect(findings(EXAMPLES['header-splitting']![0]!.bad, 'header-splitting')[0]?.path).toBe(
      'server[0] > location "/" > return',
    );
    expect(findings(EXAMPLES['alias-traversal']![0]!.bad, 'alias-traversal')[0]?.path).toBe(
      'server[0] > location "/files"',
    );
  });

  it('names the dropped headers and rates security headers high', () => {
    const [f] = findings(EXAMPLES['add-header-redefinition']![0]!.bad, 'add-header-redefinition');
    expect(f).toMatchObject({
      severity: 'high',
      message: 'add_header here drops the inherited header(s): x-frame-options',
    });
  });

  it('treats a capture as CR/LF-capable only when its group can match a line feed', () => {
    // nginx does not compile with DOTALL: "." stops at a line feed, so (.*) cannot carry one.
    const lf = (re: string) => analyseRegex(re).groups.map((g) => g.newline);
    expect(lf('^/a/(.*)$')).toEqual([false]);
    expect(lf('(?s)(.*)')).toEqual([true]);
    expect(lf('([^/]*)')).toEqual([true]);
    expect(lf('([^\\r\\n]*)')).toEqual([false]);
    expect(lf('([^\\s/]+)')).toEqual([false]);
    expect(lf('(\\W)(\\D)(\\S)(\\w)')).toEqual([true, true, false, false]);
    expect(lf('([\\x00-\\x1f])([[:space:]])([[:alpha:]])')).toEqual([true, true, false]);
    expect(lf('(?=[^x])(a)(?<n>[^.]*)')).toEqual([false, true]);
    // Not understood in detail: assumed to match a line feed (\p{Cc} does).
    expect(lf('(\\p{Cc})([\\p{L}])')).toEqual([true, true]);
    expect(analyseRegex('/v1/((?<action>[^.]*)\\.json)?$').group('action')?.index).toBe(2);
    expect(analyseRegex('^/p/(?<h>[^/]+)(/.*)$').groups.map((g) => g.slashFirst)).toEqual([
      false,
      true,
    ]);
  });

  it('does not report an internal rewrite (only $uri changes, no header is written)', () => {
    expect(
      findings(
        'server { location /orthanc/ { rewrite /orthanc(.*) $1 break; proxy_pass http://o; } }',
        'header-splitting',
      ),
    ).toEqual([]);
  });

  it('does not report numbered captures that set and rewrite copy (nginx URL-escapes them)', () => {
    expect(
      findings(
        'server { location ~ ^/n/([^/]*)$ { set $v $1; add_header X-V $v; } }',
        'header-splitting',
      ),
    ).toEqual([]);
    expect(
      findings(
        'server { location /f { rewrite ^/f([^/]*)$ https://x$1 redirect; } }',
        'header-splitting',
      ),
    ).toEqual([]);
  });

  it('does not report a constant upstream followed by $request_uri or a slash-first capture', () => {
    const ssrf = (t: string) => findings(t, 'ssrf-proxy-pass');
    expect(ssrf('server { location / { proxy_pass http://backend$request_uri; } }')).toEqual([]);
    expect(ssrf('server { location ~ ^/a(/.*)$ { proxy_pass http://backend$1; } }')).toEqual([]);
    expect(ssrf('server { location / { proxy_pass http://$host$request_uri; } }')).toHaveLength(1);
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

  it('traces variables through many maps with regex keys in bounded time', () => {
    // Each map reads the previous one's variable; none of their keys names a capture. Every
    // named variable used to make the linter ask what each regex-keyed map reads, again and
    // again: 10 maps took minutes.
    const maps = Array.from(
      { length: 10 },
      (_, i) => `map $v${i} $v${i + 1} { ~^/x/([a-z]+)$ $1; default none; }`,
    ).join(' ');
    const text = `http { map $uri $v0 { ~^(/[a-z/]+)$ $1; default none; } ${maps}
      server { location ~ ^/(?<what>[a-z]+)$ { add_header X-Seen "$v10 $what"; return 204; } } }`;
    const t0 = performance.now();
    lint(parse(text));
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});
