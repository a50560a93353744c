import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSeries, stow } from '@ohif-recipes/testing/e2e';
import { tempDir } from '@ohif-recipes/testing';
import { alive } from '../../src/runtime/processes.js';
import { readRecord } from '../../src/runtime/supervisor.js';
import { cli, upDetached } from './stack.js';

const pidOf = (stateDir: string, name: string): number | undefined =>
  readRecord(stateDir)?.processes.find((p) => p.name === name)?.pid;

async function status(url: string): Promise<number> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
}

/**
 * `ohif-recipes up` as an operator leaves it running (--detach: a background supervisor),
 * and a server killed under it: nginx keeps serving the viewer and answers 503 for the
 * PACS, and the server comes back by itself.
 */
describe('up supervises its servers', () => {
  const tmp = tempDir('e2e-supervisor');
  chmodSync(tmp.path, 0o755);
  const started: string[] = [];
  afterAll(() => {
    for (const dir of started) cli('down', '--state-dir', dir);
    tmp.remove();
  });

  async function up(variant: string, name: string, ...extra: string[]) {
    const stateDir = join(tmp.path, name);
    started.push(stateDir);
    const { result, origin } = await upDetached(variant, stateDir, ...extra);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return { stateDir, origin };
  }

  for (const [variant, victim] of [
    ['nginx-orthanc', 'orthanc'],
    ['nginx-orthanc-postgres', 'postgres'],
  ] as const) {
    it(`${variant}: kill -9 ${victim} -> 503 within 2 s, the viewer still served, 200 again within 30 s with no action`, async () => {
      const { stateDir, origin } = await up(variant, victim);
      const series = makeSeries(join(tmp.path, `${victim}-dcm`), 2, 'RECIPES^SUPERVISOR');
      const stowed = await stow(
        `${origin}/pacs/dicom-web`,
        series.instances.map((i) => i.file),
      );
      expect(stowed.status).toBe(200);
      const qido = `${origin}/pacs/dicom-web/studies?StudyInstanceUID=${series.studyUid}`;
      const before = pidOf(stateDir, victim) as number;
      process.kill(before, 'SIGKILL');
      const t0 = Date.now();
      let seen = 200;
      while (Date.now() - t0 < 2_000 && seen === 200) seen = await status(qido);
      expect(seen, 'a failing PACS request within 2 s').toBe(503);
      expect(await status(`${origin}/`)).toBe(200);
      while (Date.now() - t0 < 30_000 && (await status(qido)) !== 200)
        await new Promise((r) => setTimeout(r, 200));
      const back = await fetch(qido);
      expect(back.status).toBe(200);
      expect(((await back.json()) as unknown[]).length).toBe(1);
      console.log(`${victim}: 200 again ${Date.now() - t0} ms after kill -9`);
      const after = pidOf(stateDir, victim);
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      expect(readFileSync(join(stateDir, 'logs', 'up.log'), 'utf8')).toMatch(
        new RegExp(`${victim} exited \\(SIGKILL\\) after \\d+ s; restarting in 1 s`),
      );
      const record = readRecord(stateDir);
      const down = cli('down', '--state-dir', stateDir);
      expect(down.status).toBe(0);
      for (const p of record?.processes ?? []) expect(alive(p.pid)).toBe(false);
      expect(alive(record?.supervisor as number)).toBe(false);
    });
  }

  it('the status line probes nginx and the PACS in a way that works with --auth basic and --tls', async () => {
    process.env.OHIF_BASIC_AUTH_USERS = 'reader:pw';
    try {
      const { stateDir } = await up('nginx-orthanc', 'auth-tls', '--auth', 'basic', '--tls');
      const log = join(stateDir, 'logs', 'up.log');
      const t0 = Date.now();
      while (Date.now() - t0 < 15_000 && !/nginx \w+ {2}orthanc/.test(readFileSync(log, 'utf8')))
        await new Promise((r) => setTimeout(r, 250));
      expect(readFileSync(log, 'utf8')).toMatch(/nginx ok {2}orthanc ok {2}studies 0/);
    } finally {
      delete process.env.OHIF_BASIC_AUTH_USERS;
    }
  });

  it('a second up on the same state dir is refused while the first runs', async () => {
    const { stateDir } = await up('nginx-orthanc', 'twice');
    const again = cli('up', 'nginx-orthanc', '--state-dir', stateDir, '--detach');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`fix: ohif-recipes down --state-dir ${stateDir}`);
  });
});
