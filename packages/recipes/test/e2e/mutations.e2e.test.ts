import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, render, type Directive } from '@ohif-recipes/nginx-dsl';
import { launchBrowser, makeSeries, type Series } from '@ohif-recipes/testing/e2e';
import { tempDir } from '@ohif-recipes/testing';
import { checkDicomWeb, openViewer, servedRoots } from './checks.js';
import { startE2eStack, stowSeries, type E2eStack } from './stack.js';

/**
 * The e2e checks must fail when the recipe is broken the way upstream's are. Each case
 * breaks one thing in the running stack, shows the check now fails, and restores it.
 */
describe('the e2e checks catch broken recipes', () => {
  const dcm = tempDir('e2e-mutations');
  let s: E2eStack;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let series: Series;
  let confFile: string;
  let original: string;

  const nginxPid = () => s.stack.processes.find((p) => p.name === 'nginx')?.pid as number;
  /** Rewrites nginx.conf through the DSL and reloads nginx (SIGHUP), as an operator's edit would. */
  async function editNginx(edit: (d: Directive) => Directive | undefined): Promise<void> {
    const walk = (block: Directive[]): Directive[] =>
      block.flatMap((d) => {
        const e = edit(d);
        return e === undefined ? [] : [e.block ? { ...e, block: walk(e.block) } : e];
      });
    writeFileSync(confFile, render(walk(parse(original))));
    process.kill(nginxPid(), 'SIGHUP');
    await new Promise((r) => setTimeout(r, 1_000));
  }
  async function restore(): Promise<void> {
    writeFileSync(confFile, original);
    process.kill(nginxPid(), 'SIGHUP');
    await new Promise((r) => setTimeout(r, 1_000));
  }

  beforeAll(async () => {
    [s, browser] = await Promise.all([startE2eStack('nginx-orthanc'), launchBrowser()]);
    series = makeSeries(join(dcm.path, 'series'), 32, 'RECIPES^MUTATION');
    confFile = join(s.stack.stateDir, 'recipe', 'config', 'nginx.conf');
    original = readFileSync(confFile, 'utf8');
    expect((await stowSeries(s, series)).status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
    dcm.remove();
  });

  it('without COOP/COEP the page is not cross-origin isolated', async () => {
    await editNginx((d) =>
      d.directive === 'add_header' &&
      /^Cross-Origin-(Opener|Embedder)-Policy$/.test(d.args[0] ?? '')
        ? undefined
        : d,
    );
    try {
      const v = await openViewer(browser.browser, s, series, 'mutation-no-coop-coep');
      expect(v.isolated).toBe(false);
    } finally {
      await restore();
    }
  });

  it('a client_max_body_size below the upload makes STOW-RS fail with 413', async () => {
    await editNginx((d) => (d.directive === 'client_max_body_size' ? { ...d, args: ['1m'] } : d));
    try {
      const r = await stowSeries(s, series);
      expect(r.status).toBe(413);
    } finally {
      await restore();
    }
  });

  it('a data-source root nginx does not proxy falls back to index.html, and the DICOMweb check says so', async () => {
    const appConfig = join(s.stack.stateDir, 'web', 'app-config.js');
    const good = readFileSync(appConfig, 'utf8');
    const goodGz = readFileSync(`${appConfig}.gz`);
    const bad = good.replaceAll("'/pacs/dicom-web'", "'/dicom-web'");
    // nginx serves the precompressed copy to gzip-capable clients: change both.
    writeFileSync(appConfig, bad);
    writeFileSync(`${appConfig}.gz`, gzipSync(bad));
    try {
      const broken = { ...s, roots: await servedRoots(s.href) };
      expect(broken.roots.qidoRoot).toBe('/dicom-web');
      await expect(checkDicomWeb(broken, series)).rejects.toThrow(
        'QIDO-RS at /dicom-web: 200 text/html',
      );
    } finally {
      writeFileSync(appConfig, good);
      writeFileSync(`${appConfig}.gz`, goodGz);
    }
  });
});
