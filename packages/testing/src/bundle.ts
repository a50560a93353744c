import { build } from 'esbuild';

/** A minified browser bundle of `entry`: its size, its text, and the inputs that put bytes in it. */
export async function browserBundle(
  entry: string,
): Promise<{ bytes: number; text: string; inputs: string[] }> {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const text = r.outputFiles[0]?.text ?? '';
  // esbuild's metafile also lists inputs it read and shook away: keep those with bytes out.
  const inputs = Object.values(r.metafile.outputs).flatMap((o) =>
    Object.entries(o.inputs)
      .filter(([, i]) => i.bytesInOutput > 0)
      .map(([name]) => name),
  );
  return { bytes: Buffer.byteLength(text), text, inputs };
}
