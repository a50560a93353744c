import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFor, launchBrowser, makeSeries, type Series } from '@ohif-recipes/testing/e2e';
import {
  containerEnv,
  ensureStandIns,
  removeLeftovers,
  run,
  startPodmanService,
  tempDir,
  type PodmanService,
} from '@ohif-recipes/testing';
import { IMAGES } from '../../src/versions.js';
import {
  checkBulkData,
  checkCStore,
  checkDicomWeb,
  checkRedirects,
  checkServedHeaders,
  checkViewerRenders,
} from '../e2e/checks.js';
import { orthancId, stowSeries } from '../e2e/stack.js';
import {
  BASIC_PASSWORD,
  BASIC_USER,
  PROJECT_PREFIX,
  startComposeStack,
  type ComposeOptions,
  type ComposeStack,
} from './compose-stack.js';

/**
 * The docker recipes run as their images run them: docker-compose (Debian's 1.29) drives
 * Podman through its Docker API, builds the generated Dockerfile (npm pack of the pinned
 * @ohif/app, prepare-dist, the unprivileged nginx stage) and starts the project. Upstream
 * images cannot be pulled here: every image is a STAND-IN built from Debian packages under
 * the pinned upstream name, implementing the contract in packages/testing/containers/<name>/CONTRACT.md.
 */
const log = (line: string) => process.stderr.write(`[containers] ${line}\n`);

let podman: PodmanService;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const work = tempDir('containers');

beforeAll(async () => {
  await ensureStandIns(IMAGES, log);
  removeLeftovers(PROJECT_PREFIX);
  podman = await startPodmanService(work.path);
  browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await podman?.stop();
  work.remove();
});

/** Starts a recipe for a describe block and stops it (compose down -v) afterwards. */
function composeStack(opts: ComposeOptions): () => ComposeStack {
  let stack: ComposeStack | undefined;
  beforeAll(async () => {
    stack = await startComposeStack(podman, opts, log);
  }, 600_000);
  afterAll(async () => {
    await stack?.close();
  }, 120_000);
  return () => stack as ComposeStack;
}

/** Waits until `probe` holds or throws after `timeoutMs`. */
async function until(
  what: string,
  probe: () => Promise<boolean> | boolean,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const studyCount = async (s: ComposeStack, series: Series): Promise<number> => {
  const r = await s.fetch(
    `${s.origin}${s.roots.qidoRoot}/studies?StudyInstanceUID=${series.studyUid}`,
  );
  return r.status === 200 ? ((await r.json()) as unknown[]).length : -1;
};

const expectRendered = (s: ComposeStack, series: Series, name: string) =>
  checkViewerRenders(browser.browser, s, series, `containers-${name}`);

describe('nginx-orthanc in containers (stand-in images), root deployment', () => {
  const stack = composeStack({ variant: 'nginx-orthanc' });
  const dcm = tempDir('containers-dicom');
  afterAll(() => dcm.remove());
  let stowed: Series;

  it('starts in dependency order: Orthanc healthy before the viewer starts', () => {
    const s = stack();
    const orthanc = s.inspect('orthanc');
    const viewer = s.inspect('viewer');
    expect(orthanc.State.Health?.Status).toBe('healthy');
    expect(viewer.State.Health?.Status).toBe('healthy');
    expect(Date.parse(viewer.State.StartedAt)).toBeGreaterThan(Date.parse(orthanc.State.StartedAt));
  });

  it('the viewer image runs nginx as uid 101 with its pid file in /tmp', () => {
    const s = stack();
    const ps = run('podman', [
      'exec',
      s.containerId('viewer'),
      'sh',
      '-c',
      'id -u; cat /tmp/nginx.pid',
    ]).stdout;
    expect(ps.split('\n')[0]).toBe('101');
    expect(Number(ps.split('\n')[1])).toBeGreaterThan(0);
  });

  it('publishes only on 127.0.0.1: the viewer port and the DICOM port, no Orthanc HTTP port', () => {
    const s = stack();
    const ports = run('podman', [
      'ps',
      '--filter',
      `label=com.docker.compose.project=${s.project}`,
      '--format',
      '{{.Names}} {{.Ports}}',
    ]).stdout;
    expect(ports).toContain(`127.0.0.1:${s.httpPort}->8080/tcp`);
    expect(ports).toContain(`127.0.0.1:${s.dicomPort}->${s.dicomPort}/tcp`);
    expect(ports).not.toMatch(/0\.0\.0\.0|8042/);
  });

  it("the app's headers and caching on the published port; a missing hashed file's 404 is not cached", async () => {
    await checkServedHeaders(stack());
  });

  it('redirects to a trailing slash stay on the published port', async () => {
    await checkRedirects(stack(), ['/pacs/']);
  });

  it('STOW-RS of 1.25 MB through /pacs/ (no 413), then QIDO-RS, WADO-RS and WADO-URI at the served roots', async () => {
    const s = stack();
    stowed = makeSeries(join(dcm.path, 'stow'), 32, 'CONTAINER^STOW');
    const r = await stowSeries(s, stowed);
    expect(r.bytes).toBeGreaterThan(1024 * 1024);
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    await checkDicomWeb(s, stowed);
  });

  it('bulk-data URLs, rewritten as the app config says, are under the proxied root and answer', async () => {
    expect((await checkBulkData(stack(), stowed)).length).toBeGreaterThan(0);
  });

  it("frames and stable series' metadata are cached in the viewer container; a study's delete through the proxy evicts them (Orthanc reaches viewer:8081)", async () => {
    const s = stack();
    const series = makeSeries(join(dcm.path, 'evict'), 2, 'CONTAINER^EVICT');
    expect((await stowSeries(s, series)).status).toBe(200);
    const accept = {
      Accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*',
    };
    const urls = series.instances.map(
      (i) =>
        `${s.origin}${s.roots.wadoRoot}/studies/${series.studyUid}/series/${series.seriesUid}/instances/${i.sopUid}/frames/1`,
    );
    for (const u of urls) {
      await (await s.fetch(u, { headers: accept })).arrayBuffer();
      const again = await s.fetch(u, { headers: accept });
      expect([again.status, again.headers.get('x-cache-status')]).toEqual([200, 'HIT']);
    }
    // Series metadata: marked changing by Orthanc's script through viewer:8081 as it arrived,
    // kept once the series is stable.
    const metadata = `${s.origin}${s.roots.wadoRoot}/studies/${series.studyUid}/series/${series.seriesUid}/metadata`;
    const status = async () => {
      const r = await s.fetch(metadata, { headers: { Accept: 'application/dicom+json' } });
      await r.arrayBuffer();
      return r.headers.get('x-cache-status');
    };
    expect(await status()).toBe('BYPASS');
    await until(
      "the stable series' metadata is served from the cache",
      async () => (await status()) === 'HIT',
      40_000,
    );
    const id = await orthancId(s.fetch, `${s.origin}${s.pacsPath}`, series.studyUid);
    const del = await s.fetch(`${s.origin}${s.pacsPath}studies/${id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    await until(
      'every frame of the deleted study answers 404',
      async () =>
        (
          await Promise.all(urls.map(async (u) => (await s.fetch(u, { headers: accept })).status))
        ).every((x) => x === 404),
      5_000,
    );
    expect(await status()).toBe('BYPASS');
  });

  it('C-STORE to the published DICOM port', async () => {
    const s = stack();
    await checkCStore(s, s.dicomPort, 'ORTHANC', join(dcm.path, 'cstore'), 'CONTAINER^DIMSE');
  });

  it('OHIF renders the study in Chromium through the published port (cross-origin isolated, no errors)', async () => {
    await expectRendered(stack(), stowed, 'orthanc-root');
  });

  it('data survives docker-compose down and up (named volume)', async () => {
    const s = stack();
    s.compose(['down', '--timeout', '10']);
    s.compose(['up', '-d']);
    await s.waitReady();
    expect(await studyCount(s, stowed)).toBe(1);
  });

  it('restart: unless-stopped brings back a container whose process was killed', async () => {
    const s = stack();
    const before = s.inspect('orthanc');
    // A crash, not a `docker stop`: SIGKILL to the container's main process from the host.
    process.kill(before.State.Pid, 'SIGKILL');
    const pacsDown = await until(
      'a 503 from nginx while Orthanc is down',
      async () => {
        const r = await s.fetch(`${s.origin}${s.pacsPath}system`);
        return r.status === 503 || r.status === 200;
      },
      10_000,
    );
    expect(pacsDown).toBeLessThan(10_000);
    await until(
      'Orthanc running again',
      () => {
        const now = s.inspect('orthanc');
        return now.State.Status === 'running' && now.State.Pid !== before.State.Pid;
      },
      60_000,
    );
    await s.waitReady();
    expect(await studyCount(s, stowed)).toBe(1);
  });
});

describe('nginx-orthanc in containers (stand-in images), sub-path /ohif/', () => {
  const stack = composeStack({ variant: 'nginx-orthanc', subPath: 'ohif/' });
  const dcm = tempDir('containers-dicom');
  afterAll(() => dcm.remove());

  it('redirects for /ohif and /ohif/pacs stay on the published port', async () => {
    await checkRedirects(stack(), ['/ohif/', '/ohif/pacs/']);
  });

  it("the app's headers and caching under the sub-path", async () => {
    await checkServedHeaders(stack());
  });

  it('STOW-RS, DICOMweb, bulk data and rendering under the sub-path', async () => {
    const s = stack();
    const series = makeSeries(join(dcm.path, 'stow'), 8, 'CONTAINER^SUBPATH');
    const r = await stowSeries(s, series);
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    await checkDicomWeb(s, series);
    expect((await checkBulkData(s, series)).length).toBeGreaterThan(0);
    await expectRendered(s, series, 'orthanc-subpath');
  });
});

// Without the DICOMweb cache: the nginx.conf the Kubernetes target ships (kubernetes.test.ts).
describe('nginx-orthanc-postgres in containers (stand-in images)', () => {
  const stack = composeStack({ variant: 'nginx-orthanc-postgres', dicomwebCache: '0' });
  const dcm = tempDir('containers-dicom');
  afterAll(() => dcm.remove());
  let series: Series;

  it('starts in dependency order: PostgreSQL healthy, then Orthanc healthy, then the viewer', () => {
    const s = stack();
    const [pg, orthanc, viewer] = ['postgres', 'orthanc', 'viewer'].map((n) => s.inspect(n));
    for (const c of [pg, orthanc, viewer]) expect(c?.State.Health?.Status).toBe('healthy');
    expect(Date.parse(orthanc?.State.StartedAt ?? '')).toBeGreaterThan(
      Date.parse(pg?.State.StartedAt ?? ''),
    );
    expect(Date.parse(viewer?.State.StartedAt ?? '')).toBeGreaterThan(
      Date.parse(orthanc?.State.StartedAt ?? ''),
    );
  });

  it('Orthanc keeps its index in PostgreSQL', async () => {
    const s = stack();
    series = makeSeries(join(dcm.path, 'stow'), 8, 'CONTAINER^POSTGRES');
    const r = await stowSeries(s, series);
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    await checkDicomWeb(s, series);
    const rows = run('podman', [
      'exec',
      s.containerId('postgres'),
      'psql',
      '-U',
      'orthanc',
      '-d',
      'orthanc',
      '-tAc',
      'SELECT count(*) FROM resources WHERE resourcetype = 3',
    ]).stdout.trim();
    expect(Number(rows)).toBe(8);
    const sqlite = spawnSync(
      'podman',
      ['exec', s.containerId('orthanc'), 'test', '-e', '/var/lib/orthanc/db/index'],
      {
        env: containerEnv(),
      },
    );
    expect(sqlite.status).not.toBe(0);
  });

  it('OHIF renders the study', async () => {
    await expectRendered(stack(), series, 'orthanc-postgres');
  });

  it('data survives down and up, and a killed PostgreSQL comes back by itself', async () => {
    const s = stack();
    s.compose(['down', '--timeout', '10']);
    s.compose(['up', '-d']);
    await s.waitReady();
    expect(await studyCount(s, series)).toBe(1);
    const pg = s.inspect('postgres');
    process.kill(pg.State.Pid, 'SIGKILL');
    await until(
      'PostgreSQL running again',
      () => s.inspect('postgres').State.Pid !== pg.State.Pid,
      60_000,
    );
    await until(
      'the study answers again through nginx',
      async () => (await studyCount(s, series)) === 1,
      90_000,
    );
  });
  it("the README's day-2 commands work: STOW-RS with curl, C-STORE with storescu, back up, remove the volumes, restore", async () => {
    const s = stack();
    const readme = readFileSync(join(s.dir, 'README.md'), 'utf8');
    const block = (after: string): string => {
      const m = /```sh\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf(after)));
      if (!m) throw new Error(`the README has no command block after ${after}`);
      return m[1] as string;
    };
    // The README says `docker compose`; this machine has Debian's docker-compose.
    const sh = (script: string) => {
      const r = spawnSync(
        'bash',
        ['-ec', `docker() { [ "$1" = compose ] && shift && docker-compose "$@"; }\n${script}`],
        { cwd: s.dir, encoding: 'utf8', env: { ...podman.env, COMPOSE_PROJECT_NAME: s.project } },
      );
      expect(r.status, `${script}\n${r.stdout}${r.stderr}`).toBe(0);
    };
    const byCurl = makeSeries(join(dcm.path, 'curl'), 1, 'CONTAINER^CURL');
    sh(block('**STOW-RS with curl**').replace('f=image.dcm', `f=${byCurl.instances[0]?.file}`));
    const byStorescu = makeSeries(join(dcm.path, 'storescu'), 3, 'CONTAINER^STORESCU');
    sh(block('**C-STORE**').replace('./studies/', join(dcm.path, 'storescu')));
    for (const x of [series, byCurl, byStorescu]) expect(await studyCount(s, x)).toBe(1);

    sh(block('### Back up'));
    await s.waitReady();
    s.compose(['down', '-v', '--timeout', '10']);
    s.compose(['up', '-d']);
    await s.waitReady();
    expect(await studyCount(s, series)).toBe(0);
    sh(block('### Restore'));
    await s.waitReady();
    for (const x of [series, byCurl, byStorescu]) expect(await studyCount(s, x)).toBe(1);
  });

  it('container logs are rotated (json-file, 10 MB x 5)', () => {
    const s = stack();
    for (const service of ['viewer', 'orthanc', 'postgres']) {
      const cfg = run('podman', [
        'inspect',
        s.containerId(service),
        '--format',
        '{{.HostConfig.LogConfig.Type}} {{.HostConfig.LogConfig.Size}}',
      ]).stdout.trim();
      expect(cfg, service).toMatch(/^(json-file|k8s-file) 10(MB|m)/i);
    }
  });
});

describe('nginx-orthanc --auth basic --tls in containers (stand-in images)', () => {
  const stack = composeStack({ variant: 'nginx-orthanc', auth: 'basic', tls: true });
  const dcm = tempDir('containers-dicom');
  afterAll(() => dcm.remove());

  it('HTTPS verifies against the certificate the container made; plain HTTP redirects to the public HTTPS origin', async () => {
    const s = stack();
    expect((await s.fetch(s.href)).status).toBe(200);
    const plain = await fetchFor()(`http://127.0.0.1:${s.httpPort}/pacs/system`);
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe(`${s.origin}/pacs/system`);
  });

  it('401 without credentials or with a wrong password, on the viewer and the PACS', async () => {
    const s = stack();
    const ca = Buffer.from(
      run('podman', ['exec', s.containerId('viewer'), 'cat', '/var/lib/ohif-recipes/tls/tls.crt'])
        .stdout,
    );
    for (const auth of [undefined, `${BASIC_USER}:wrong`]) {
      const f = fetchFor({ ca, ...(auth ? { auth } : {}) });
      for (const path of ['/', '/pacs/system', '/pacs/dicom-web/studies'])
        expect((await f(`${s.origin}${path}`)).status, `${path} as ${auth ?? 'nobody'}`).toBe(401);
    }
    expect(
      run('podman', ['exec', s.containerId('viewer'), 'cat', '/tmp/ohif-auth/htpasswd']).stdout,
    ).toMatch(new RegExp(`^${BASIC_USER}:\\$6\\$`));
    // .env held only the hash: the password is nowhere in the container's environment.
    const environment = run('podman', ['exec', s.containerId('viewer'), 'env']).stdout;
    expect(environment).toMatch(new RegExp(`OHIF_BASIC_AUTH_USERS=${BASIC_USER}:\\$6\\$`));
    expect(environment).not.toContain(BASIC_PASSWORD);
    // A viewer user is not a PACS administrator (none is configured in .env here).
    const reader = fetchFor({ ca, auth: `${BASIC_USER}:${BASIC_PASSWORD}` });
    expect((await reader(`${s.origin}/pacs/system`)).status).toBe(401);
    expect((await reader(`${s.origin}/pacs/dicom-web/studies`)).status).toBe(200);
  });

  it("the app's headers on HTTPS, DICOMweb and rendering with credentials", async () => {
    const s = stack();
    await checkServedHeaders(s);
    const series = makeSeries(join(dcm.path, 'stow'), 8, 'CONTAINER^SECURE');
    const r = await stowSeries(s, series);
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    await checkDicomWeb(s, series);
    await expectRendered(s, series, 'orthanc-secure');
  });

  it('the self-signed certificate survives recreating the container (named volume)', async () => {
    const s = stack();
    const fingerprint = () =>
      createHash('sha256')
        .update(
          run('podman', [
            'exec',
            s.containerId('viewer'),
            'cat',
            '/var/lib/ohif-recipes/tls/tls.crt',
          ]).stdout,
        )
        .digest('hex');
    const before = fingerprint();
    const id = s.containerId('viewer');
    s.compose(['up', '-d', '--force-recreate', 'viewer']);
    await s.waitReady();
    expect(s.containerId('viewer')).not.toBe(id);
    expect(fingerprint()).toBe(before);
    expect((await s.fetch(s.href)).status).toBe(200);
  });
});
