import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, makeSeries, type Series } from '@ohif-recipes/testing/e2e';
import { tempDir } from '@ohif-recipes/testing';
import {
  checkBulkData,
  checkCStore,
  checkDicomWeb,
  checkRedirects,
  checkServedHeaders,
  checkViewerRenders,
} from './checks.js';
import { startE2eStack, stowSeries, type E2eStack } from './stack.js';

/**
 * The whole recipe, for real: `ohif-recipes up`'s native stack (Debian nginx + Orthanc with
 * DICOMweb), real DICOM uploaded three ways, DICOMweb queried at the app config's roots,
 * and the OHIF viewer rendering the study in Chromium.
 */
describe.each([
  ['root', ''],
  ['sub-path', 'ohif/'],
])('nginx-orthanc end to end (%s deployment)', (label, subPath) => {
  const dcm = tempDir('e2e-dicom');
  let s: E2eStack;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let stowed: Series;

  beforeAll(async () => {
    [s, browser] = await Promise.all([startE2eStack('nginx-orthanc', subPath), launchBrowser()]);
    // 32 slices of 39 kB: one STOW-RS request of 1.25 MB, past nginx's 1 MB default.
    stowed = makeSeries(join(dcm.path, 'stow'), 32, 'RECIPES^STOW');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
    dcm.remove();
  });

  it('STOW-RS through nginx at the app config root accepts a 1.25 MB upload (no 413)', async () => {
    const r = await stowSeries(s, stowed);
    expect(r.bytes).toBeGreaterThan(1024 * 1024);
    expect(r.status, r.text.slice(0, 300)).toBe(200);
  });

  it('REST upload through nginx (POST /pacs/instances)', async () => {
    const series = makeSeries(join(dcm.path, 'rest'), 1, 'RECIPES^REST');
    const pacs = s.stack.model.routes[0]?.path as string;
    const r = await fetch(`${s.origin}${pacs}instances`, {
      method: 'POST',
      body: readFileSync(series.instances[0]?.file as string),
      headers: { 'Content-Type': 'application/dicom' },
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { Status: string }).Status).toBe('Success');
    await checkDicomWeb(s, series);
  });

  it('DIMSE C-STORE with storescu', async () => {
    await checkCStore(s, s.dicomPort, 'ORTHANC', join(dcm.path, 'cstore'), 'RECIPES^DIMSE');
  });

  it('QIDO-RS, WADO-RS (metadata, frames) and WADO-URI answer at the app config roots with DICOM content types', async () => {
    await checkDicomWeb(s, stowed);
  });

  it('bulk-data URLs, rewritten as the app config says, are under the proxied root and answer', async () => {
    expect((await checkBulkData(s, stowed)).length).toBeGreaterThan(0);
  });

  it("the app's headers and caching where the app is served; a missing hashed file's 404 is not cached", async () => {
    await checkServedHeaders(s);
  });

  it('redirects to a trailing slash stay on the public origin', async () => {
    const pacs = s.stack.model.routes[0]?.path as string;
    await checkRedirects(s, subPath ? [pacs, `/${subPath}`] : [pacs]);
  });

  it('the OHIF viewer lists the study and renders it: cross-origin isolated, no console errors, no HTTP errors', async () => {
    await checkViewerRenders(browser.browser, s, stowed, `orthanc-${label}`);
  });
});
