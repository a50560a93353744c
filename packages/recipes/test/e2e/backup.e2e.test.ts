import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSeries, stow, type Series } from '@ohif-recipes/testing/e2e';
import { freePort, tempDir } from '@ohif-recipes/testing';
import { NATIVE_DATA_DIRS } from '../../src/model/processes.js';
import { startNative, type NativeStack } from '../../src/runtime/native.js';
import { cli } from './stack.js';

/** What the PACS serves of a series through nginx: studies found, instances in its metadata. */
async function served(origin: string, s: Series): Promise<[number, number]> {
  const root = `${origin}/pacs/dicom-web`;
  const studies = (await (
    await fetch(`${root}/studies?StudyInstanceUID=${s.studyUid}`)
  ).json()) as unknown[];
  const meta = await fetch(`${root}/studies/${s.studyUid}/series/${s.seriesUid}/metadata`);
  return [studies.length, meta.ok ? ((await meta.json()) as unknown[]).length : 0];
}

/** Back up, wipe, restore, same studies served: Orthanc on SQLite, and on PostgreSQL. */
describe('ohif-recipes backup / restore of a native stack', () => {
  const tmp = tempDir('e2e-backup');
  chmodSync(tmp.path, 0o755);
  const running: NativeStack[] = [];
  afterAll(async () => {
    for (const s of running) await s.stop();
    tmp.remove();
  });

  for (const variant of ['nginx-orthanc', 'nginx-orthanc-postgres']) {
    it(`${variant}: back up, wipe, restore -> the same studies`, async () => {
      const stateDir = join(tmp.path, variant);
      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      const opts = {
        spec: { variant, dicom: { expose: 'none' as const } },
        port,
        stateDir,
      };
      const start = async () => {
        const s = await startNative(opts);
        running.push(s);
        return s;
      };
      const series = makeSeries(join(tmp.path, `${variant}-dcm`), 4, 'RECIPES^BACKUP');
      let stack = await start();
      const files = series.instances.map((i) => i.file);
      expect((await stow(`${origin}/pacs/dicom-web`, files)).status).toBe(200);
      expect(await served(origin, series)).toEqual([1, 4]);

      // A running stack is not backed up: its PACS writes on.
      const refused = cli('backup', '--state-dir', stateDir);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(`fix: ohif-recipes down --state-dir ${stateDir}`);
      await stack.stop();

      const file = join(tmp.path, `${variant}.tar.gz`);
      const b = cli('backup', '--state-dir', stateDir, '--to', file);
      expect(b.stderr).toBe('');
      expect(b.status).toBe(0);
      expect(b.stdout).toContain(`to ${file}`);

      // Wipe the data: the PACS starts empty.
      for (const d of Object.values(NATIVE_DATA_DIRS))
        rmSync(join(stateDir, d), { recursive: true, force: true });
      stack = await start();
      expect(await served(origin, series)).toEqual([0, 0]);
      await stack.stop();

      const r = cli('restore', file, '--state-dir', stateDir);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(readdirNames(stateDir)).not.toContain('.restore-');
      stack = await start();
      expect(await served(origin, series)).toEqual([1, 4]);
      await stack.stop();
    });
  }

  it('restore refuses a file that is not a backup, touching nothing', () => {
    const stateDir = join(tmp.path, 'refuse');
    const bogus = join(tmp.path, 'bogus.tar.gz');
    spawnSync('tar', ['-C', tmp.path, '-czf', bogus, 'nginx-orthanc-dcm']);
    const r = cli('restore', bogus, '--state-dir', stateDir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is not a backup of a state directory (it holds nginx-orthanc-dcm)');
    expect(existsSync(join(stateDir, NATIVE_DATA_DIRS.storage))).toBe(false);
  });
});

function readdirNames(dir: string): string {
  return spawnSync('ls', ['-a', dir], { encoding: 'utf8' }).stdout;
}
