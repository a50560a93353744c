/**
 * WADO-RS frames per second through nginx at concurrency 16, with one Orthanc and with the
 * scaled-out topology (N web replicas + 1 ingest on one PostgreSQL), measured side by side
 * in one run on the same data. Not a test: `npx nx run tools:bench-replicas`.
 *
 *   --replicas N  web replicas of the scaled stack (default 3)
 *   --seconds N   duration of each load phase (default 10)
 *   --rounds N    load phases per stack, alternating between the stacks (default 3)
 */
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { startNative, type NativeStack } from '@ohif-recipes/recipes/runtime';
import { makeSeries, stow } from '@ohif-recipes/testing/e2e';
import { freePort, tempDir } from '@ohif-recipes/testing';
import { load, quantile, type LoadResult } from './load.js';

const { values } = parseArgs({
  options: {
    replicas: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
  },
});
const REPLICAS = Number(values.replicas);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
for (const [flag, v, min] of [
  ['--replicas', REPLICAS, 2],
  ['--seconds', SECONDS, 1],
  ['--rounds', ROUNDS, 1],
] as const)
  if (!Number.isInteger(v) || v < min) {
    process.stderr.write(`bench-replicas: ${flag} must be an integer >= ${min}\n`);
    process.exit(2);
  }
const log = (s: string) => process.stdout.write(`bench-replicas: ${s}\n`);

const tmp = tempDir('bench-replicas');
chmodSync(tmp.path, 0o755);

async function start(
  name: string,
  replicas: number,
): Promise<{ stack: NativeStack; urls: string[] }> {
  log(`starting nginx-orthanc-postgres with ${replicas} web replica(s)...`);
  const stack = await startNative({
    spec: {
      variant: 'nginx-orthanc-postgres',
      orthancReplicas: replicas,
      dicom: { expose: 'none' },
    },
    port: await freePort(),
    stateDir: join(tmp.path, name),
    log: () => undefined,
  });
  const origin = new URL(stack.links[0]?.url as string).origin;
  const root = `${origin}${stack.model.dicomweb.wadoRoot}`;
  // 48 instances of a real CT slice: each frame request decodes nothing, reads a file and
  // the index, as OHIF's frame requests do.
  const series = makeSeries(join(tmp.path, `${name}-dcm`), 48, 'BENCH^REPLICAS');
  const r = await stow(
    root,
    series.instances.map((i) => i.file),
  );
  if (r.status !== 200) throw new Error(`STOW-RS answered ${r.status}: ${r.text.slice(0, 200)}`);
  const urls = series.instances.map(
    (i) =>
      `${root}/studies/${series.studyUid}/series/${series.seriesUid}/instances/${i.sopUid}/frames/1`,
  );
  return { stack, urls };
}

const single = await start('one', 1);
const scaled = await start('scaled', REPLICAS);
const results: Record<'one' | 'scaled', LoadResult[]> = { one: [], scaled: [] };
const headers = { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' };
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which stack goes first, so a slow spell of the machine falls on both.
    const order = round % 2 === 0 ? (['one', 'scaled'] as const) : (['scaled', 'one'] as const);
    for (const which of order) {
      const s = which === 'one' ? single : scaled;
      await load(s.urls, 16, 2, headers); // warm-up: connections, caches
      const r = await load(s.urls, 16, SECONDS, headers);
      results[which].push(r);
      log(
        `round ${round + 1} ${which}: ${r.rps.toFixed(0)} frames/s, p99 ${r.p99Ms.toFixed(1)} ms, ${r.errors} errors`,
      );
    }
  }
} finally {
  await single.stack.stop();
  await scaled.stack.stop();
  tmp.remove();
}

const median = (xs: number[]): number => quantile(xs, 0.5);
const one = median(results.one.map((r) => r.rps));
const many = median(results.scaled.map((r) => r.rps));
const p99 = (k: 'one' | 'scaled') => median(results[k].map((r) => r.p99Ms));
process.stdout.write(
  [
    '',
    `WADO-RS frames through nginx, concurrency 16, ${cpus().length} CPU cores, median of ${ROUNDS} phases of ${SECONDS} s:`,
    `  1 Orthanc:                 ${one.toFixed(0)} frames/s, p99 ${p99('one').toFixed(1)} ms`,
    `  ${REPLICAS} web replicas + ingest:  ${many.toFixed(0)} frames/s, p99 ${p99('scaled').toFixed(1)} ms`,
    `  ratio scaled / one:        ${(many / one).toFixed(2)}x`,
    `  errors: ${[...results.one, ...results.scaled].reduce((n, r) => n + r.errors, 0)}`,
    '',
  ].join('\n'),
);
