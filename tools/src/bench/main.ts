/**
 * Side-by-side benchmark of a generated nginx-orthanc stack against a baseline profile
 * reproducing upstream's nginx (no-store, gzip 9 on the fly, no upstream keep-alive), on
 * the same Orthanc, data and OHIF files, in one run. Not a test: `npx nx run tools:bench`.
 *
 *   --seconds N   duration of each WADO-RS load phase (default 8)
 *   --out FILE    JSON results (default bench-results.json)
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { render } from '@ohif-recipes/nginx-dsl';
import { startNative, TEMP_PATHS } from '@ohif-recipes/recipes';
import { launchBrowser } from '../e2e/browser.js';
import { makeSeries } from '../e2e/dicom.js';
import { stow } from '../e2e/dicomweb.js';
import { NGINX_BIN } from '../testing/nginx.js';
import { freePort, waitForPort } from '../testing/ports.js';
import { startProcess } from '../testing/process.js';
import { tempDir } from '../testing/tmp.js';
import { baselineNginx } from './baseline.js';
import { nginxCpuSeconds } from './cpu.js';
import { load, type LoadResult } from './load.js';
import { newContext, visit, type VisitResult } from './visit.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    out: { type: 'string', default: 'bench-results.json' },
  },
});
const SECONDS = Number(values.seconds);
const log = (s: string) => process.stdout.write(`bench: ${s}\n`);

const tmp = tempDir('bench');
chmodSync(tmp.path, 0o755);
const port = await freePort();
const pacsPort = await freePort();
log('starting the generated stack (ohif-recipes up)...');
const stack = await startNative({
  variant: 'nginx-orthanc',
  port,
  pacsPort,
  stateDir: join(tmp.path, 'ours'),
  exposeDicom: 'none',
  log,
});
const baseDir = join(tmp.path, 'baseline');
mkdirSync(baseDir, { recursive: true });
const basePort = await freePort();
const asRoot = process.getuid?.() === 0;
writeFileSync(
  join(baseDir, 'nginx.conf'),
  render(
    baselineNginx({
      dir: baseDir,
      port: basePort,
      webRoot: join(stack.stateDir, 'web'),
      pacsPort,
      pacsPath: '/pacs/',
      ...(asRoot ? { workerUser: 'nobody nogroup' } : {}),
    }),
  ),
);
// The baseline's workers (nobody, when we are root) write their temp files here.
if (asRoot)
  for (const t of TEMP_PATHS) {
    mkdirSync(join(baseDir, t), { recursive: true });
    chmodSync(join(baseDir, t), 0o777);
  }
chmodSync(baseDir, 0o755);
const baseline = startProcess(
  NGINX_BIN,
  [
    '-p',
    baseDir,
    '-e',
    join(baseDir, 'error.log'),
    '-c',
    join(baseDir, 'nginx.conf'),
    '-g',
    'daemon off;',
  ],
  join(baseDir, 'stdout.log'),
);
const { browser, close } = await launchBrowser();

try {
  await waitForPort(basePort);
  const series = makeSeries(join(tmp.path, 'dcm'), 32, 'BENCH^CT');
  const ours = `http://127.0.0.1:${port}`;
  const base = `http://127.0.0.1:${basePort}`;
  log(`storing ${series.instances.length} CT slices...`);
  await stow(
    `${ours}/pacs/dicom-web`,
    series.instances.map((i) => i.file),
  );

  const profiles = {
    ours: { origin: ours, pid: stack.processes.find((p) => p.name === 'nginx')?.pid as number },
    baseline: { origin: base, pid: baseline.pid },
  };
  const visits: Record<
    string,
    { first: VisitResult; repeat: VisitResult; firstVisitNginxCpuS: number }
  > = {};
  for (const [name, p] of Object.entries(profiles)) {
    log(`${name}: first and repeat visit in Chromium...`);
    const ctx = await newContext(browser);
    const url = `${p.origin}/viewer?StudyInstanceUIDs=${series.studyUid}`;
    const cpu0 = nginxCpuSeconds(p.pid);
    const first = await visit(ctx, url, '/pacs/');
    const firstVisitNginxCpuS = nginxCpuSeconds(p.pid) - cpu0;
    // Repeat visits: the third one runs with V8's code cache where the browser may keep it.
    const repeats = [
      await visit(ctx, url, '/pacs/'),
      await visit(ctx, url, '/pacs/'),
      await visit(ctx, url, '/pacs/'),
    ];
    const repeat = {
      ...(repeats[2] as VisitResult),
      timeToImageMs: Math.min(...repeats.map((r) => r.timeToImageMs)),
    };
    log(
      `${name}: repeat visits to first image: ${repeats.map((r) => r.timeToImageMs).join(', ')} ms`,
    );
    await ctx.close();
    visits[name] = { first, repeat, firstVisitNginxCpuS };
  }

  const frames = series.instances.map(
    (i) =>
      `/dicom-web/studies/${series.studyUid}/series/${series.seriesUid}/instances/${i.sopUid}/frames/1`,
  );
  const accept = { Accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*' };
  const wado: Record<string, LoadResult> = {};
  for (const c of [1, 16]) {
    for (const [name, prefix] of [
      ['nginx', `${ours}/pacs`],
      ['direct', `http://127.0.0.1:${pacsPort}`],
    ] as const) {
      log(`WADO-RS frames, ${name}, concurrency ${c}, ${SECONDS} s...`);
      wado[`${name}-c${c}`] = await load(
        frames.map((f) => `${prefix}${f}`),
        c,
        SECONDS,
        accept,
      );
    }
  }

  const o = visits.ours as (typeof visits)[string];
  const b = visits.baseline as (typeof visits)[string];
  const ratio = (x: number, y: number) => (y === 0 ? (x === 0 ? 1 : Infinity) : x / y);
  const rows: Array<[string, number, number, number, string]> = [
    [
      'repeat visit: static bytes',
      o.repeat.staticBytes,
      b.repeat.staticBytes,
      ratio(o.repeat.staticBytes, b.repeat.staticBytes),
      '<= 0.02',
    ],
    [
      'repeat visit: static requests to the network',
      o.repeat.staticRequests,
      b.repeat.staticRequests,
      ratio(o.repeat.staticRequests, b.repeat.staticRequests),
      '',
    ],
    [
      'first visit: nginx CPU seconds',
      o.firstVisitNginxCpuS,
      b.firstVisitNginxCpuS,
      ratio(o.firstVisitNginxCpuS, b.firstVisitNginxCpuS),
      '<= 0.10',
    ],
    [
      'first visit: static bytes',
      o.first.staticBytes,
      b.first.staticBytes,
      ratio(o.first.staticBytes, b.first.staticBytes),
      '<= 1',
    ],
    // DICOM prefetched before the first image varies from run to run: information only.
    [
      'first visit: all bytes (with DICOM)',
      o.first.totalBytes,
      b.first.totalBytes,
      ratio(o.first.totalBytes, b.first.totalBytes),
      '',
    ],
    [
      'first visit: time to first image (ms)',
      o.first.timeToImageMs,
      b.first.timeToImageMs,
      ratio(o.first.timeToImageMs, b.first.timeToImageMs),
      '',
    ],
    [
      'repeat visit: time to first image (ms)',
      o.repeat.timeToImageMs,
      b.repeat.timeToImageMs,
      ratio(o.repeat.timeToImageMs, b.repeat.timeToImageMs),
      '<= 0.5',
    ],
  ];
  const wadoRows: Array<[string, number, number, number, string]> = [1, 16].flatMap((c) => {
    const n = wado[`nginx-c${c}`] as LoadResult;
    const d = wado[`direct-c${c}`] as LoadResult;
    return [
      [
        `WADO-RS c=${c}: frames/s (nginx vs direct)`,
        n.rps,
        d.rps,
        ratio(n.rps, d.rps),
        c === 16 ? '>= 0.9' : '',
      ],
      [`WADO-RS c=${c}: p99 ms (nginx vs direct)`, n.p99Ms, d.p99Ms, ratio(n.p99Ms, d.p99Ms), ''],
    ] as Array<[string, number, number, number, string]>;
  });
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 3 : 1));
  const pass = (r: number, target: string) => {
    if (!target) return '';
    const [op, lim] = target.split(' ') as [string, string];
    return (op === '<=' ? r <= Number(lim) : r >= Number(lim)) ? 'met' : 'NOT met';
  };
  const lines = [
    '| measure | ours | baseline | ratio | target |',
    '| --- | ---: | ---: | ---: | --- |',
    ...[...rows, ...wadoRows].map(
      ([m, x, y, r, t]) =>
        `| ${m} | ${fmt(x)} | ${fmt(y)} | ${fmt(r)} | ${t ? `${t} ${pass(r, t)}` : ''} |`,
    ),
  ];
  process.stdout.write(
    `\n${lines.join('\n')}\n\n(WADO-RS rows: "ours" is through nginx, "baseline" is Orthanc directly.)\n`,
  );
  const out = resolve(values.out as string);
  writeFileSync(
    out,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        seconds: SECONDS,
        visits,
        wado,
        table: [...rows, ...wadoRows],
      },
      null,
      2,
    ),
  );
  log(`results written to ${out}`);
} finally {
  await close();
  await baseline.stop();
  await stack.stop();
  tmp.remove();
}
