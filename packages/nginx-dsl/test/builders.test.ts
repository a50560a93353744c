import { describe, expect, it } from 'vitest';
import { findProblems, NginxDslError, render } from '../src/index.js';
import {
  addHeaders,
  authBasic,
  directive,
  gzip,
  listen,
  location,
  map,
  proxyHeaders,
  server,
  tls,
  http,
} from '../src/builders/index.js';

describe('builders', () => {
  it('build the crossplane shape', () => {
    expect(location('/pacs/', [directive('proxy_pass', ['http://o/'])], '^~')).toEqual({
      directive: 'location',
      args: ['^~', '/pacs/'],
      block: [{ directive: 'proxy_pass', args: ['http://o/'] }],
    });
    expect(listen(443, { address: '::1', ssl: true })).toEqual({
      directive: 'listen',
      args: ['[::1]:443', 'ssl'],
    });
  });

  it('sorts header maps so output is deterministic', () => {
    expect(addHeaders({ 'X-B': '2', 'X-A': '1' }).map((d) => d.args[0])).toEqual(['X-A', 'X-B']);
  });

  it('send Forwarded and X-Forwarded-Prefix when asked', () => {
    const names = proxyHeaders({ forwarded: true, prefix: '/pacs' }).map((d) => d.args[0]);
    expect(names).toEqual([
      'Host',
      'X-Real-IP',
      'X-Forwarded-For',
      'X-Forwarded-Host',
      'X-Forwarded-Proto',
      'X-Forwarded-Prefix',
      'Forwarded',
    ]);
  });

  it('the escape hatch rejects unknown directives and wrong block shapes', () => {
    expect(() => directive('proxy_passs', ['x'])).toThrowError(NginxDslError);
    expect(() => directive('gzip', ['on'], [])).toThrow('"gzip" takes no block');
    expect(() => directive('upstream', ['u'])).toThrow('"upstream" needs a block');
  });

  it('produce configs the catalog accepts', () => {
    const c = [
      http(
        map('$a', '$b', [['default', '0']]),
        gzip({ types: ['application/json'] }),
        server(
          listen(80),
          tls({ certificate: 'c', certificateKey: 'k', profile: 'modern' }),
          authBasic('x', 'f'),
          authBasic(false),
        ),
      ),
    ];
    expect(findProblems(c)).toEqual([]);
    expect(render(c)).toContain('ssl_protocols TLSv1.3;');
  });
});
