import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cStore,
  largestCanvasStats,
  makeSeries,
  watchProblems,
  type Series,
} from '@ohif-recipes/testing/e2e';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { readAppConfigJs } from '@ohif-recipes/viewer-config/node';

export const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/e2e/', import.meta.url));

/** The DICOMweb roots and bulk-data rewrite an app config gives OHIF. */
export interface ServedRoots {
  qidoRoot: string;
  wadoRoot: string;
  wadoUriRoot: string;
  bulkDataURI?: { enabled?: boolean; startsWith?: string; prefixWith?: string };
}

/**
 * A running recipe as a browser sees it, whatever runs it (the native runner or
 * containers): both targets are held to the same checks.
 */
export interface Served {
  origin: string;
  href: string;
  roots: ServedRoots;
  /** fetch for this stack: its certificate authority and credentials, redirects not followed. */
  fetch: typeof fetch;
  /** What a browser context needs for it (credentials, a self-signed certificate). */
  browserContext?: BrowserContextOptions;
}

/** The roots in the app-config.js nginx serves: what the browser will use. */
export async function servedRoots(
  href: string,
  fetchFn: typeof fetch = fetch,
): Promise<ServedRoots> {
  const config = readAppConfigJs(await (await fetchFn(`${href}app-config.js`)).text());
  return (config.dataSources as Array<{ configuration: ServedRoots }>)[0]
    ?.configuration as ServedRoots;
}

/** Status, content type and body (parsed only when it is JSON: a fallback index.html is not). */
async function json(r: Response): Promise<{ status: number; type: string; body: unknown }> {
  const type = r.headers.get('content-type') ?? '';
  return {
    status: r.status,
    type,
    body: type.includes('json') ? ((await r.json()) as unknown) : await r.text(),
  };
}

/** QIDO-RS, WADO-RS (metadata, frames) and WADO-URI at the roots the app config names. */
export async function checkDicomWeb(s: Served, series: Series): Promise<void> {
  const { qidoRoot, wadoRoot, wadoUriRoot } = s.roots;
  const studies = await json(
    await s.fetch(`${s.origin}${qidoRoot}/studies?StudyInstanceUID=${series.studyUid}`),
  );
  if (studies.status !== 200 || !studies.type.startsWith('application/dicom+json'))
    throw new Error(`QIDO-RS at ${qidoRoot}: ${studies.status} ${studies.type}`);
  const found = studies.body as Array<Record<string, { Value?: unknown[] }>>;
  const count = found[0]?.['00201208']?.Value?.[0];
  if (found.length !== 1 || count !== series.instances.length)
    throw new Error(
      `QIDO-RS found ${found.length} studies with ${String(count)} instances, expected 1 with ${series.instances.length}`,
    );

  const meta = await json(
    await s.fetch(
      `${s.origin}${wadoRoot}/studies/${series.studyUid}/series/${series.seriesUid}/metadata`,
    ),
  );
  if (
    meta.status !== 200 ||
    !meta.type.startsWith('application/dicom+json') ||
    (meta.body as unknown[]).length !== series.instances.length
  ) {
    throw new Error(`WADO-RS metadata at ${wadoRoot}: ${meta.status} ${meta.type}`);
  }
  const first = series.instances[0] as Series['instances'][number];
  const frame = await s.fetch(
    `${s.origin}${wadoRoot}/studies/${series.studyUid}/series/${series.seriesUid}/instances/${first.sopUid}/frames/1`,
    {
      headers: { Accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*' },
    },
  );
  const frameBytes = (await frame.arrayBuffer()).byteLength;
  const frameType = frame.headers.get('content-type') ?? '';
  // As stored: the raw 128x128 16-bit pixels, or JPEG-LS lossless (Orthanc's ingest transcoding).
  const jpegLs = frameType.includes('transfer-syntax=1.2.840.10008.1.2.4.80');
  if (
    frame.status !== 200 ||
    !frameType.startsWith('multipart/related') ||
    frameBytes < (jpegLs ? 4096 : 128 * 128 * 2)
  ) {
    throw new Error(
      `WADO-RS frames at ${wadoRoot}: ${frame.status} ${frame.headers.get('content-type')} ${frameBytes} bytes`,
    );
  }
  const uri = `${s.origin}${wadoUriRoot}?requestType=WADO&studyUID=${series.studyUid}&seriesUID=${series.seriesUid}&objectUID=${first.sopUid}&contentType=application/dicom`;
  const wado = await s.fetch(uri);
  const bytes = Buffer.from(await wado.arrayBuffer());
  if (
    wado.status !== 200 ||
    !(wado.headers.get('content-type') ?? '').startsWith('application/dicom') ||
    bytes.toString('latin1', 128, 132) !== 'DICM'
  ) {
    throw new Error(
      `WADO-URI at ${wadoUriRoot}: ${wado.status} ${wado.headers.get('content-type')}`,
    );
  }
  // DIMSE may re-encode (transfer syntax, meta header): the instance is identified by its UID.
  if (!bytes.includes(Buffer.from(first.sopUid)))
    throw new Error('WADO-URI returned another instance than was asked for');
}

export interface ViewerResult {
  isolated: boolean;
  listed: string[];
  stats: Awaited<ReturnType<typeof largestCanvasStats>>;
  consoleErrors: string[];
  httpErrors: string[];
}

/** Opens the study list and the viewer in Chromium; saves screenshots under test-artifacts/e2e/. */
export async function openViewer(
  browser: Browser,
  s: Served,
  series: Series,
  name: string,
): Promise<ViewerResult> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    ...(s.browserContext ?? {}),
  });
  const page = await context.newPage();
  const problems = watchProblems(page);
  try {
    await page.goto(s.href, { waitUntil: 'networkidle' });
    await page
      .getByText(series.patientName.replace('^', ', '), { exact: false })
      .first()
      .waitFor({ timeout: 30_000 });
    const listed = await page.locator('body').innerText();
    await page.screenshot({ path: join(ARTIFACTS, `${name}-study-list.png`) });
    await page.goto(`${s.href}viewer?StudyInstanceUIDs=${series.studyUid}`, {
      waitUntil: 'networkidle',
    });
    // Rendering is asynchronous after network idle: wait until the canvas shows an image.
    let stats = await largestCanvasStats(page);
    for (let i = 0; i < 60 && !(stats && stats.distinct > 32); i++) {
      await page.waitForTimeout(500);
      stats = await largestCanvasStats(page);
    }
    await page.screenshot({ path: join(ARTIFACTS, `${name}-viewer.png`) });
    const isolated = await page.evaluate(() => globalThis.crossOriginIsolated);
    return { isolated, listed: [listed], stats, ...problems };
  } finally {
    await context.close();
  }
}

/** Every string value of `key` anywhere in a DICOM JSON document. */
function valuesOf(doc: unknown, key: string): string[] {
  if (Array.isArray(doc)) return doc.flatMap((d) => valuesOf(d, key));
  if (typeof doc !== 'object' || doc === null) return [];
  return Object.entries(doc).flatMap(([k, v]) =>
    k === key && typeof v === 'string' ? [v] : valuesOf(v, key),
  );
}

/**
 * Bulk-data URLs in the series metadata, rewritten as OHIF rewrites them with the app
 * config's bulkDataURI settings, are on the public origin under a proxied root and answer.
 */
export async function checkBulkData(s: Served, series: Series): Promise<string[]> {
  const meta = await s.fetch(
    `${s.origin}${s.roots.wadoRoot}/studies/${series.studyUid}/series/${series.seriesUid}/metadata`,
  );
  const uris = valuesOf(await meta.json(), 'BulkDataURI');
  if (uris.length === 0) throw new Error('the series metadata has no BulkDataURI');
  const { startsWith, prefixWith } = s.roots.bulkDataURI ?? {};
  const resolved = uris.map((u) =>
    new URL(
      startsWith && prefixWith && u.startsWith(startsWith)
        ? `${prefixWith}${u.slice(startsWith.length)}`
        : u,
      s.href,
    ).toString(),
  );
  for (const url of resolved.slice(0, 3)) {
    if (!url.startsWith(`${s.origin}${s.roots.wadoRoot}/`))
      throw new Error(`bulk-data URL ${url} is not under ${s.origin}${s.roots.wadoRoot}/`);
    const r = await s.fetch(url, {
      headers: { Accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*' },
    });
    if (r.status !== 200) throw new Error(`bulk-data URL ${url}: ${r.status}`);
  }
  return resolved;
}

/**
 * nginx's own redirects (a location without its trailing slash) stay on the public origin:
 * relative, or absolute with the public scheme, host and port; never an internal port.
 */
export async function checkRedirects(s: Served, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const r = await s.fetch(`${s.origin}${path.replace(/\/$/, '')}`);
    const location = r.headers.get('location') ?? '';
    const target = new URL(location, s.href).toString();
    if (r.status !== 301 || target !== `${s.origin}${path}`)
      throw new Error(`${path.replace(/\/$/, '')}: ${r.status} Location: ${location}`);
  }
}

/**
 * The app's headers where the app is served (index.html, app-config.js, a hashed bundle),
 * the caching each gets, and no long caching for a missing hashed file's or icon's 404.
 */
export async function checkServedHeaders(s: Served): Promise<void> {
  const index = await s.fetch(s.href);
  const html = await index.text();
  const bundle = /src="[^"]*?([^"/]+\.[0-9a-f]{16}\.js)"/.exec(html)?.[1];
  if (!bundle) throw new Error('index.html names no content-hashed bundle');
  const expect = async (path: string, status: number, cache: RegExp | null) => {
    const r = path === '' ? index : await s.fetch(`${s.href}${path}`);
    const h = (k: string) => r.headers.get(k) ?? '';
    const problems = [
      r.status !== status && `status ${r.status}, expected ${status}`,
      h('cross-origin-opener-policy') !== 'same-origin' && 'no COOP same-origin',
      h('cross-origin-embedder-policy') !== 'require-corp' && 'no COEP require-corp',
      !h('content-security-policy').includes("default-src 'self'") && 'no CSP',
      h('x-content-type-options') !== 'nosniff' && 'no nosniff',
      cache === null
        ? /max-age=[1-9]/.test(h('cache-control')) && `cached: ${h('cache-control')}`
        : !cache.test(h('cache-control')) && `Cache-Control: ${h('cache-control')}`,
    ].filter(Boolean);
    if (problems.length) throw new Error(`${s.href}${path}: ${problems.join('; ')}`);
  };
  await expect('', 200, /^no-cache$/);
  await expect('app-config.js', 200, /^no-cache$/);
  await expect(bundle, 200, /immutable/);
  await expect('app.0123456789abcdef.js', 404, null);
  await expect('assets/no-such-icon.png', 404, null);
}

/**
 * The viewer lists the study (by patient name) and renders it: cross-origin isolated, an
 * image on the largest canvas (over 10 % non-black, more than 32 grey levels), no console
 * errors and no HTTP errors. Throws naming every criterion that failed.
 */
export async function checkViewerRenders(
  browser: Browser,
  s: Served,
  series: Series,
  name: string,
): Promise<ViewerResult> {
  const v = await openViewer(browser, s, series, name);
  const stats = v.stats;
  const problems = [
    !v.listed.join('').includes(series.patientName.replace('^', ', ')) &&
      `the study list does not show ${series.patientName}`,
    !v.isolated && 'the page is not cross-origin isolated',
    !stats && 'no canvas',
    stats && stats.nonBlack / (stats.width * stats.height) <= 0.1 && 'the canvas is mostly black',
    stats && stats.distinct <= 32 && `only ${stats.distinct} grey levels on the canvas`,
    v.consoleErrors.length > 0 && `console errors: ${v.consoleErrors.join(' | ')}`,
    v.httpErrors.length > 0 && `HTTP errors: ${v.httpErrors.join(' | ')}`,
  ].filter(Boolean);
  if (problems.length)
    throw new Error(`${name}: ${problems.join('; ')} (screenshots in ${ARTIFACTS})`);
  return v;
}

/** C-STORE of a new 3-slice series to the DICOM port with storescu, then the DICOMweb checks on it. */
export async function checkCStore(
  s: Served,
  dicomPort: number,
  aeTitle: string,
  dir: string,
  patient: string,
): Promise<void> {
  const series = makeSeries(dir, 3, patient);
  cStore(
    dicomPort,
    aeTitle,
    series.instances.map((i) => i.file),
  );
  await checkDicomWeb(s, series);
}
