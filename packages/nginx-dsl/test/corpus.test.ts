import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint, parse } from '../src/index.js';
import { loadConfig } from '../src/load.js';

/**
 * Configurations written to mirror widely copied public ones (fixtures/corpus/README.md
 * names each source). Every finding expected here is a true positive, checked by hand
 * against the rule's documentation; anything else the lint reports is a false positive
 * and fails the test. Count: 11 files, 11 findings, 0 false positives.
 */
const EXPECTED: Record<string, string[]> = {
  'cors-allowlist.conf': [],
  'dicomweb-dcm4chee.conf': [
    'server-tokens http',
    'missing-body-size http > server[0] > location "/dcm4chee-arc/"',
    'host-spoofing http > server[0] > location "/dcm4chee-arc/" > proxy_set_header[0]',
    'cors-wildcard http > server[0] > location "/dcm4chee-arc/" > add_header',
  ],
  'docker-registry.conf': [
    'host-spoofing http > server[0] > location "/v2/" > proxy_set_header[0]',
  ],
  'https-redirect.conf': [],
  'kubernetes-resolver.conf': [],
  'legacy-redirects.conf': [
    'server-tokens http',
    'header-splitting http > server[0] > location "~ ^/users/([^/]+)/?$" > return',
    'valid-referers http > server[0] > location "/downloads/" > valid_referers',
  ],
  'ohif-static-spa.conf': [],
  'orthanc-book-subpath.conf': [
    'missing-body-size http > server[0] > location "/orthanc/"',
    'cors-wildcard http > server[0] > location "/orthanc/" > add_header[3]',
  ],
  'php-fpm.conf': [],
  'static-alias.conf': ['alias-traversal http > server[0] > location "/static"'],
  'websocket-app.conf': [],
};

const dir = new URL('./fixtures/corpus/', import.meta.url);

describe('a corpus of real-world configurations', () => {
  it('covers every file of the corpus', () => {
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.conf'))
        .sort(),
    ).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: only its true positives`, () => {
      const found = lint(parse(readFileSync(new URL(file, dir), 'utf8'))).map(
        (f) => `${f.rule} ${f.path}`,
      );
      expect(found).toEqual(expected);
    });
  }

  // Debian's packaged nginx.conf and default site (BSD-licensed; the test command installs
  // nginx), read with their includes. Its one finding above low is true: it still enables
  // TLS 1.0 and 1.1.
  it("Debian's installed nginx.conf: only its TLS 1.0/1.1 above low", () => {
    const { config } = loadConfig('/etc/nginx/nginx.conf');
    const found = lint(config)
      .filter((f) => f.severity !== 'low')
      .map((f) => `${f.rule} ${f.path}`);
    expect(found).toEqual(['weak-ssl-tls http > ssl_protocols']);
  });
});
