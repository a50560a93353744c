/**
 * Reading-room scenarios (issue "performance in the reading room"), ours vs the
 * upstream-style baseline on one Orthanc, in one run. Not a test:
 * `npx nx run tools:bench-readers`.
 *
 *   --slices N    CT slices of the series (512x512, 16-bit; default 300)
 *   --clients N   concurrent readers of the many-readers scenario (default 8)
 *
 * Second reader: the series fetched through nginx as OHIF fetches it (series metadata,
 * then every frame, 6 at a time as a browser's HTTP/1.1 connections allow), twice in a row;
 * time and Orthanc CPU seconds of each. Many readers: N clients fetching every frame of the
 * study at once; frames/s, p99 and Orthanc CPU seconds.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeCtSeries, stow, type Series } from '@ohif-recipes/testing/e2e';
import { processCpuSeconds } from './cpu.js';
import { startBenchStacks } from './stacks.js';

const { values } = parseArgs({
  options: {
    slices: { type: 'string', default: '300' },
    clients: { type: 'string', default: '8' },
  },
});
const SLICES = Number(values.slices);
const CLIENTS = Number(values.clients);
for (const [flag, v] of [
  ['--slices', SLICES],
  ['--clients', CLIENTS],
] as const)
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`bench-readers: ${flag} must be a whole number >= 1\n`);
    process.exit(2);
  }
const log = (s: string) => process.stdout.write(`bench-readers: ${s}\n`);
const ACCEPT = { Accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*' };

/** One reader: the series metadata, then every frame, `concurrency` requests at a time. */
async function read(
  root: string,
  series: Series,
  concurrency: number,
): Promise<{ ms: number; bytes: number; latencies: number[]; errors: number }> {
  const t0 = performance.now();
  const base = `${root}/studies/${series.studyUid}/series/${series.seriesUid}`;
  const meta = await fetch(`${base}/metadata`);
  let bytes = (await meta.arrayBuffer()).byteLength;
  let errors = meta.status === 200 ? 0 : 1;
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < series.instances.length) {
        const i = series.instances[next++] as Series['instances'][number];
        const t = performance.now();
        const r = await fetch(`${base}/instances/${i.sopUid}/frames/1`, { headers: ACCEPT });
        // Read first: `bytes += await ...` would add to the value read before the wait.
        const body = await r.arrayBuffer();
        bytes += body.byteLength;
        if (r.status !== 200) errors++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { ms: performance.now() - t0, bytes, latencies, errors };
}

const p99 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(0.99 * s.length))] ?? 0;
};

const stacks = await startBenchStacks('bench-readers', log);
try {
  const orthanc = stacks.stack.processes.find((p) => p.name === 'orthanc')?.pid as number;
  const cpu = async <T>(f: () => Promise<T>): Promise<{ result: T; cpuS: number }> => {
    const c0 = processCpuSeconds(orthanc);
    const result = await f();
    return { result, cpuS: processCpuSeconds(orthanc) - c0 };
  };
  log(`making a ${SLICES}-slice 512x512 CT series...`);
  const series = makeCtSeries(join(stacks.tmp.path, 'ct'), SLICES, 'BENCH^READERS');
  const ours = `http://127.0.0.1:${stacks.port}/pacs/dicom-web`;
  const baseline = `http://127.0.0.1:${stacks.basePort}/pacs/dicom-web`;
  log('storing it through nginx...');
  for (let i = 0; i < series.instances.length; i += 25) {
    const r = await stow(
      ours,
      series.instances.slice(i, i + 25).map((x) => x.file),
    );
    if (r.status !== 200) throw new Error(`STOW-RS answered ${r.status}: ${r.text.slice(0, 200)}`);
  }

  const rows: string[] = [];
  for (const [name, root] of [
    ['baseline', baseline],
    ['ours', ours],
  ] as const) {
    const first = await cpu(() => read(root, series, 6));
    const second = await cpu(() => read(root, series, 6));
    const many = await cpu(async () => {
      const t0 = performance.now();
      const all = await Promise.all(Array.from({ length: CLIENTS }, () => read(root, series, 6)));
      return { ms: performance.now() - t0, all };
    });
    const frames = CLIENTS * SLICES;
    const latencies = many.result.all.flatMap((r) => r.latencies);
    const errors =
      [first, second].reduce((n, r) => n + r.result.errors, 0) +
      many.result.all.reduce((n, r) => n + r.errors, 0);
    rows.push(
      `${name.padEnd(9)} first ${first.result.ms.toFixed(0)} ms (Orthanc ${first.cpuS.toFixed(2)} s CPU, ${(first.result.bytes / 2 ** 20).toFixed(1)} MiB)  ` +
        `second ${second.result.ms.toFixed(0)} ms = ${(second.result.ms / first.result.ms).toFixed(2)}x (Orthanc ${second.cpuS.toFixed(2)} s = ${((100 * second.cpuS) / Math.max(first.cpuS, 0.01)).toFixed(0)} %)  ` +
        `${CLIENTS} readers ${((frames * 1000) / many.result.ms).toFixed(0)} frames/s, p99 ${p99(latencies).toFixed(0)} ms, Orthanc ${many.cpuS.toFixed(2)} s  errors ${errors}`,
    );
    log(rows.at(-1) as string);
  }
  process.stdout.write(
    `\n${SLICES}-slice CT, loopback, HTTP/1.1, 6 requests at a time per reader:\n${rows.map((r) => `  ${r}`).join('\n')}\n` +
      'targets: second reader <= 0.3x the first with Orthanc CPU <= 10 %; many readers >= 3x the baseline frames/s at equal or lower p99\n',
  );
} finally {
  await stacks.stop();
}
