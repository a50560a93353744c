import type { BrowserContext, Page } from 'playwright-core';

export interface VisitResult {
  /** ms from navigation start until the viewport shows the image. */
  timeToImageMs: number;
  /** Bytes received (headers + encoded bodies) for static files, i.e. not under the PACS path. */
  staticBytes: number;
  /** Requests for static files that went to the network (not served from the browser cache). */
  staticRequests: number;
  totalBytes: number;
}

/** The network between browser and nginx for a series of visits. */
export interface Link {
  name: string;
  label: string;
  /** Chromium's network emulation; loopback as it is when absent. */
  emulate?: { latencyMs: number; downMbps: number; upMbps: number };
}

export const LINKS: readonly Link[] = [
  { name: 'loopback', label: 'loopback' },
  {
    // A radiologist reading from home or a satellite site over a VPN.
    name: 'remote',
    label: 'emulated 40 Mbit/s down, 10 up, 20 ms RTT',
    emulate: { latencyMs: 20, downMbps: 40, upMbps: 10 },
  },
];

/** One visit of `url` in `context` (its cache decides first vs repeat visit), measured over CDP. */
export async function visit(
  context: BrowserContext,
  url: string,
  pacsPath: string,
  link: Link,
): Promise<VisitResult> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (link.emulate)
    // Chromium applies this below its HTTP cache: cache hits stay local, as on a real link.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: link.emulate.latencyMs,
      downloadThroughput: (link.emulate.downMbps * 1e6) / 8,
      uploadThroughput: (link.emulate.upMbps * 1e6) / 8,
    });
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
  await page.goto(url, { waitUntil: 'commit' });
  const timeToImageMs = await timeToImage(page).catch((e: Error) => {
    throw new Error(`no image in the viewer at ${url} within 120 s (${e.message})`);
  });
  await page.waitForLoadState('networkidle');
  await page.close();
  return { timeToImageMs, staticBytes, staticRequests, totalBytes };
}

/**
 * Milliseconds from navigation start until the largest canvas shows an image (more than 32
 * grey levels). The check runs in the page every 50 ms on a 160x100 copy of the canvas:
 * reading the whole canvas each time would take the main thread from the viewer it times.
 */
async function timeToImage(page: Page): Promise<number> {
  const found = await page.waitForFunction(
    () => {
      const canvas = [...document.querySelectorAll('canvas')].sort(
        (a, b) => b.width * b.height - a.width * a.height,
      )[0];
      if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
      const probe = document.createElement('canvas');
      probe.width = 160;
      probe.height = 100;
      const ctx = probe.getContext('2d', { willReadFrequently: true });
      if (!ctx) return false;
      ctx.drawImage(canvas, 0, 0, probe.width, probe.height);
      const data = ctx.getImageData(0, 0, probe.width, probe.height).data;
      const levels = new Set<number>();
      for (let i = 0; i < data.length; i += 4)
        levels.add(
          ((data[i] as number) << 16) | ((data[i + 1] as number) << 8) | (data[i + 2] as number),
        );
      return levels.size > 32 ? performance.now() : false;
    },
    undefined,
    { polling: 50, timeout: 120_000 },
  );
  return Math.round((await found.jsonValue()) as number);
}

/**
 * The steady repeat visit: on the 2nd visit Chromium compiles the bundle again and stores its
 * code cache, so the time is the median of visits 3.. (what a workstation sees all day);
 * bytes and requests are the last visit's.
 */
export function steady(repeats: readonly VisitResult[]): VisitResult {
  const hot = repeats
    .slice(1)
    .map((r) => r.timeToImageMs)
    .sort((a, b) => a - b);
  const mid = hot.length >> 1;
  const median =
    hot.length % 2 ? (hot[mid] as number) : ((hot[mid - 1] as number) + (hot[mid] as number)) / 2;
  return { ...(repeats.at(-1) as VisitResult), timeToImageMs: median };
}
