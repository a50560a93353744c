import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** A STOW-RS request body: multipart/related with one application/dicom part per file. */
export function stowBody(files: readonly string[]): { body: Buffer; contentType: string } {
  const boundary = `recipes-${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
      readFileSync(f),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(parts),
    contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
  };
}

/** STOW-RS to `root/studies`; resolves to the HTTP status and response text. */
export async function stow(
  root: string,
  files: readonly string[],
  fetchFn: typeof fetch = fetch,
): Promise<{ status: number; text: string; bytes: number }> {
  const { body, contentType } = stowBody(files);
  const r = await fetchFn(`${root}/studies`, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'Content-Type': contentType, Accept: 'application/dicom+json' },
  });
  return { status: r.status, text: await r.text(), bytes: body.length };
}

/** DIMSE C-STORE with dcmtk's storescu. */
export function cStore(port: number, calledAet: string, files: readonly string[]): void {
  execFileSync(
    'storescu',
    ['-aec', calledAet, '-aet', 'RECIPES_E2E', '127.0.0.1', String(port), ...files],
    { stdio: 'pipe' },
  );
}
