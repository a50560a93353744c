import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PROJECT = fileURLToPath(new URL('./custom-build', import.meta.url));
const TSC = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
const tsc = (dir: string) => spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });

describe('types for a custom OHIF build (tsc against the built package)', () => {
  it('valid configs compile and every @ts-expect-error is a real error', () => {
    const r = tsc(PROJECT);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('the expected errors are errors: without the directives, tsc reports each of them', () => {
    // Copy the project inside the package (outside test/, which typecheck reads) so module resolution finds the same node_modules.
    const dir = mkdtempSync(join(PROJECT, '..', '..', '.tmp-custom-build-'));
    try {
      cpSync(PROJECT, dir, { recursive: true });
      const file = join(dir, 'app-config.ts');
      const text = readFileSync(file, 'utf8');
      const directive = /^\s*\/\/ @ts-expect-error.*$/gm;
      const expected = text.match(directive)?.length ?? 0;
      expect(expected).toBe(7);
      writeFileSync(file, text.replace(directive, ''));
      const r = tsc(dir);
      expect(r.status).not.toBe(0);
      const errors = r.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
      expect(errors.length).toBe(expected);
      expect(r.stdout).toContain("'qidoRot' does not exist");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
