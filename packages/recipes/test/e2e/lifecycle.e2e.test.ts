import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSeries, stow } from '@ohif-recipes/testing/e2e';
import { freePort, tempDir } from '@ohif-recipes/testing';
import { alive } from '../../src/runtime/processes.js';
import { startNative } from '../../src/runtime/native.js';
import { cli, upDetached } from './stack.js';

const BIN = fileURLToPath(new URL('../../bin/ohif-recipes.js', import.meta.url));

describe('ohif-recipes up / down', () => {
  const tmp = tempDir('e2e-lifecycle');
  chmodSync(tmp.path, 0o755);
  afterAll(() => tmp.remove());

  it('data in the state dir survives a restart', async () => {
    const stateDir = join(tmp.path, 'restart');
    const port = await freePort();
    const opts = {
      spec: { variant: 'nginx-orthanc', dicom: { expose: 'none' as const } },
      port,
      stateDir,
    };
    const series = makeSeries(join(tmp.path, 'dcm'), 3, 'RECIPES^RESTART');
    const first = await startNative(opts);
    try {
      expect(
        (
          await stow(
            `http://127.0.0.1:${port}/pacs/dicom-web`,
            series.instances.map((i) => i.file),
          )
        ).status,
      ).toBe(200);
    } finally {
      await first.stop();
    }
    expect(first.processes).toEqual([]);
    const second = await startNative(opts);
    try {
      const r = await fetch(
        `http://127.0.0.1:${port}/pacs/dicom-web/studies?StudyInstanceUID=${series.studyUid}`,
      );
      expect(((await r.json()) as unknown[]).length).toBe(1);
    } finally {
      await second.stop();
    }
  });

  it('--detach leaves the servers running with their URLs printed; down stops them by PID', async () => {
    const stateDir = join(tmp.path, 'detached');
    const { result: up, port } = await upDetached('nginx-orthanc', stateDir);
    expect(up.stderr).toBe('');
    expect(up.status).toBe(0);
    expect(up.stdout).toContain(
      `Viewer                                   http://127.0.0.1:${port}/`,
    );
    expect(up.stdout).toContain(
      `DICOMweb root (QIDO-RS/WADO-RS/STOW-RS)  http://127.0.0.1:${port}/pacs/dicom-web`,
    );
    expect(up.stdout).toContain(`ohif-recipes down --state-dir ${stateDir}`);
    const { processes } = JSON.parse(readFileSync(join(stateDir, 'run', 'stack.json'), 'utf8')) as {
      processes: Array<{ pid: number }>;
    };
    expect(processes).toHaveLength(2);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    const down = cli('down', '--state-dir', stateDir);
    expect(down.status).toBe(0);
    expect(down.stdout).toMatch(/stopped nginx \(pid \d+\), orthanc \(pid \d+\)/);
    for (const p of processes) expect(alive(p.pid)).toBe(false);
    expect(cli('down', '--state-dir', stateDir).stdout).toContain('nothing was running');
  });

  it('clear messages: busy port, no native PACS, unreachable state dir', async () => {
    const port = await freePort();
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((res) => blocker.listen(port, '127.0.0.1', res));
    try {
      const r = cli(
        'up',
        'nginx-orthanc',
        '--port',
        String(port),
        '--state-dir',
        join(tmp.path, 'busy'),
      );
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        `ohif-recipes: port ${port} on 127.0.0.1 is in use; choose another with --port\n`,
      );
      // The DICOM port too, before anything starts (not after Orthanc's start-up timeout).
      const t0 = Date.now();
      const dicom = cli(
        'up',
        'nginx-orthanc',
        '--dicom-port',
        String(port),
        '--state-dir',
        join(tmp.path, 'busy-dicom'),
      );
      expect(dicom.status).toBe(2);
      expect(dicom.stderr).toBe(
        `ohif-recipes: port ${port} on 127.0.0.1 is in use; choose another with --dicom-port\n`,
      );
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      blocker.close();
    }
    const dcm = cli('up', 'nginx-dcm4chee', '--state-dir', join(tmp.path, 'dcm4chee'));
    expect(dcm.status).toBe(2);
    expect(dcm.stderr).toContain(
      'a native dcm4chee: dcm4chee has no Debian package: use the docker recipe (ohif-recipes generate)',
    );
    if (process.getuid?.() === 0) {
      const closed = join(tmp.path, 'closed');
      spawnSync('mkdir', ['-m', '700', closed]);
      const r = cli(
        'up',
        'nginx-orthanc',
        '--port',
        String(await freePort()),
        '--state-dir',
        join(closed, 'state'),
      );
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`nginx's worker user www-data cannot enter ${closed} (no o+x)`);
    }
    const noUsers = spawnSync(
      process.execPath,
      [
        BIN,
        'up',
        'nginx-orthanc',
        '--auth',
        'basic',
        '--port',
        String(await freePort()),
        '--state-dir',
        join(tmp.path, 'no-users'),
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, OHIF_BASIC_AUTH_USERS: '' },
      },
    );
    expect(noUsers.status).toBe(2);
    expect(noUsers.stderr).toContain('OHIF_BASIC_AUTH_USERS is empty; set it to user:password');
    expect(cli('down', '--state-dir', join(tmp.path, 'never'))).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('no running stack recorded'),
    });
  });
});
