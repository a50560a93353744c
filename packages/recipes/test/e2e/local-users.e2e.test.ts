import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFor, makeSeries, stow } from '@ohif-recipes/testing/e2e';
import { freePort, tempDir } from '@ohif-recipes/testing';
import { startNative, type NativeStack } from '../../src/runtime/native.js';

/** Runs `args` as the unprivileged user nobody (no supplementary groups). */
const asNobody = (...args: string[]) =>
  spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', ...args], {
    encoding: 'utf8',
    // From a folder nobody may enter, with a clean environment: the test worker's own
    // (NODE_CHANNEL_FD of its IPC channel, NODE_OPTIONS) must not reach the child.
    cwd: '/',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    timeout: 30_000,
  });

/**
 * The HTTP status nobody gets for `url` (0: no answer). A run that prints nothing at all
 * is tried again and then reported with its stderr; a wrong status fails at once.
 */
function statusAsNobody(url: string): number {
  let last = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = asNobody(
      process.execPath,
      '-e',
      // node:http rather than fetch: in one CI setup a fetch child exited 0 before settling.
      `require('node:http').get(${JSON.stringify(url)}, (r) => { console.log(r.statusCode); r.resume(); }).on('error', () => console.log(0))`,
    );
    if (/^\d+$/.test(r.stdout.trim())) return Number(r.stdout.trim());
    last = `exit ${r.status} signal ${r.signal}: ${r.stderr}`;
  }
  throw new Error(`node as nobody printed no status for ${url} (${last})`);
}

/**
 * No bypass of nginx on the machine: a local user without privileges (nobody) reaches
 * neither the PACS's API (Orthanc 1.10 listens on loopback for every local user, so it
 * takes a credential only nginx holds) nor its files (the state directory keeps data,
 * index, logs and secrets to its owner).
 */
describe.runIf(process.getuid?.() === 0)('a local user cannot bypass nginx', () => {
  const tmp = tempDir('e2e-local-users');
  chmodSync(tmp.path, 0o755);
  const USER = 'reader:local-users-pw';
  const asReader = fetchFor({ auth: USER });
  let stack: NativeStack;
  let origin: string;
  beforeAll(async () => {
    process.env.OHIF_BASIC_AUTH_USERS = USER;
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    stack = await startNative({
      spec: { variant: 'nginx-orthanc', auth: 'basic', dicom: { expose: 'none' } },
      port,
      stateDir: join(tmp.path, 'state'),
    });
    const series = makeSeries(join(tmp.path, 'dcm'), 2, 'RECIPES^LOCAL');
    const r = await stow(
      `${origin}/pacs/dicom-web`,
      series.instances.map((i) => i.file),
      asReader,
    );
    expect(r.status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    delete process.env.OHIF_BASIC_AUTH_USERS;
    await stack?.stop();
    tmp.remove();
  });

  it("the PACS's own port answers 401 without nginx's credential; through nginx the reader gets 200", async () => {
    const pacs = `http://127.0.0.1:${stack.model.pacsServer.httpPort}`;
    for (const path of ['/system', '/instances', '/dicom-web/studies', '/tools/log-level'])
      expect(statusAsNobody(`${pacs}${path}`), path).toBe(401);
    const viaNginx = await asReader(`${origin}/pacs/dicom-web/studies`);
    expect(viaNginx.status).toBe(200);
    expect(((await viaNginx.json()) as unknown[]).length).toBe(1);
  });

  it('of the state directory, nobody reads only the web root and the hashed users files', () => {
    const state = stack.stateDir;
    const readable = asNobody('find', state, '-readable', '-type', 'f')
      .stdout.split('\n')
      .filter(Boolean)
      .map((f) => relative(state, f))
      .filter((f) => !f.startsWith('web/'))
      .sort();
    expect(readable).toEqual(['auth/admins.htpasswd', 'auth/htpasswd']);
    // The DICOM files and Orthanc's index exist, and nobody can list or read them.
    const storage = stack.model.pacsServer.storageDir;
    expect(readdirSync(storage).length).toBeGreaterThan(0);
    expect(asNobody('ls', storage).status).not.toBe(0);
    expect(asNobody('cat', join(storage, 'index')).status).not.toBe(0);
    expect(asNobody('cat', join(state, 'secrets', 'pacs-password')).status).not.toBe(0);
  });
});
