import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** nx's project graph as it computes it (package.json dependencies and source imports). */
function projectGraph(): Record<string, string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ohif-recipes-graph-'));
  try {
    const file = join(dir, 'graph.json');
    const r = spawnSync('npx', ['nx', 'graph', `--file=${file}`], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`nx graph failed: ${r.stdout}${r.stderr}`);
    const { graph } = JSON.parse(readFileSync(file, 'utf8')) as {
      graph: { dependencies: Record<string, Array<{ target: string }>> };
    };
    return Object.fromEntries(
      Object.entries(graph.dependencies).map(([p, deps]) => [
        p,
        [...new Set(deps.map((d) => d.target))],
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every cycle's path, found by depth-first search. */
function cycles(graph: Record<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (p: string, path: string[]) => {
    if (state.get(p) === 'done') return;
    if (state.get(p) === 'open') {
      found.push([...path.slice(path.indexOf(p)), p]);
      return;
    }
    state.set(p, 'open');
    for (const d of graph[p] ?? []) visit(d, [...path, p]);
    state.set(p, 'done');
  };
  for (const p of Object.keys(graph)) visit(p, []);
  return found;
}

describe('the project graph', () => {
  const graph = projectGraph();

  it('has no cycle', () => {
    expect(cycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('the test harness depends on no project; nothing but tools depends on tools', () => {
    expect(graph.testing).toEqual([]);
    for (const [p, deps] of Object.entries(graph)) expect(deps, p).not.toContain('tools');
  });

  it('the cycle check finds a cycle when there is one', () => {
    expect(cycles({ a: ['b'], b: ['c'], c: ['a'], d: [] })).toEqual([['a', 'b', 'c', 'a']]);
  });
});
