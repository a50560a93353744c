import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSeries, type Series } from '@ohif-recipes/testing/e2e';
import { startE2eStack, stowSeries, type E2eStack } from './stack.js';

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
  let s: E2eStack;
  let series: Series;
  beforeAll(async () => {
    s = await startE2eStack('nginx-orthanc', '', { users: 'reader:local-users-pw' });
    series = makeSeries(join(s.dir, 'dcm'), 2, 'RECIPES^LOCAL');
    expect((await stowSeries(s, series)).status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it("the PACS's own port answers 401 without nginx's credential; through nginx the reader gets 200", async () => {
    const pacs = new URL(s.stack.pacs.readyUrl).origin;
    for (const path of ['/system', '/instances', '/dicom-web/studies', '/tools/log-level'])
      expect(statusAsNobody(`${pacs}${path}`), path).toBe(401);
    const viaNginx = await s.fetch(`${s.origin}${s.roots.qidoRoot}/studies`);
    expect(viaNginx.status).toBe(200);
    expect(((await viaNginx.json()) as unknown[]).length).toBe(1);
  });

  it("of the state directory, nobody reads only the web root: not the users files, not nginx's DICOMweb cache", async () => {
    // A frame through nginx, so the cache holds patient data.
    const frame = await s.fetch(
      `${s.origin}${s.roots.wadoRoot}/studies/${series.studyUid}/series/${series.seriesUid}/instances/${series.instances[0]?.sopUid}/frames/1`,
      { headers: { Accept: s.stack.model.dicomwebCache?.accept ?? '' } },
    );
    expect(frame.status).toBe(200);
    const cache = s.stack.model.dicomwebCache?.dir as string;
    expect(asNobody('find', cache, '-type', 'f').status).not.toBe(0);
    const state = s.stack.stateDir;
    const readable = asNobody('find', state, '-readable', '-type', 'f')
      .stdout.split('\n')
      .filter(Boolean)
      .map((f) => relative(state, f))
      .filter((f) => !f.startsWith('web/'))
      .sort();
    expect(readable).toEqual([]);
    // The DICOM files and Orthanc's index exist, and nobody can list or read them.
    const storage = s.stack.model.pacsServer.storageDir;
    expect(readdirSync(storage).length).toBeGreaterThan(0);
    expect(asNobody('ls', storage).status).not.toBe(0);
    expect(asNobody('cat', join(storage, 'index')).status).not.toBe(0);
    expect(asNobody('cat', join(state, 'secrets', 'pacs-password')).status).not.toBe(0);
  });
});
