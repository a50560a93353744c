import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSeries, type Series } from '@ohif-recipes/testing/e2e';
import { tempDir } from '@ohif-recipes/testing';
import { startE2eStack, stowSeries, type E2eStack } from './stack.js';

const LOAD_SECONDS = Number(process.env.LOAD_SECONDS ?? 15);
const LOAD_CONNECTIONS = 32;

/**
 * Real processes, real failures: Orthanc killed and restarted under a running nginx,
 * nginx up before Orthanc, kill -9 with data on disk, and a bounded load.
 */
describe('resilience of the native nginx-orthanc stack', () => {
  const dcm = tempDir('e2e-resilience');
  let s: E2eStack;
  let series: Series;
  const qido = () => `${s.origin}${s.roots.qidoRoot}/studies?StudyInstanceUID=${series.studyUid}`;

  beforeAll(async () => {
    s = await startE2eStack('nginx-orthanc');
    series = makeSeries(join(dcm.path, 's'), 8, 'RECIPES^RESILIENCE');
    expect((await stowSeries(s, series)).status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await s?.close();
    dcm.remove();
  });

  it('Orthanc killed: nginx answers a clear 503 within 2 s; restarted: requests succeed without reloading nginx', async () => {
    await s.stack.kill('orthanc', 'SIGKILL');
    const t0 = Date.now();
    const down = await fetch(qido(), { signal: AbortSignal.timeout(5_000) });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(await down.json()).toEqual({
      error: 'The PACS is not reachable right now. Retry in a few seconds.',
    });
    const nginxPid = s.stack.processes.find((p) => p.name === 'nginx')?.pid;
    await s.stack.start('orthanc');
    expect(s.stack.processes.find((p) => p.name === 'nginx')?.pid).toBe(nginxPid);
    const up = await fetch(qido());
    expect(up.status).toBe(200);
    expect(((await up.json()) as unknown[]).length).toBe(1);
  });

  it('data stored before an Orthanc kill -9 is all there after the restart', async () => {
    const more = makeSeries(join(dcm.path, 'more'), 5, 'RECIPES^KILL9');
    expect((await stowSeries(s, more)).status).toBe(200);
    await s.stack.kill('orthanc', 'SIGKILL');
    await s.stack.start('orthanc');
    for (const x of [series, more]) {
      const r = await fetch(
        `${s.origin}${s.roots.wadoRoot}/studies/${x.studyUid}/series/${x.seriesUid}/metadata`,
      );
      expect(r.status).toBe(200);
      expect(((await r.json()) as unknown[]).length).toBe(x.instances.length);
    }
  });

  it('nginx started before Orthanc works as soon as Orthanc is up', async () => {
    await s.stack.kill('nginx');
    await s.stack.kill('orthanc');
    await s.stack.start('nginx');
    expect((await fetch(qido())).status).toBe(503);
    await s.stack.start('orthanc');
    expect((await fetch(qido())).status).toBe(200);
  });

  it(`a bounded load (${LOAD_SECONDS} s, ${LOAD_CONNECTIONS} connections) on QIDO-RS and WADO-RS through nginx gives no errors`, async () => {
    const first = series.instances[0] as Series['instances'][number];
    const urls = [
      qido(),
      `${s.origin}${s.roots.wadoRoot}/studies/${series.studyUid}/series/${series.seriesUid}/instances/${first.sopUid}/frames/1`,
    ];
    const deadline = Date.now() + LOAD_SECONDS * 1000;
    const errors: string[] = [];
    let done = 0;
    await Promise.all(
      Array.from({ length: LOAD_CONNECTIONS }, async (_, c) => {
        for (let i = 0; Date.now() < deadline; i++) {
          const url = urls[(c + i) % urls.length] as string;
          try {
            const r = await fetch(url, {
              headers: {
                Accept: url.includes('/frames/')
                  ? 'multipart/related; type=application/octet-stream; transfer-syntax=*'
                  : 'application/dicom+json',
              },
            });
            await r.arrayBuffer();
            if (r.status !== 200) errors.push(`${r.status} ${url}`);
          } catch (e) {
            errors.push(`${(e as Error).message} ${url}`);
          }
          done++;
        }
      }),
    );
    expect(errors.slice(0, 5)).toEqual([]);
    expect(done).toBeGreaterThan(LOAD_SECONDS * 10);
    console.log(
      `load: ${done} requests in ${LOAD_SECONDS} s over ${LOAD_CONNECTIONS} connections, ${errors.length} errors`,
    );
  });
});
