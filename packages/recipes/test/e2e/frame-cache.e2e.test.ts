import { readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFor, makeSeries, type Series } from '@ohif-recipes/testing/e2e';
import type { FrameCache } from '../../src/model/route-model.js';
import { WORKER } from '../../src/runtime/state-dir.js';
import { orthancId, startE2eStack, stowSeries, type E2eStack } from './stack.js';

const READER = 'reader:frame-cache-pw';
const ADMIN = 'admin:frame-cache-admin-pw';

/**
 * nginx's DICOMweb frame cache on the live native stack (--auth basic): what it serves from
 * disk, that authentication runs before it, and that a delete through the proxy evicts.
 */
describe('the DICOMweb frame cache', () => {
  let s: E2eStack;
  let cache: FrameCache;
  const admin = fetchFor({ auth: ADMIN });
  const anonymous = fetchFor();
  beforeAll(async () => {
    s = await startE2eStack('nginx-orthanc', '', { users: READER, admins: ADMIN });
    cache = s.stack.model.frameCache as FrameCache;
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
      ['an unknown user', fetchFor({ auth: 'mallory:frame-cache-pw' })],
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
      `frame cache: evicted ${instanceMs} ms after an instance's delete, ${studyMs} ms after a study's`,
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
});
