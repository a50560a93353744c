import { stow, type Series } from '@ohif-recipes/testing/e2e';

/** A whole series by STOW-RS at `root` (a DICOMweb root), 25 instances a request. */
export async function storeSeries(
  root: string,
  series: Series,
  fetchFn: typeof fetch = fetch,
): Promise<void> {
  for (let i = 0; i < series.instances.length; i += 25) {
    const files = series.instances.slice(i, i + 25).map((x) => x.file);
    const r = await stow(root, files, fetchFn);
    if (r.status !== 200) throw new Error(`STOW-RS answered ${r.status}: ${r.text.slice(0, 200)}`);
  }
}
