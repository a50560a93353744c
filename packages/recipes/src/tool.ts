import { readFileSync } from 'node:fs';

/** This package's name and version, as its package.json says (from src/ and from dist/). */
export const TOOL = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { name: string; version: string };
