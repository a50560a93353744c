/**
 * What compresses, and at what CPU cost: gzip levels and brotli qualities on the answers
 * OHIF fetches from our nginx-orthanc stack, side by side in one run. Not a test:
 * `npx nx run tools:bench-compression`.
 *
 *   --slices N    CT slices of the series (512x512, 16-bit; default 60)
 *
 * The answers, fetched uncompressed through nginx: the series metadata (DICOM JSON), the
 * frames as stored (JPEG-LS lossless, what OHIF asks for) and the same frames uncompressed
 * (explicit little endian, what a client that cannot decode JPEG-LS asks for). For each, the
 * bytes Orthanc sends today to a client that accepts gzip, then each level's bytes (a ratio
 * of the uncompressed answer) and CPU milliseconds per MiB of input, measured here.
 */
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fetchFor, makeCtSeries } from '@ohif-recipes/testing/e2e';
import { freePort, tempDir } from '@ohif-recipes/testing';
import { startNative } from '@ohif-recipes/recipes/runtime';
import { storeSeries } from './store.js';

const { values } = parseArgs({ options: { slices: { type: 'string', default: '60' } } });
const SLICES = Number(values.slices);
if (!Number.isInteger(SLICES) || SLICES < 1) {
  process.stderr.write('bench-compression: --slices must be a whole number >= 1\n');
  process.exit(2);
}
const log = (s: string) => process.stdout.write(`bench-compression: ${s}\n`);

const CODECS: Array<{ name: string; run: (b: Buffer) => Buffer }> = [
  ...[1, 4, 6, 9].map((level) => ({
    name: `gzip ${level}`,
    run: (b: Buffer) => gzipSync(b, { level }),
  })),
  ...[1, 4, 6, 9, 11].map((quality) => ({
    name: `brotli ${quality}`,
    run: (b: Buffer) =>
      brotliCompressSync(b, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: quality,
          [constants.BROTLI_PARAM_SIZE_HINT]: b.length,
        },
      }),
  })),
];

/** CPU milliseconds of this process while `f` runs. */
function cpuMs<T>(f: () => T): { result: T; ms: number } {
  const c0 = process.cpuUsage();
  const result = f();
  const c = process.cpuUsage(c0);
  return { result, ms: (c.user + c.system) / 1000 };
}

const tmp = tempDir('bench-compression');
// nginx's workers (www-data, when we are root) must reach the state folder inside.
chmodSync(tmp.path, 0o755);
const port = await freePort();
log('starting the generated stack (ohif-recipes up)...');
const stack = await startNative({
  spec: { variant: 'nginx-orthanc', dicom: { expose: 'none' } },
  port,
  stateDir: join(tmp.path, 'ours'),
  log: () => undefined,
});
try {
  const root = `http://127.0.0.1:${port}/pacs/dicom-web`;
  log(`making a ${SLICES}-slice 512x512 CT series and storing it...`);
  const series = makeCtSeries(join(tmp.path, 'ct'), SLICES, 'BENCH^COMPRESSION');
  await storeSeries(root, series);
  const base = `${root}/studies/${series.studyUid}/series/${series.seriesUid}`;
  const frames = (transferSyntax: string) =>
    series.instances.map(
      (i) =>
        [
          `${base}/instances/${i.sopUid}/frames/1`,
          `multipart/related; type=application/octet-stream; transfer-syntax=${transferSyntax}`,
        ] as const,
    );
  const kinds: Array<{ name: string; requests: ReadonlyArray<readonly [string, string]> }> = [
    {
      name: 'series metadata (DICOM JSON)',
      requests: [[`${base}/metadata`, 'application/dicom+json']],
    },
    { name: 'frames as stored (JPEG-LS)', requests: frames('*') },
    { name: 'frames uncompressed', requests: frames('1.2.840.10008.1.2.1') },
  ];
  // The bytes as they came (fetch would decode gzip).
  const raw = fetchFor();
  const body = async (url: string, accept: string, encoding: string) => {
    const r = await raw(url, { headers: { Accept: accept, 'Accept-Encoding': encoding } });
    if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
    return Buffer.from(await r.arrayBuffer());
  };
  const lines: string[] = [];
  for (const kind of kinds) {
    log(`fetching ${kind.name}...`);
    const plain: Buffer[] = [];
    let sentGzip = 0;
    for (const [url, accept] of kind.requests) {
      plain.push(await body(url, accept, 'identity'));
      sentGzip += (await body(url, accept, 'gzip')).length;
    }
    const total = plain.reduce((n, b) => n + b.length, 0);
    const mib = total / 2 ** 20;
    lines.push(
      `${kind.name}: ${(total / 2 ** 20).toFixed(2)} MiB in ${plain.length} answer(s); ` +
        `Orthanc sends ${(sentGzip / total).toFixed(3)}x to a client that accepts gzip`,
    );
    for (const codec of CODECS) {
      const { result, ms } = cpuMs(() => plain.reduce((n, b) => n + codec.run(b).length, 0));
      lines.push(
        `  ${codec.name.padEnd(10)} ${(result / total).toFixed(3)}x   ${(ms / mib).toFixed(0).padStart(5)} ms CPU per MiB`,
      );
    }
  }
  process.stdout.write(
    `\n${SLICES}-slice CT, each answer compressed on its own:\n${lines.join('\n')}\n`,
  );
} finally {
  await stack.stop();
  tmp.remove();
}
