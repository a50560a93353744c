export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  bytes: number;
}

/** `concurrency` keep-alive clients fetching `urls` round-robin for `seconds`. */
export async function load(
  urls: readonly string[],
  concurrency: number,
  seconds: number,
  headers: Record<string, string>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const start = Date.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, c) => {
      for (let i = c; Date.now() < deadline; i += concurrency) {
        const t = performance.now();
        try {
          const r = await fetch(urls[i % urls.length] as string, { headers });
          // Read first: `bytes += await ...` would add to the value read before the wait.
          const body = await r.arrayBuffer();
          bytes += body.byteLength;
          if (r.status !== 200) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (Date.now() - start) / 1000;
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    bytes,
  };
}

/** The value at quantile `p` of `xs` (nearest rank below; 0 for none). */
export function quantile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
}
