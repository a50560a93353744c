import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { MANIFEST } from '../model/generated-file.js';
import { TOOL } from '../tool.js';

export { MANIFEST };

export interface Manifest {
  generator: string;
  /** Relative path -> sha256 of the bytes written. */
  files: Record<string, string>;
  /**
   * Present only while a write is being committed: the hashes before it. A file matching
   * either map is still the tool's own, so an interrupted write is finished, not refused.
   */
  previous?: Record<string, string>;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

export function manifestFor(
  files: ReadonlyMap<string, string>,
  previous?: Record<string, string>,
): Manifest {
  return {
    generator: `${TOOL.name} ${TOOL.version}`,
    files: Object.fromEntries([...files].map(([path, text]) => [path, sha256(text)])),
    ...(previous ? { previous } : {}),
  };
}

export function manifestText(m: Manifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

/**
 * The folder's manifest: `undefined` when there is none, `'legacy'` for the marker an
 * earlier version left (it listed nothing; its generated files are adopted by name).
 */
export function readManifest(dir: string): Manifest | 'legacy' | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const m = JSON.parse(text) as Manifest;
    if (typeof m.files === 'object' && m.files !== null) return m;
  } catch {
    /* the old one-line marker */
  }
  return 'legacy';
}
