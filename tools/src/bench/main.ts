/**
 * Side-by-side benchmark of a generated nginx-orthanc stack against a baseline profile
 * reproducing upstream's nginx (no-store, gzip 9 on the fly, no upstream keep-alive), on
 * the same Orthanc, data and OHIF files, in one run. Not a test: `npx nx run tools:bench`.
 *
 *   --seconds N   duration of each WADO-RS load phase (default 8)
 *   --repeats N   repeat visits per stack after the first (default 7, at least 2)
 *   --out FILE    JSON results (default bench-results.json)
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BrowserContext } from 'playwright-core';
import { launchProfile, makeSeries, stow } from '@ohif-recipes/testing/e2e';
import { startBenchStacks } from './stacks.js';
import { nginxCpuSeconds } from './cpu.js';
import { load, type LoadResult } from './load.js';
import { LINKS, steady, visit, type Link, type VisitResult } from './visit.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    repeats: { type: 'string', default: '7' },
    out: { type: 'string', default: 'bench-results.json' },
  },
});
const SECONDS = Number(values.seconds);
const REPEATS = Number(values.repeats);
if (!Number.isInteger(REPEATS) || REPEATS < 2) {
  process.stderr.write('bench: --repeats must be an integer >= 2 (visits 3.. are the hot ones)\n');
  process.exit(2);
}
const log = (s: string) => process.stdout.write(`bench: ${s}\n`);

const stacks = await startBenchStacks('bench', log);
const { tmp, stack, baseline, port, basePort, pacsPort } = stacks;
try {
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
  interface Visits {
    first: VisitResult;
    repeats: VisitResult[];
    repeat: VisitResult;
    firstVisitNginxCpuS: number;
  }
  type Stack = keyof typeof profiles;
  const STACKS = Object.keys(profiles) as Stack[];
  /**
   * Both stacks' visits over one link, interleaved (ours, baseline, baseline, ours, ...) so
   * that a slow spell of this machine falls on both sides alike.
   */
  const visitBoth = async (link: Link): Promise<Record<Stack, Visits>> => {
    log(`${link.name}: a first visit and ${REPEATS} repeat visits per stack, interleaved...`);
    const ctx = {} as Record<Stack, BrowserContext>;
    try {
      // A fresh on-disk profile per stack: a workstation browser, with its caches.
      for (const name of STACKS)
        ctx[name] = await launchProfile(join(tmp.path, `profile-${link.name}-${name}`));
      const url = (name: Stack) =>
        `${profiles[name].origin}/viewer?StudyInstanceUIDs=${series.studyUid}`;
      const once = (name: Stack) => visit(ctx[name], url(name), '/pacs/', link);
      const first = {} as Record<Stack, VisitResult>;
      const cpu = {} as Record<Stack, number>;
      for (const name of STACKS) {
        const cpu0 = nginxCpuSeconds(profiles[name].pid);
        first[name] = await once(name);
        cpu[name] = nginxCpuSeconds(profiles[name].pid) - cpu0;
      }
      const repeats: Record<Stack, VisitResult[]> = { ours: [], baseline: [] };
      for (let i = 0; i < REPEATS; i++)
        for (const name of i % 2 ? [...STACKS].reverse() : STACKS)
          repeats[name].push(await once(name));
      const result = {} as Record<Stack, Visits>;
      for (const name of STACKS) {
        log(
          `${link.name}, ${name}: first image after ${first[name].timeToImageMs} ms, then ${repeats[name].map((r) => r.timeToImageMs).join(', ')} ms`,
        );
        result[name] = {
          first: first[name],
          repeats: repeats[name],
          repeat: steady(repeats[name]),
          firstVisitNginxCpuS: cpu[name],
        };
      }
      return result;
    } finally {
      for (const c of Object.values(ctx)) await c.close();
    }
  };
  const visits: Record<string, Record<Stack, Visits>> = {};
  for (const link of LINKS) visits[link.name] = await visitBoth(link);

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
        // Straight to Orthanc: with the credential only nginx holds.
        name === 'direct' ? { ...accept, ...stack.pacsHeaders } : accept,
      );
    }
  }

  const ratio = (x: number, y: number) => (y === 0 ? (x === 0 ? 1 : Infinity) : x / y);
  type Row = [string, number, number, number, string];
  const visitRows = (link: Link): Row[] => {
    const { ours: o, baseline: b } = visits[link.name] as Record<Stack, Visits>;
    const row = (measure: string, pick: (v: Visits) => number, target = ''): Row => [
      link.emulate ? `${link.name}: ${measure}` : measure,
      pick(o),
      pick(b),
      ratio(pick(o), pick(b)),
      target,
    ];
    const timing: Row[] = [
      row('first visit: time to first image (ms)', (v) => v.first.timeToImageMs),
      row(
        '2nd visit (code cache being written): time to first image (ms)',
        (v) => (v.repeats[0] as VisitResult).timeToImageMs,
      ),
      row(
        'repeat visit (median of visits 3..): time to first image (ms)',
        (v) => v.repeat.timeToImageMs,
        '<= 0.5',
      ),
    ];
    if (link.emulate) return timing;
    return [
      row('repeat visit: static bytes', (v) => v.repeat.staticBytes, '<= 0.02'),
      row('repeat visit: static requests to the network', (v) => v.repeat.staticRequests),
      row('first visit: nginx CPU seconds', (v) => v.firstVisitNginxCpuS, '<= 0.10'),
      row('first visit: static bytes', (v) => v.first.staticBytes, '<= 1'),
      // DICOM prefetched before the first image varies from run to run: information only.
      row('first visit: all bytes (with DICOM)', (v) => v.first.totalBytes),
      ...timing,
    ];
  };
  const rows = LINKS.flatMap(visitRows);
  const wadoRows: Row[] = [1, 16].flatMap((c) => {
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
    ] as Row[];
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
    `\n${lines.join('\n')}\n\n${LINKS.filter((l) => l.emulate)
      .map((l) => `("${l.name}" rows: the same visits over an ${l.label} link.)\n`)
      .join('')}(WADO-RS rows: "ours" is through nginx, "baseline" is Orthanc directly.)\n`,
  );
  const out = resolve(values.out as string);
  writeFileSync(
    out,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        seconds: SECONDS,
        repeats: REPEATS,
        links: LINKS,
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
  await stacks.stop();
}
