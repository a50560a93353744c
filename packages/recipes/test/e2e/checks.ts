import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { largestCanvasStats, watchProblems, type Series } from '@ohif-recipes/tools/e2e';
import type { Browser } from 'playwright-core';
import type { E2eStack } from './stack.js';

export const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/e2e/', import.meta.url));

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
export async function checkDicomWeb(s: E2eStack, series: Series): Promise<void> {
  const { qidoRoot, wadoRoot, wadoUriRoot } = s.roots;
  const studies = await json(
    await fetch(`${s.origin}${qidoRoot}/studies?StudyInstanceUID=${series.studyUid}`),
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
    await fetch(
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
  const frame = await fetch(
    `${s.origin}${wadoRoot}/studies/${series.studyUid}/series/${series.seriesUid}/instances/${first.sopUid}/frames/1`,
    {
      headers: { Accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*' },
    },
  );
  const frameBytes = (await frame.arrayBuffer()).byteLength;
  if (
    frame.status !== 200 ||
    !(frame.headers.get('content-type') ?? '').startsWith('multipart/related') ||
    frameBytes < 128 * 128 * 2
  ) {
    throw new Error(
      `WADO-RS frames at ${wadoRoot}: ${frame.status} ${frame.headers.get('content-type')} ${frameBytes} bytes`,
    );
  }
  const uri = `${s.origin}${wadoUriRoot}?requestType=WADO&studyUID=${series.studyUid}&seriesUID=${series.seriesUid}&objectUID=${first.sopUid}&contentType=application/dicom`;
  const wado = await fetch(uri);
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
  s: E2eStack,
  series: Series,
  name: string,
): Promise<ViewerResult> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
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
    await page.close();
  }
}
