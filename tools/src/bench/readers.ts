/**
 * Reading-room scenarios (issue "performance in the reading room"), ours vs the
 * upstream-style baseline (its own Orthanc with upstream's settings: files stored as
 * received, no frame cache), in one run. Not a test:
 * `npx nx run tools:bench-readers`.
 *
 *   --slices N    CT slices of the series (512x512, 16-bit; default 300)
 *   --clients N   concurrent readers of the many-readers scenario (default 8)
 *
 * Whole series, remote link: OHIF opens the study in Chromium over an emulated 40 Mbit/s
 * down, 20 ms RTT link and loads every frame of the series by itself (stack prefetch);
 * time from navigation until the last frame response, and bytes over the link.
 *
 * Second reader: the series fetched through nginx as OHIF fetches it (series metadata,
 * then every frame, 6 at a time as a browser's HTTP/1.1 connections allow), twice in a row;
 * time and Orthanc CPU seconds of each. Many readers: N clients fetching every frame of the
 * study at once; frames/s, p99 and Orthanc CPU seconds. The loopback readers use a second
 * series that OHIF has not opened, so the first of them finds our frame cache cold.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fetchFor, launchProfile, makeCtSeries, type Series } from '@ohif-recipes/testing/e2e';
import { freePort } from '@ohif-recipes/testing';
import { startNative } from '@ohif-recipes/recipes/runtime';
import { processCpuSeconds } from './cpu.js';
import { quantile } from './load.js';
import { startBenchStacks } from './stacks.js';
import { storeSeries } from './store.js';
import { LINKS } from './visit.js';

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
// What OHIF sends for frames and for series metadata.
const ACCEPT = { Accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*' };
const METADATA_ACCEPT = { Accept: 'application/dicom+json' };

/** One reader: the series metadata, then every frame, `concurrency` requests at a time. */
async function read(
  root: string,
  series: Series,
  concurrency: number,
): Promise<{ ms: number; bytes: number; latencies: number[]; errors: number }> {
  const t0 = performance.now();
  const base = `${root}/studies/${series.studyUid}/series/${series.seriesUid}`;
  const meta = await fetch(`${base}/metadata`, { headers: METADATA_ACCEPT });
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

/**
 * OHIF in a fresh Chromium profile over the emulated remote link: ms from navigation until
 * every frame of the series has arrived, and the bytes received (encoded, as on the wire).
 */
async function wholeSeries(
  origin: string,
  series: Series,
  profileDir: string,
  browser: Parameters<typeof launchProfile>[1] = {},
): Promise<{ ms: number; bytes: number; frames: number }> {
  const link = LINKS.find((l) => l.name === 'remote');
  const context = await launchProfile(profileDir, browser);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const emulate = link?.emulate as NonNullable<NonNullable<typeof link>['emulate']>;
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: emulate.latencyMs,
      downloadThroughput: (emulate.downMbps * 1e6) / 8,
      uploadThroughput: (emulate.upMbps * 1e6) / 8,
    });
    const urls = new Map<string, string>();
    let bytes = 0;
    let frames = 0;
    let lastFrameAt = 0;
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) => {
      bytes += e.encodedDataLength;
      if (/\/frames\//.test(urls.get(e.requestId) ?? '')) {
        frames++;
        lastFrameAt = performance.now();
      }
    });
    const t0 = performance.now();
    await page.goto(`${origin}/viewer?StudyInstanceUIDs=${series.studyUid}`, {
      waitUntil: 'commit',
    });
    const deadline = Date.now() + 15 * 60_000;
    while (frames < series.instances.length && Date.now() < deadline)
      await new Promise((w) => setTimeout(w, 250));
    if (frames < series.instances.length)
      throw new Error(`only ${frames} of ${series.instances.length} frames arrived in 15 minutes`);
    return { ms: lastFrameAt - t0, bytes, frames };
  } finally {
    await context.close();
  }
}

const p99 = (xs: number[]): number => quantile(xs, 0.99);

// The baseline has its own Orthanc, as upstream's recipe runs it: what each stores differs.
const stacks = await startBenchStacks('bench-readers', log, { ownPacs: true });
try {
  const pids = {
    ours: stacks.stack.processes.find((p) => p.name === 'orthanc')?.pid as number,
    baseline: stacks.basePacs?.process.pid as number,
  };
  const cpu = async <T>(
    who: keyof typeof pids,
    f: () => Promise<T>,
  ): Promise<{ result: T; cpuS: number }> => {
    const c0 = processCpuSeconds(pids[who]);
    const result = await f();
    return { result, cpuS: processCpuSeconds(pids[who]) - c0 };
  };
  const ours = `http://127.0.0.1:${stacks.port}/pacs/dicom-web`;
  const baseline = `http://127.0.0.1:${stacks.basePort}/pacs/dicom-web`;
  // Two series: the one OHIF opens, and one no reader has fetched yet for the loopback
  // readers (our frame cache starts cold for the first of them).
  const made = ['viewer', 'readers'].map((what) => {
    log(`making a ${SLICES}-slice 512x512 CT series (${what})...`);
    return makeCtSeries(join(stacks.tmp.path, `ct-${what}`), SLICES, `BENCH^${what.toUpperCase()}`);
  });
  const [series, cold] = made as [Series, Series];
  for (const [name, root] of [
    ['baseline', baseline],
    ['ours', ours],
  ] as const) {
    log(`storing both through ${name}'s nginx...`);
    for (const s of made) await storeSeries(root, s);
  }

  const rows: string[] = [];
  const whole: Record<string, { ms: number; bytes: number }> = {};
  for (const [name, origin] of [
    ['baseline', `http://127.0.0.1:${stacks.basePort}`],
    ['ours', `http://127.0.0.1:${stacks.port}`],
  ] as const) {
    log(`${name}: OHIF loads the whole series over the emulated remote link...`);
    whole[name] = await wholeSeries(origin, series, join(stacks.tmp.path, `profile-${name}`));
    log(
      `${name}: every frame after ${(whole[name].ms / 1000).toFixed(1)} s, ${(whole[name].bytes / 2 ** 20).toFixed(1)} MiB over the link`,
    );
  }
  // HTTP/2 where TLS is on: our stack again with --tls; OHIF opens one series with Chromium
  // held to HTTP/1.1 (six connections) and another, equally cold, with HTTP/2.
  log('starting our stack with TLS (self-signed) for the HTTP/2 lever...');
  const tlsPort = await freePort();
  const tls = await startNative({
    spec: { variant: 'nginx-orthanc', tls: true, httpsPort: tlsPort, dicom: { expose: 'none' } },
    port: tlsPort,
    stateDir: join(stacks.tmp.path, 'ours-tls'),
    log: () => undefined,
  });
  const h2: Record<string, { ms: number; bytes: number }> = {};
  try {
    const tlsOrigin = `https://127.0.0.1:${tlsPort}`;
    const tlsFetch = fetchFor({ ca: readFileSync(join(tls.stateDir, 'tls', 'tls.crt')) });
    for (const [name, args] of [
      ['HTTP/1.1', ['--disable-http2']],
      ['HTTP/2', []],
    ] as const) {
      const tag = name.replace(/\W/g, '');
      const fresh = makeCtSeries(join(stacks.tmp.path, `ct-${tag}`), SLICES, `BENCH^${tag}`);
      await storeSeries(`${tlsOrigin}/pacs/dicom-web`, fresh, tlsFetch);
      log(`ours over TLS, ${name}: OHIF loads the whole series over the emulated remote link...`);
      h2[name] = await wholeSeries(tlsOrigin, fresh, join(stacks.tmp.path, `profile-${tag}`), {
        args: [...args],
        ignoreHTTPSErrors: true,
      });
      log(`ours over TLS, ${name}: every frame after ${((h2[name]?.ms ?? 0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await tls.stop();
  }

  for (const [name, root] of [
    ['baseline', baseline],
    ['ours', ours],
  ] as const) {
    const first = await cpu(name, () => read(root, cold, 6));
    const second = await cpu(name, () => read(root, cold, 6));
    const many = await cpu(name, async () => {
      const t0 = performance.now();
      const all = await Promise.all(Array.from({ length: CLIENTS }, () => read(root, cold, 6)));
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
  const w = (k: string) => whole[k] as { ms: number; bytes: number };
  process.stdout.write(
    `\n${SLICES}-slice CT, whole series in OHIF over 40 Mbit/s down, 20 ms RTT:\n` +
      `  baseline ${(w('baseline').ms / 1000).toFixed(1)} s, ${(w('baseline').bytes / 2 ** 20).toFixed(1)} MiB; ours ${(w('ours').ms / 1000).toFixed(1)} s, ${(w('ours').bytes / 2 ** 20).toFixed(1)} MiB` +
      ` (time ${(w('ours').ms / w('baseline').ms).toFixed(2)}x, bytes ${(w('ours').bytes / w('baseline').bytes).toFixed(2)}x; targets <= 0.5x and <= 0.6x)\n` +
      `\nours over TLS, the same link: HTTP/1.1 ${((h2['HTTP/1.1']?.ms ?? 0) / 1000).toFixed(1)} s, HTTP/2 ${((h2['HTTP/2']?.ms ?? 0) / 1000).toFixed(1)} s (${((h2['HTTP/2']?.ms ?? 0) / (h2['HTTP/1.1']?.ms ?? 1)).toFixed(2)}x)\n` +
      `\n${SLICES}-slice CT, loopback, HTTP/1.1, 6 requests at a time per reader:\n${rows.map((r) => `  ${r}`).join('\n')}\n` +
      'targets: second reader <= 0.3x the first with Orthanc CPU <= 10 %; many readers >= 3x the baseline frames/s at equal or lower p99\n',
  );
} finally {
  await stacks.stop();
}
