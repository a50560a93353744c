import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cStore, launchBrowser, makeSeries, type Series } from '@ohif-recipes/testing/e2e';
import { checkViewerRenders } from './checks.js';
import { startE2eStack, stowSeries, type E2eStack } from './stack.js';

const REPLICAS = 3;

/**
 * nginx-orthanc-postgres scaled out natively (`up --orthanc-replicas 3`): three web Orthancs
 * and one ingest Orthanc on one PostgreSQL index and one storage folder, behind nginx's
 * upstream. What the Kubernetes manifests rely on, proven on live servers.
 */
describe(`Orthanc scaled out: ${REPLICAS} web replicas + 1 ingest on one PostgreSQL`, () => {
  let s: E2eStack;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let stowed: Series;
  let stored: Series;

  beforeAll(async () => {
    // As `up` runs it: servers that exit or keep failing their health check are restarted.
    s = await startE2eStack(
      'nginx-orthanc-postgres',
      '',
      undefined,
      { orthancReplicas: REPLICAS },
      { restart: true },
    );
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  /** Each Orthanc process directly (with the credential only nginx holds). */
  const direct = (path: string, name: string) => {
    const server = s.stack.pacsServers.find((p) => p.name === name);
    const base = new URL(server?.readyUrl as string).origin;
    return fetch(`${base}${path}`, { headers: s.stack.pacsHeaders });
  };
  const names = () => s.stack.pacsServers.map((p) => p.name);

  it('runs one process per replica and an ingest process; only the ingest one receives DICOM', () => {
    expect(names()).toEqual(['orthanc-web-1', 'orthanc-web-2', 'orthanc-web-3', 'orthanc-ingest']);
    const config = (name: string) =>
      JSON.parse(
        readFileSync(join(s.stack.stateDir, 'recipe', 'config', `${name}.json`), 'utf8'),
      ) as Record<string, unknown> & { PostgreSQL: Record<string, unknown> };
    const ids = names().map((n) => config(n).DatabaseServerIdentifier);
    expect(new Set(ids).size).toBe(names().length);
    for (const n of names()) {
      expect(config(n).PostgreSQL).toMatchObject({ Lock: false, IndexConnectionsCount: 5 });
      expect(config(n).DicomServerEnabled).toBe(n === 'orthanc-ingest');
      expect(config(n).SaveJobs).toBe(n === 'orthanc-ingest');
    }
  });

  it('a study stored through STOW-RS via nginx and one by C-STORE to the ingest node: every replica serves both', async () => {
    stowed = makeSeries(join(s.dir, 'stow'), 4, 'SCALE^STOW');
    const r = await stowSeries(s, stowed);
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    stored = makeSeries(join(s.dir, 'cstore'), 3, 'SCALE^CSTORE');
    cStore(
      s.dicomPort,
      s.stack.dicom.aeTitle,
      stored.instances.map((i) => i.file),
    );
    for (const name of names())
      for (const series of [stowed, stored]) {
        const q = await direct(
          `/dicom-web/studies/${series.studyUid}/series/${series.seriesUid}/instances`,
          name,
        );
        expect(q.status, `${name} ${series.patientName}`).toBe(200);
        expect(((await q.json()) as unknown[]).length, `${name} ${series.patientName}`).toBe(
          series.instances.length,
        );
        // The files too: the shared storage folder holds every instance.
        const sop = series.instances[0]?.sopUid as string;
        const frame = await direct(
          `/dicom-web/studies/${series.studyUid}/series/${series.seriesUid}/instances/${sop}/frames/1`,
          name,
        );
        expect(frame.status, `${name} frame`).toBe(200);
      }
    // STOW-RS lands on any replica, and each knows only of its own arrivals: nginx caches
    // frames but passes series metadata through.
    expect(s.stack.model.dicomwebCache?.frame).toBeDefined();
    expect(s.stack.model.dicomwebCache?.metadata).toBeUndefined();
    const meta = await s.fetch(
      `${s.origin}${s.roots.wadoRoot}/studies/${stowed.studyUid}/series/${stowed.seriesUid}/metadata`,
      { headers: { Accept: 'application/dicom+json' } },
    );
    expect([meta.status, meta.headers.get('x-cache-status')]).toEqual([200, null]);
  });

  it('concurrent uploads through nginx give consistent counts on every replica (503s retried and reported)', async () => {
    const before = Number(
      ((await (await direct('/statistics', 'orthanc-web-1')).json()) as { CountInstances: number })
        .CountInstances,
    );
    const batches = Array.from({ length: 8 }, (_, i) =>
      makeSeries(join(s.dir, `concurrent-${i}`), 3, `SCALE^CONCURRENT${i}`),
    );
    let retried = 0;
    const statuses: number[] = [];
    await Promise.all(
      batches.map(async (series) => {
        for (let attempt = 0; attempt < 5; attempt++) {
          const r = await stowSeries(s, series);
          statuses.push(r.status);
          if (r.status !== 503) return;
          retried++;
          await new Promise((w) => setTimeout(w, 200 * (attempt + 1)));
        }
      }),
    );
    console.log(
      `concurrent STOW-RS: ${batches.length} requests, ${retried} answered 503 and retried, statuses ${statuses.join(' ')}`,
    );
    expect(statuses.filter((x) => x !== 200 && x !== 503)).toEqual([]);
    const expected = before + batches.length * 3;
    for (const name of names()) {
      const stats = (await (await direct('/statistics', name)).json()) as {
        CountInstances: number;
      };
      expect(stats.CountInstances, name).toBe(expected);
    }
  });

  it('kill -9 of one replica during a GET load through nginx: every request not yet answered moves to another replica; it rejoins after restart', async () => {
    const victim = 'orthanc-web-2';
    const port = new URL(s.stack.pacsServers.find((p) => p.name === victim)?.readyUrl as string)
      .port;
    const logs = join(s.stack.stateDir, 'logs');
    const since = (file: string, mark: number) =>
      readFileSync(join(logs, file), 'utf8').slice(mark);
    const marks = {
      error: readFileSync(join(logs, 'nginx-error.log'), 'utf8').length,
      access: readFileSync(join(logs, 'nginx-access.log'), 'utf8').length,
    };
    const url = `${s.origin}${s.roots.wadoRoot}/studies/${stowed.studyUid}/series/${stowed.seriesUid}/metadata`;
    const statuses: number[] = [];
    const cut: string[] = [];
    let done = 0;
    const until = Date.now() + 6_000;
    const worker = async () => {
      while (Date.now() < until) {
        try {
          const r = await s.fetch(url);
          if (r.status !== 200 || (await r.arrayBuffer()).byteLength === 0) statuses.push(r.status);
        } catch (e) {
          cut.push(String(e));
        }
        done++;
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, worker));
    try {
      await new Promise((w) => setTimeout(w, 2_000));
      await s.stack.kill(victim, 'SIGKILL');
      await load;
    } finally {
      await load.catch(() => undefined);
      await s.stack.start(victim);
    }
    // Requests the victim had not begun answering: nginx sent them to another replica.
    const moved = since('nginx-access.log', marks.access)
      .split('\n')
      .filter((l) => l.includes(`upstream=127.0.0.1:${port}, `)).length;
    // Responses the victim was already sending when it died: nginx had passed their status
    // line on, so it cannot start them again elsewhere (proxy_next_upstream), and cuts them.
    const midResponse = since('nginx-error.log', marks.error)
      .split('\n')
      .filter(
        (l) =>
          /(prematurely closed connection|Connection reset by peer) while reading upstream,/.test(
            l,
          ) && l.includes(`upstream: "http://127.0.0.1:${port}/`),
      ).length;
    console.log(
      `GET load with ${victim} killed: ${done} requests, ${moved} moved to another replica, ` +
        `${cut.length} cut mid-response (nginx saw ${midResponse}), other failures ${JSON.stringify(statuses)}`,
    );
    expect(done).toBeGreaterThan(50);
    expect(statuses, 'requests answered with an error instead of moved').toEqual([]);
    expect(cut.length, `client errors ${JSON.stringify(cut)}`).toBeLessThanOrEqual(midResponse);
    // At most the requests in flight at the instant of the kill: one per client.
    expect(midResponse).toBeLessThanOrEqual(6);
    const again = await s.fetch(url);
    expect(again.status, 'the same GET, sent again').toBe(200);

    const mark = readFileSync(join(logs, 'nginx-access.log'), 'utf8').length;
    // nginx takes the replica back (after fail_timeout at the latest) and sends it requests.
    const deadline = Date.now() + 20_000;
    let rejoined = false;
    while (!rejoined && Date.now() < deadline) {
      const r = await s.fetch(url);
      await r.arrayBuffer();
      expect(r.status).toBe(200);
      rejoined = since('nginx-access.log', mark).includes(`upstream=127.0.0.1:${port} `);
    }
    expect(rejoined, `nginx sends requests to ${victim} again`).toBe(true);
  });

  it('PostgreSQL restarts: every Orthanc serves again (stale index connections: restarted by the health check)', async () => {
    await s.stack.kill('postgres');
    await s.stack.start('postgres');
    const qido = `${s.origin}${s.roots.qidoRoot}/studies?StudyInstanceUID=${stored.studyUid}`;
    const deadline = Date.now() + 60_000;
    let ok = 0;
    while (Date.now() < deadline && ok < 6) {
      const r = await s.fetch(qido);
      const body = r.status === 200 ? ((await r.json()) as unknown[]) : (await r.arrayBuffer(), []);
      ok = r.status === 200 && body.length === 1 ? ok + 1 : 0;
      if (ok === 0) await new Promise((w) => setTimeout(w, 500));
    }
    expect(ok, 'six answers in a row after the restart').toBe(6);
    // Each process answers again by itself, reconnected or restarted by the liveness check.
    const healthy = async (name: string): Promise<boolean> => {
      try {
        return (await direct('/system', name)).status === 200;
      } catch {
        return false;
      }
    };
    const until = Date.now() + 90_000;
    let sick = names();
    while (sick.length > 0 && Date.now() < until) {
      sick = (await Promise.all(names().map(async (n) => ((await healthy(n)) ? '' : n)))).filter(
        Boolean,
      );
      if (sick.length > 0) await new Promise((w) => setTimeout(w, 1_000));
    }
    console.log(
      `after the PostgreSQL restart: restarted by the supervisor ${JSON.stringify(s.stack.restarts)}`,
    );
    expect(sick, 'Orthancs still failing 90 s after the restart').toEqual([]);
  }, 150_000);

  it('the OHIF viewer renders a study through the cluster', async () => {
    const result = await checkViewerRenders(browser.browser, s, stowed, 'scaled');
    expect(result.isolated).toBe(true);
  }, 120_000);
});
