import { readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFor, makeSeries, stow, type Series } from '@ohif-recipes/testing/e2e';
import type { DicomwebCache, SeriesMetadataCache } from '../../src/model/route-model.js';
import { WORKER } from '../../src/runtime/state-dir.js';
import { orthancId, startE2eStack, stowSeries, type E2eStack } from './stack.js';

const READER = 'reader:dicomweb-cache-pw';
const ADMIN = 'admin:dicomweb-cache-admin-pw';

/**
 * nginx's DICOMweb cache on the live native stack (--auth basic): what it serves from disk,
 * that authentication runs before it, that a delete through the proxy evicts frames, and
 * that a series' metadata is served from disk only while the series is stable.
 */
describe('the DICOMweb cache', () => {
  let s: E2eStack;
  let cache: DicomwebCache;
  const admin = fetchFor({ auth: ADMIN });
  const anonymous = fetchFor();
  beforeAll(async () => {
    s = await startE2eStack('nginx-orthanc', '', { users: READER, admins: ADMIN });
    cache = s.stack.model.dicomwebCache as DicomwebCache;
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  const frameUrl = (series: Series, i: number) =>
    `${s.origin}${s.roots.wadoRoot}/studies/${series.studyUid}/series/${series.seriesUid}/instances/${series.instances[i]?.sopUid}/frames/1`;
  const get = async (url: string, headers: Record<string, string> = {}, f = s.fetch) => {
    const r = await f(url, { headers: { Accept: cache.accept, ...headers } });
    return {
      status: r.status,
      cache: r.headers.get('x-cache-status'),
      encoding: r.headers.get('content-encoding'),
      body: Buffer.from(await r.arrayBuffer()),
    };
  };
  const stored = async (name: string, count: number) => {
    const series = makeSeries(join(s.dir, name), count, `RECIPES^${name.toUpperCase()}`);
    expect((await stowSeries(s, series)).status).toBe(200);
    return series;
  };
  /** Orthanc's id of a UID, through the PACS route as an administrator. */
  const idOf = (uid: string) => orthancId(admin, `${s.origin}/pacs/`, uid);
  /** Polls until every URL answers 404 in both encodings; ms it took. */
  const until404 = async (urls: string[]) => {
    const t0 = Date.now();
    for (;;) {
      const statuses = await Promise.all(
        urls.flatMap((u) =>
          ['gzip', 'identity'].map(async (e) => (await get(u, { 'Accept-Encoding': e })).status),
        ),
      );
      if (statuses.every((x) => x === 404)) return Date.now() - t0;
      if (Date.now() - t0 > 5_000) throw new Error(`still served after 5 s: ${statuses.join(' ')}`);
      await new Promise((w) => setTimeout(w, 20));
    }
  };

  it('serves a frame again from disk without asking Orthanc, per encoding, byte for byte', async () => {
    const series = await stored('cached', 2);
    const url = frameUrl(series, 0);
    const log = join(s.stack.stateDir, 'logs', 'nginx-access.log');
    for (const encoding of ['gzip', 'identity']) {
      const first = await get(url, { 'Accept-Encoding': encoding });
      expect([first.status, first.cache]).toEqual([200, 'MISS']);
      expect(first.encoding).toBe(encoding === 'gzip' ? 'gzip' : null);
      const mark = readFileSync(log, 'utf8').length;
      const again = await get(url, { 'Accept-Encoding': encoding });
      expect([again.status, again.cache]).toEqual([200, 'HIT']);
      expect(again.body.equals(first.body)).toBe(true);
      // The hit never reached Orthanc.
      expect(readFileSync(log, 'utf8').slice(mark)).toMatch(/ 200 \d+ .* upstream=- /);
    }
    // Another transfer syntax is the PACS's to answer: never cached.
    const explicit = await get(url, {
      Accept:
        'multipart/related; type=application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1',
    });
    expect([explicit.status, explicit.cache]).toEqual([200, 'BYPASS']);
    // On disk, readable by nginx's workers only.
    const dir = statSync(cache.dir);
    expect(dir.mode & 0o777).toBe(0o700);
    if (process.getuid?.() === 0)
      expect(dir.uid).toBe(Number(execFileSync('id', ['-u', WORKER.user], { encoding: 'utf8' })));
  });

  it('a cached frame is never served to a request that fails authentication', async () => {
    const series = await stored('private', 1);
    const url = frameUrl(series, 0);
    const cached = await get(url);
    expect(cached.status).toBe(200);
    expect((await get(url)).cache).toBe('HIT');
    for (const [who, f] of [
      ['anonymous', anonymous],
      ['a wrong password', fetchFor({ auth: 'reader:wrong' })],
      ['an unknown user', fetchFor({ auth: 'mallory:dicomweb-cache-pw' })],
    ] as const) {
      const r = await get(url, {}, f);
      expect(r.status, who).toBe(401);
      expect(r.cache, who).toBeNull();
      expect(r.body.includes(cached.body.subarray(0, 64)), who).toBe(false);
    }
    expect((await get(url, {}, admin)).cache).toBe('HIT');
  });

  it('deleting an instance or a study through the proxy evicts its frames', async () => {
    const series = await stored('deleted', 3);
    const urls = series.instances.map((_, i) => frameUrl(series, i));
    for (const u of urls)
      for (const e of ['gzip', 'identity']) {
        await get(u, { 'Accept-Encoding': e });
        expect((await get(u, { 'Accept-Encoding': e })).cache).toBe('HIT');
      }
    // One instance: its frames only.
    const remove = async (level: string, uid: string) =>
      (await admin(`${s.origin}/pacs/${level}/${await idOf(uid)}`, { method: 'DELETE' })).status;
    expect(await remove('instances', series.instances[0]?.sopUid as string)).toBe(200);
    const instanceMs = await until404([urls[0] as string]);
    expect((await get(urls[1] as string)).status).toBe(200);
    // The study: every remaining frame.
    expect(await remove('studies', series.studyUid)).toBe(200);
    const studyMs = await until404(urls.slice(1));
    console.log(
      `dicomweb cache: frames evicted ${instanceMs} ms after an instance's delete, ${studyMs} ms after a study's`,
    );
  });

  it('the eviction listener answers no patient data, and nothing without its token', async () => {
    const series = await stored('evict', 1);
    const url = frameUrl(series, 0);
    expect((await get(url)).status).toBe(200);
    const path = url.slice(`${s.origin}${s.roots.wadoRoot}/`.length);
    const r = await fetch(`${cache.evict.url}gzip/${path}`);
    const body = Buffer.from(await r.arrayBuffer());
    expect(r.headers.get('content-type')).toBe('image/gif');
    expect(body.length).toBeLessThan(64);
    const base = new URL(cache.evict.url).origin;
    expect((await fetch(`${base}/gzip/${path}`)).status).toBe(404);
    expect((await fetch(`${base}/${path}`)).status).toBe(404);
    // The frame is still there: an eviction of a frame that exists fetches it again.
    await new Promise((w) => setTimeout(w, 200));
    expect((await get(url)).status).toBe(200);
  });

  describe('series metadata', () => {
    const metadataUrl = (series: Series) =>
      `${s.origin}${s.roots.wadoRoot}/studies/${series.studyUid}/series/${series.seriesUid}/metadata`;
    const metadata = () => cache.metadata as SeriesMetadataCache;
    const read = async (series: Series, headers: Record<string, string> = {}, f = s.fetch) => {
      const r = await get(metadataUrl(series), { Accept: metadata().accept, ...headers }, f);
      const sops =
        r.status === 200
          ? (
              JSON.parse((r.encoding === 'gzip' ? gunzipSync(r.body) : r.body).toString()) as Array<
                Record<string, { Value?: string[] }>
              >
            )
              .map((i) => i['00080018']?.Value?.[0])
              .sort()
          : [];
      return { ...r, sops };
    };
    const sopsOf = (series: Series, n: number) =>
      series.instances
        .slice(0, n)
        .map((i) => i.sopUid)
        .sort();
    /** Polls until the series' metadata is no longer passed through; seconds it took. */
    const untilCached = async (series: Series) => {
      const t0 = Date.now();
      while ((await read(series)).cache === 'BYPASS') {
        if (Date.now() - t0 > 40_000) throw new Error('metadata still uncached after 40 s');
        await new Promise((w) => setTimeout(w, 250));
      }
      return (Date.now() - t0) / 1000;
    };
    const store = async (series: Series, from: number, to: number) =>
      (
        await stow(
          `${s.origin}${s.roots.wadoRoot}`,
          series.instances.slice(from, to).map((i) => i.file),
          s.fetch,
        )
      ).status;

    it('is kept once the series is stable, and a new instance is in the very next answer', async () => {
      const series = makeSeries(join(s.dir, 'metadata'), 3, 'RECIPES^METADATA');
      expect(await store(series, 0, 2)).toBe(200);
      // Arriving: passed through, complete.
      const arriving = await read(series);
      expect([arriving.status, arriving.cache, arriving.sops]).toEqual([
        200,
        'BYPASS',
        sopsOf(series, 2),
      ]);
      const stableAfter = await untilCached(series);
      const log = join(s.stack.stateDir, 'logs', 'nginx-access.log');
      for (const encoding of ['gzip', 'identity']) {
        const first = await read(series, { 'Accept-Encoding': encoding });
        expect(first.sops).toEqual(sopsOf(series, 2));
        const mark = readFileSync(log, 'utf8').length;
        const again = await read(series, { 'Accept-Encoding': encoding });
        expect([again.status, again.cache]).toEqual([200, 'HIT']);
        expect(again.body.equals(first.body)).toBe(true);
        expect(readFileSync(log, 'utf8').slice(mark)).toMatch(/ 200 \d+ .* upstream=- /);
      }
      // Bulk-data URLs name the public origin (OHIF rewrites them under the PACS route),
      // whatever Host the reader sent: one cached answer serves every reader.
      const elsewhere = await new Promise<string>((done, fail) => {
        const u = new URL(metadataUrl(series));
        request(
          u,
          {
            headers: {
              Host: `elsewhere.invalid:${u.port}`,
              Accept: metadata().accept,
              Authorization: `Basic ${Buffer.from(READER).toString('base64')}`,
            },
          },
          (r) => {
            let body = '';
            r.on('data', (c: Buffer) => (body += c.toString()));
            r.on('end', () => done(body));
          },
        )
          .on('error', fail)
          .end();
      });
      expect(elsewhere).toContain(`"BulkDataURI" : "${s.origin}/dicom-web/`);
      expect(elsewhere).not.toContain('elsewhere.invalid');
      // Another Accept is Orthanc's to answer.
      expect((await read(series, { Accept: 'application/json' })).cache).toBe('BYPASS');
      // Authentication runs before the cache.
      const refused = await read(series, {}, anonymous);
      expect([refused.status, refused.cache]).toEqual([401, null]);
      expect(refused.body.includes(series.instances[0]?.sopUid as string)).toBe(false);

      // A copy of a stored instance changes nothing: still served from disk.
      expect(await store(series, 0, 1)).toBe(200);
      expect((await read(series)).cache).toBe('HIT');
      // A new instance: the next answer has it, and is not kept until the series is stable.
      expect(await store(series, 2, 3)).toBe(200);
      const grown = await read(series);
      expect([grown.cache, grown.sops]).toEqual(['BYPASS', sopsOf(series, 3)]);
      await untilCached(series);
      const kept = await read(series);
      expect([kept.cache, kept.sops]).toEqual(['HIT', sopsOf(series, 3)]);

      // A delete through the proxy: the next answer is without it.
      const sop = series.instances[2]?.sopUid as string;
      const id = await idOf(sop);
      expect((await admin(`${s.origin}/pacs/instances/${id}`, { method: 'DELETE' })).status).toBe(
        200,
      );
      const shrunk = await read(series);
      expect([shrunk.cache, shrunk.sops]).toEqual(['BYPASS', sopsOf(series, 2)]);
      // The marks are nginx's files, readable by its workers only.
      const dir = statSync(metadata().changingDir);
      expect(dir.mode & 0o777).toBe(0o700);
      console.log(`metadata cache: kept ${stableAfter.toFixed(1)} s after the series arrived`);
    }, 120_000);
  });
});
