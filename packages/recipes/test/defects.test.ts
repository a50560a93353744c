import { describe, expect, it } from 'vitest';
import { lint, findProblems } from '@ohif-recipes/nginx-dsl';
import { atLeast, IMAGE_PINS, parseVersion } from '../src/versions.js';
import {
  CASES,
  child,
  effectiveHeaders,
  locations,
  matchLocation,
  recipe,
  serverBlock,
  walk,
  type CaseName,
} from './cases.js';

const ALL = Object.keys(CASES) as CaseName[];
const dataSource = (c: Record<string, unknown>) =>
  (
    (c.dataSources as Array<{ configuration: Record<string, unknown> }>)[0] as {
      configuration: Record<string, unknown>;
    }
  ).configuration;

/** One test per defect of upstream's hand-written recipes (shared/DESIGN.md). */
describe.each(ALL)('%s does not repeat upstream defects', (name) => {
  it('generated nginx.conf passes the catalog and lint with zero findings', async () => {
    const r = await recipe(name);
    expect(findProblems(r.nginx)).toEqual([]);
    expect(lint(r.nginx)).toEqual([]);
  });

  it('every browser-facing DICOMweb/WADO root is under a proxied location (no /wado outside /pacs)', async () => {
    const r = await recipe(name);
    const conf = dataSource(r.appConfig);
    for (const key of ['qidoRoot', 'wadoRoot', 'wadoUriRoot']) {
      const root = conf[key] as string;
      const loc = matchLocation(r.nginx, `${root}/studies`);
      expect(child(loc, 'proxy_pass'), `${key} ${root}`).toBeDefined();
    }
  });

  it('upload routes accept large bodies and stream them (no 413 over 1 MB)', async () => {
    const r = await recipe(name);
    const uploads = locations(r.nginx).filter(
      (l) => child(l, 'proxy_pass') && !child(l, 'limit_except'),
    );
    expect(uploads.length).toBeGreaterThan(0);
    for (const l of uploads) {
      expect(child(l, 'client_max_body_size')?.args).toEqual(['4g']);
      expect(child(l, 'proxy_request_buffering')?.args).toEqual(['off']);
    }
    // STOW-RS goes to the DICOMweb root itself.
    const stow = matchLocation(r.nginx, `${dataSource(r.appConfig).wadoRoot as string}/studies`);
    expect(child(stow, 'client_max_body_size')).toBeDefined();
  });

  it('every location that serves the app sends COOP/COEP (add_header inheritance included)', async () => {
    const r = await recipe(name);
    const base =
      r.appConfig.routerBasename === '/' ? '/' : `${r.appConfig.routerBasename as string}/`;
    for (const uri of [
      base,
      `${base}index.html`,
      `${base}viewer?StudyInstanceUIDs=1`,
      `${base}app-config.js`,
      `${base}sw.js`,
      `${base}app.bundle.0f6159c501addfe9.js`,
      `${base}0ddf166f7a343eda.wasm`,
    ]) {
      const loc = matchLocation(r.nginx, uri.split('?')[0] as string) as NonNullable<
        ReturnType<typeof matchLocation>
      >;
      const h = effectiveHeaders(r.nginx, loc);
      expect(h.get('cross-origin-opener-policy'), uri).toBe('same-origin');
      expect(h.get('cross-origin-embedder-policy'), uri).toBe('require-corp');
    }
  });

  it('sw.js and every viewer file are served from a location with a root', async () => {
    const r = await recipe(name);
    const base = `${(r.appConfig.routerBasename as string).replace(/\/$/, '')}/`;
    const loc = matchLocation(r.nginx, `${base}sw.js`);
    expect(child(loc, 'proxy_pass')).toBeUndefined();
    expect(child(loc, 'root') ?? child(serverBlock(r.nginx), 'root')).toBeDefined();
    expect(child(loc, 'alias')).toBeUndefined();
  });

  it('caching: hashed bundles, wasm and fonts immutable, images a month, index.html/app-config.js/sw.js/manifest no-cache, compression done once', async () => {
    const r = await recipe(name);
    const base = `${(r.appConfig.routerBasename as string).replace(/\/$/, '')}/`;
    const cache = (uri: string) =>
      effectiveHeaders(r.nginx, matchLocation(r.nginx, uri) as never).get('cache-control');
    expect(cache(`${base}app.bundle.0f6159c501addfe9.js`)).toContain('immutable');
    for (const f of ['index.html', 'app-config.js', 'sw.js', 'viewer'])
      expect(cache(`${base}${f}`)).toBe('no-cache');
    const http = walk(r.nginx).find((v) => v.node.directive === 'http')?.node;
    expect(child(http, 'gzip_static')?.args).toEqual(['on']);
    expect(Number(child(http, 'gzip_comp_level')?.args[0])).toBeLessThanOrEqual(2);
    expect(child(http, 'gzip_types')?.args).not.toContain('application/javascript');
    // Only the PACS-unavailable answer may forbid storing; no static file does.
    for (const l of locations(r.nginx).filter((x) => !x.args[0]?.startsWith('@'))) {
      expect(effectiveHeaders(r.nginx, l).get('cache-control'), l.args.join(' ')).not.toBe(
        'no-store',
      );
    }
  });

  it('publishes only nginx on all interfaces; DICOM on 127.0.0.1 by default; no PACS HTTP/LDAP/DB/admin ports', async () => {
    const r = await recipe(name);
    const { viewer, ...pacs } = r.compose.services;
    expect(viewer?.ports).toEqual(
      name.endsWith('secure')
        ? ['80:8080', '443:8443']
        : [name.endsWith('subpath') ? '8080:8080' : '80:8080'],
    );
    const dicom = name.startsWith('nginx-orthanc')
      ? '127.0.0.1:4242:4242'
      : '127.0.0.1:11112:11112';
    expect(Object.values(pacs).flatMap((svc) => svc.ports ?? [])).toEqual([dicom]);
  });

  it('no default passwords, no shipped TLS key, every secret comes from .env', async () => {
    const r = await recipe(name);
    const all = [...r.files.values()].join('\n');
    for (const bad of [
      'bones',
      'admin:admin',
      'PASS: secret',
      'PASS=secret',
      'PASSWORD: pacs',
      'changeme',
      'PRIVATE KEY',
      'orthanc:orthanc',
    ])
      expect(all).not.toContain(bad);
    expect([...r.files.keys()].filter((k) => /\.(key|pem|crt)$/.test(k))).toEqual([]);
    const env = r.files.get('.env.example') as string;
    for (const [, s] of Object.entries(r.compose.services)) {
      for (const [k, v] of Object.entries(s.environment ?? {})) {
        if (/PASS|SECRET|TOKEN/.test(k)) {
          expect(v, k).toMatch(/^\$\{[A-Z_]+:\?.+\}$/);
          expect(env).toMatch(new RegExp(`^${/\$\{([A-Z_]+)/.exec(v)?.[1]}=$`, 'm'));
        }
      }
    }
  });

  it('images are pinned; the dcm4chee images share the archive version', async () => {
    const r = await recipe(name);
    const images = Object.values(r.compose.services).map((s) => s.image as string);
    for (const img of images) expect(img).toMatch(/^[a-z0-9./-]+:(?!latest$)[A-Za-z0-9._-]+$/);
    const dockerfile = r.files.get('Dockerfile') as string;
    // Base images are pinned; `FROM ohif...` names one of the file's own stages.
    for (const from of (dockerfile.match(/^FROM \S+/gm) ?? []).filter(
      (f) => !f.startsWith('FROM ohif'),
    ))
      expect(from).toMatch(/:\d[\w.-]*$/);
    if (name.startsWith('nginx-dcm4chee')) {
      const tag = (prefix: string) =>
        images.find((i) => i.startsWith(prefix))?.split(':')[1] as string;
      const arcMinor = /^5\.(\d+)\./.exec(tag('dcm4che/dcm4chee-arc-psql'))?.[1];
      expect(tag('dcm4che/slapd-dcm4chee')).toMatch(new RegExp(`-${arcMinor}\\.\\d+$`));
      expect(tag('dcm4che/postgres-dcm4chee')).toMatch(new RegExp(`-${arcMinor}$`));
    }
  });

  it('LDAP volumes at the 2.6 paths; no env_file that is not shipped', async () => {
    const r = await recipe(name);
    const ldap = r.compose.services.ldap;
    if (ldap)
      expect(ldap.volumes).toEqual([
        'ldap-data:/var/lib/openldap/openldap-data',
        'ldap-config:/etc/openldap/slapd.d',
      ]);
    for (const s of Object.values(r.compose.services))
      expect((s as Record<string, unknown>).env_file).toBeUndefined();
    for (const s of Object.values(r.compose.services)) {
      for (const v of s.volumes ?? [])
        if (v.startsWith('./'))
          expect(r.files.has(v.slice(2).split(':')[0] as string), v).toBe(true);
    }
  });

  it('nginx starts only after the PACS is healthy; every awaited service has a healthcheck', async () => {
    const r = await recipe(name);
    const services = r.compose.services;
    for (const [svc, s] of Object.entries(services)) {
      for (const [dep, cond] of Object.entries(s.depends_on ?? {})) {
        expect(cond.condition, `${svc} -> ${dep}`).toBe('service_healthy');
        expect(services[dep]?.healthcheck, dep).toBeDefined();
      }
    }
    expect(Object.keys(services.viewer?.depends_on ?? {})).toHaveLength(1);
  });

  it('sub-path: PUBLIC_URL, routerBasename, try_files fallback and PublicRoot all come from one publicUrl', async () => {
    const r = await recipe(name);
    const sub = name.endsWith('subpath');
    const base = sub ? '/ohif/' : '/';
    expect(r.appConfig.routerBasename).toBe(sub ? '/ohif' : '/');
    expect(child(matchLocation(r.nginx, `${base}viewer`), 'try_files')?.args).toEqual([
      '$uri',
      '$uri/',
      `${base}index.html`,
    ]);
    expect(r.files.get('Dockerfile')).toContain(
      `prepare-dist.sh /ohif /build/${r.appConfigName.split('/')[1]} ${base}\n`,
    );
    expect(r.files.get('Dockerfile')).toContain(`/usr/share/nginx/html${sub ? '/ohif' : ''}\n`);
    if (name.startsWith('nginx-orthanc')) {
      const orthanc = JSON.parse(r.files.get('config/orthanc.json') as string) as {
        DicomWeb: Record<string, unknown>;
      };
      expect(orthanc.DicomWeb.PublicRoot).toBe(`${base}pacs/dicom-web/`);
      expect(orthanc.DicomWeb.Host).toBeUndefined();
      expect(dataSource(r.appConfig).qidoRoot).toBe(`${base}pacs/dicom-web`);
      const pacs = matchLocation(r.nginx, `${base}pacs/dicom-web/studies`);
      const headers = Object.fromEntries(
        (pacs?.block ?? [])
          .filter((d) => d.directive === 'proxy_set_header')
          .map((d) => [d.args[0], d.args[1]]),
      );
      expect(headers['X-Forwarded-Host']).toBe('$http_host');
      const scheme = sub || name.endsWith('secure') ? 'https' : 'http';
      expect(headers['X-Forwarded-Proto']).toBe(scheme);
      expect(headers.Forwarded).toBe(`proto=${scheme};host=$http_host`);
    }
  });

  it('nginx.conf for the container: pid and temp files where uid 101 may write (/tmp), as nginx-unprivileged documents', async () => {
    const r = await recipe(name);
    expect(r.nginx.find((d) => d.directive === 'pid')?.args).toEqual(['/tmp/nginx.pid']);
    const http = walk(r.nginx).find((v) => v.node.directive === 'http')?.node;
    for (const k of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
      expect(child(http, `${k}_temp_path`)?.args[0], k).toMatch(/^\/tmp\//);
  });

  it("nginx's own redirects are relative: the container's port (8080/8443) never reaches a Location header", async () => {
    const r = await recipe(name);
    const servers = walk(r.nginx).filter((v) => v.node.directive === 'server');
    const app = servers.find((v) => child(v.node, 'root'));
    expect(child(app?.node, 'absolute_redirect')?.args).toEqual(['off']);
    // A redirect nginx writes with an absolute URL uses the public origin, never a listen port.
    for (const { node } of walk(r.nginx).filter((v) => v.node.directive === 'return'))
      expect(node.args.slice(1).join(' ')).not.toMatch(/:(8080|8443)\b/);
  });

  it('long cache lifetimes are not `always`: an error (a missing hashed file) is never cached', async () => {
    const r = await recipe(name);
    for (const { node } of walk(r.nginx).filter(
      (v) => v.node.directive === 'add_header' && v.node.args[0] === 'Cache-Control',
    ))
      if (/max-age=[1-9]/.test(node.args[1] ?? ''))
        expect(node.args, node.args[1]).not.toContain('always');
  });

  it('a self-signed certificate lives on a named volume the viewer owns, so recreating the container keeps it', async () => {
    const r = await recipe(name);
    const viewer = r.compose.services.viewer;
    if (!name.endsWith('secure')) {
      expect(viewer?.environment?.OHIF_TLS_DIR).toBeUndefined();
      return;
    }
    const dir = viewer?.environment?.OHIF_TLS_DIR as string;
    const mount = (viewer?.volumes ?? []).find((v) => v.endsWith(`:${dir}`));
    expect(mount, `a volume at ${dir}`).toBeDefined();
    expect(r.compose.volumes).toHaveProperty(mount?.split(':')[0] as string);
    expect(r.files.get('Dockerfile')).toContain(`RUN install -d -o 101 -g 0 -m 0750 ${dir}\n`);
    expect(child(serverBlock(r.nginx), 'ssl_certificate')?.args).toEqual([`${dir}/tls.crt`]);
  });

  it('dcm4chee: the archive host is given to slapd-dcm4chee as ARCHIVE_HOST (DICOM_HOST is not read)', async () => {
    const r = await recipe(name);
    const ldap = r.compose.services.ldap;
    if (!ldap) return;
    expect(ldap.environment?.DICOM_HOST).toBeUndefined();
    expect(ldap.environment?.ARCHIVE_HOST).toBe('127.0.0.1');
  });
});

describe('recipe README', () => {
  it.each(Object.keys(CASES) as CaseName[])(
    '%s: the file table lists every file the recipe ships',
    async (name) => {
      const r = await recipe(name);
      const readme = r.files.get('README.md') as string;
      for (const path of [...r.files.keys()].filter((p) => p !== 'README.md'))
        expect(readme, path).toContain(`| \`${path}\` |`);
    },
  );
});

describe('pinned images', () => {
  it('every pin records the upstream material it was checked against', () => {
    for (const [role, pin] of Object.entries(IMAGE_PINS)) {
      expect(pin.image, role).toMatch(/^[a-z0-9./-]+:(?!latest$)[A-Za-z0-9._-]+$/);
      expect(pin.source.length, role).toBeGreaterThan(40);
    }
  });

  it('no pin is older than the release that fixed a known vulnerability or left support', () => {
    const version = (image: string) => parseVersion(image.split(':')[1]?.replace(/^v/, '') ?? '');
    expect(atLeast(version(IMAGE_PINS.nginx.image), '1.30.3')).toBe(true); // CVE-2026-42055, -48142
    expect(atLeast(version(IMAGE_PINS.keycloak.image), '26.4.7')).toBe(true); // CVE-2025-13467
    expect(atLeast(version(IMAGE_PINS.node.image), '22')).toBe(true); // Node.js 20: end of life
    // The dcm4chee 5.35 reference compose runs its database on postgres-dcm4chee 18.3-35.
    expect(IMAGE_PINS.dcm4cheeDb.image).toBe('dcm4che/postgres-dcm4chee:18.3-35');
  });

  it('images whose Dockerfile steps run in our builds are the Debian flavour (apt-get, not apk)', () => {
    for (const role of ['nginx', 'node'] as const)
      expect(IMAGE_PINS[role].image, role).not.toMatch(/alpine/);
  });
});
