import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing that would reach the network on its own. */
const LAUNCH = {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
  ],
};

export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  // playwright gives the browser a fresh temporary profile and removes it on close.
  const browser = await chromium.launch(LAUNCH);
  return {
    browser,
    close: () => browser.close(),
  };
}

/**
 * Chromium with an on-disk profile in `profileDir`, as a workstation's browser has: unlike
 * the off-the-record contexts of `launchBrowser`, it keeps a disk cache and V8's and
 * WebAssembly's compiled-code caches between visits.
 */
export async function launchProfile(
  profileDir: string,
  opts: { args?: string[]; ignoreHTTPSErrors?: boolean } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    ...LAUNCH,
    args: [...LAUNCH.args, ...(opts.args ?? [])],
    viewport: { width: 1280, height: 800 },
    ...(opts.ignoreHTTPSErrors ? { ignoreHTTPSErrors: true } : {}),
  });
}

export interface PageProblems {
  consoleErrors: string[];
  httpErrors: string[];
}

/** Records console errors and HTTP responses >= 400 for `page`. */
export function watchProblems(page: Page): PageProblems {
  const p: PageProblems = { consoleErrors: [], httpErrors: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') p.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => p.consoleErrors.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) p.httpErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return p;
}

export interface CanvasStats {
  width: number;
  height: number;
  nonBlack: number;
  distinct: number;
}

/**
 * Pixel statistics of the largest 2D canvas in the page (cornerstone draws each viewport
 * onto one): how many pixels are not black and how many distinct grey levels there are.
 */
export async function largestCanvasStats(page: Page): Promise<CanvasStats | undefined> {
  return page.evaluate(() => {
    const canvases = [...document.querySelectorAll('canvas')].sort(
      (a, b) => b.width * b.height - a.width * a.height,
    );
    for (const c of canvases) {
      const ctx = c.getContext('2d', { willReadFrequently: true });
      if (!ctx || c.width === 0 || c.height === 0) continue;
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      let nonBlack = 0;
      const levels = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        const v =
          ((data[i] as number) << 16) | ((data[i + 1] as number) << 8) | (data[i + 2] as number);
        if (v !== 0) nonBlack++;
        levels.add(v);
      }
      return { width: c.width, height: c.height, nonBlack, distinct: levels.size };
    }
    return undefined;
  });
}
