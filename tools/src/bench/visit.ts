import type { Browser, BrowserContext } from 'playwright-core';
import { largestCanvasStats } from '../e2e/browser.js';

export interface VisitResult {
  /** ms from navigation start until the viewport shows the image. */
  timeToImageMs: number;
  /** Bytes received (headers + encoded bodies) for static files, i.e. not under the PACS path. */
  staticBytes: number;
  /** Requests for static files that went to the network (not served from the browser cache). */
  staticRequests: number;
  totalBytes: number;
}

/** One visit of `url` in `context` (its cache decides first vs repeat visit), measured over CDP. */
export async function visit(
  context: BrowserContext,
  url: string,
  pacsPath: string,
): Promise<VisitResult> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const fromCache = new Set<string>();
  let staticBytes = 0;
  let totalBytes = 0;
  let staticRequests = 0;
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.requestServedFromCache', (e) => fromCache.add(e.requestId));
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) fromCache.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const u = urls.get(e.requestId) ?? '';
    totalBytes += e.encodedDataLength;
    if (!new URL(u).pathname.startsWith(pacsPath)) {
      staticBytes += e.encodedDataLength;
      if (!fromCache.has(e.requestId) && e.encodedDataLength > 0) staticRequests++;
    }
  });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  for (;;) {
    const s = await largestCanvasStats(page);
    if (s && s.distinct > 32) break;
    if (Date.now() - t0 > 120_000) throw new Error(`no image after 120 s at ${url}`);
    await page.waitForTimeout(50);
  }
  const timeToImageMs = Date.now() - t0;
  await page.waitForLoadState('networkidle');
  await page.close();
  return { timeToImageMs, staticBytes, staticRequests, totalBytes };
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 } });
}
