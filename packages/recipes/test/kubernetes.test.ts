import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kustomize, schemaProblems, tempDir, type KubeObject } from '@ohif-recipes/testing';
import { synth } from '../src/index.js';
import { writeRecipe } from '../src/output/write.js';
import { materialise, nginxTestDocker } from './real-tools.js';

/** The Kubernetes target, validated offline: no API server can run here. */
const CASES = {
  'nginx-orthanc': { variant: 'nginx-orthanc', publicUrl: 'https://pacs.example.org/' },
  'nginx-orthanc-postgres': {
    variant: 'nginx-orthanc-postgres',
    publicUrl: 'https://pacs.example.org/ohif/',
  },
  'nginx-dcm4chee': { variant: 'nginx-dcm4chee', publicUrl: 'https://pacs.example.org/' },
  'scaled (3 replicas, DICOM from outside)': {
    variant: 'nginx-orthanc-postgres',
    publicUrl: 'https://pacs.example.org/',
    orthancReplicas: 3,
    dicom: { expose: 'all' },
  },
} as const;

/** API versions a current cluster serves for each kind (no removed betas). */
const SERVED: Record<string, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  Service: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  PersistentVolumeClaim: 'v1',
  PodDisruptionBudget: 'policy/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  Ingress: 'networking.k8s.io/v1',
  Certificate: 'cert-manager.io/v1',
};

type Obj = KubeObject & { spec?: Record<string, unknown>; data?: Record<string, string> };
interface PodSpec {
  containers: Array<{
    name: string;
    ports?: Array<{ name: string; containerPort: number }>;
    readinessProbe?: unknown;
    livenessProbe?: unknown;
    resources?: { requests?: Record<string, string> };
  }>;
}
const podOf = (o: Obj) =>
  (o.spec?.template as { metadata: { labels: Record<string, string> }; spec: PodSpec }) ??
  undefined;
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The recipe with `components` chosen in its root kustomization, rendered by kubectl. */
function render(dir: string, components?: string[]): Obj[] {
  if (components) {
    const root = join(dir, 'kustomization.yaml');
    const text = readFileSync(root, 'utf8').replace(/\ncomponents:\n(  - .*\n)*/, '\n');
    writeFileSync(
      root,
      components.length
        ? text.replace(
            '\nconfigMapGenerator:',
            `\ncomponents:\n${components.map((c) => `  - kubernetes/components/${c}\n`).join('')}configMapGenerator:`,
          )
        : text,
    );
  }
  return parseAllDocuments(kustomize(dir)).map((d) => d.toJS() as Obj);
}

/** Our own rules over the rendered objects; each problem names the object. */
function ruleProblems(objects: readonly Obj[]): string[] {
  const problems: string[] = [];
  const workloads = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
  for (const o of objects) {
    const name = `${o.kind}/${o.metadata.name}`;
    if (SERVED[o.kind] !== o.apiVersion)
      problems.push(
        `${name}: ${o.apiVersion} is not the served API (${SERVED[o.kind] ?? 'unknown kind'})`,
      );
  }
  for (const w of workloads) {
    const name = `${w.kind}/${w.metadata.name}`;
    const selector = (w.spec?.selector as { matchLabels: Record<string, string> }).matchLabels;
    const pod = podOf(w);
    if (!matches(selector, pod.metadata.labels))
      problems.push(`${name}: selector does not match its pods`);
    for (const c of pod.spec.containers) {
      if (!c.readinessProbe || !c.livenessProbe) problems.push(`${name}/${c.name}: no probes`);
      if (!c.resources?.requests) problems.push(`${name}/${c.name}: no resource requests`);
    }
  }
  for (const s of objects.filter((o) => o.kind === 'Service' && o.spec?.type !== 'ExternalName')) {
    const name = `Service/${s.metadata.name}`;
    const selector = s.spec?.selector as Record<string, string>;
    const pods = workloads.map(podOf).filter((p) => matches(selector, p.metadata.labels));
    if (pods.length === 0) problems.push(`${name}: selects no pods`);
    for (const port of s.spec?.ports as Array<{ targetPort: string }>)
      for (const pod of pods)
        if (!pod.spec.containers.some((c) => c.ports?.some((p) => p.name === port.targetPort)))
          problems.push(`${name}: targetPort ${port.targetPort} is no container port`);
  }
  for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
    const selector = (pdb.spec?.selector as { matchLabels: Record<string, string> }).matchLabels;
    const w = workloads.find((x) => matches(selector, podOf(x).metadata.labels));
    if (!w) problems.push(`PodDisruptionBudget/${pdb.metadata.name}: selects no pods`);
    else if ((pdb.spec?.minAvailable as number) >= (w.spec?.replicas as number))
      problems.push(`PodDisruptionBudget/${pdb.metadata.name}: would block every eviction`);
  }
  return problems;
}

describe('the Kubernetes target (offline: schemas, kubectl kustomize, our rules)', () => {
  const tmp = tempDir('kubernetes');
  afterAll(() => tmp.remove());
  let n = 0;

  const generate = async (spec: object) => {
    const files = await synth({ ...spec, target: 'kubernetes' });
    const dir = join(tmp.path, String(n++));
    writeRecipe(dir, files, { force: true });
    materialise(new Map([['.env.example', files.get('.env.example') as string]]), dir);
    return { files, dir };
  };

  for (const [name, spec] of Object.entries(CASES)) {
    it(`${name}: every component combination renders; every object is valid and served; rules hold`, async () => {
      const { dir, files } = await generate(spec);
      const postgres = files.has('kubernetes/components/postgres/kustomization.yaml');
      const sets = [
        undefined,
        postgres
          ? ['external-postgres', 'expose-dicom', 'cert-manager']
          : ['expose-dicom', 'cert-manager'],
      ];
      for (const components of sets) {
        const objects = render(dir, components);
        const core = objects.filter((o) => o.apiVersion !== 'cert-manager.io/v1');
        expect(await schemaProblems(core), `${name} ${components}`).toEqual([]);
        expect(ruleProblems(objects), `${name} ${components}`).toEqual([]);
      }
    });
  }

  it('the ConfigMap holds the very nginx.conf the container tests run, and it passes nginx -t', async () => {
    const spec = CASES['nginx-orthanc-postgres'];
    const { dir, files } = await generate(spec);
    // The compose recipe the container tests run without a DICOMweb cache (none on Kubernetes).
    const compose = await synth({ ...spec, dicomwebCache: '0' });
    const objects = render(dir);
    const nginx = objects.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('nginx-config'),
    );
    expect(nginx?.data?.['nginx.conf']).toBe(compose.get('config/nginx.conf'));
    expect(files.get('config/nginx.conf')).toBe(compose.get('config/nginx.conf'));
    // Same for the scaled recipe's own file (two upstreams): nginx accepts it.
    const scaled = await synth({
      ...CASES['scaled (3 replicas, DICOM from outside)'],
      target: 'kubernetes',
    });
    const t = nginxTestDocker(
      new Map(
        [
          'config/nginx.conf',
          '.env.example',
          'scripts/make-secrets.sh',
          'kubernetes/base/resources.yaml',
        ].map((f) => [f, scaled.get(f) as string] as const),
      ),
      join(tmp.path, 'nginx-t'),
    );
    expect(t.output).toBe('');
  });

  it('scaled out: the Orthanc settings of the Orthanc Book, shared storage, ingest owns DICOM and the PACS UI', async () => {
    const { dir } = await generate(CASES['scaled (3 replicas, DICOM from outside)']);
    const objects = render(dir);
    const byName = (kind: string, name: string) =>
      objects.find((o) => o.kind === kind && o.metadata.name === name) as Obj;
    expect(byName('Deployment', 'orthanc').spec?.replicas).toBe(3);
    expect(byName('Deployment', 'orthanc-ingest').spec?.replicas).toBe(1);
    const config = objects.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('orthanc-config'),
    );
    const web = JSON.parse(config?.data?.['orthanc-web.json'] as string);
    const ingest = JSON.parse(config?.data?.['orthanc-ingest.json'] as string);
    expect(web.PostgreSQL).toMatchObject({ Lock: false, IndexConnectionsCount: 5 });
    expect(web).toMatchObject({
      DatabaseServerIdentifier: '${HOSTNAME}',
      SaveJobs: false,
      DicomServerEnabled: false,
    });
    expect(ingest).toMatchObject({
      DatabaseServerIdentifier: 'orthanc-ingest',
      SaveJobs: true,
      DicomServerEnabled: true,
    });
    expect(ingest.PostgreSQL.Lock).toBe(false);
    expect(
      byName('PersistentVolumeClaim', 'orthanc-storage').spec?.accessModes as string[],
    ).toEqual(['ReadWriteMany']);
    expect(
      (byName('Service', 'dicom-public').spec?.selector as Record<string, string>)[
        'app.kubernetes.io/component'
      ],
    ).toBe('orthanc-ingest');
    const nginx = objects.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('nginx-config'),
    )?.data?.['nginx.conf'] as string;
    expect(nginx).toMatch(/upstream orthanc-ingest \{\s+server orthanc-ingest:8042;/);
    expect(nginx).toMatch(/location \^~ \/pacs\/ \{\s+proxy_pass http:\/\/orthanc-ingest\//);
    // Only the viewer reaches Orthanc's HTTP port; only Orthanc reaches PostgreSQL.
    const from = (name: string) =>
      (
        (
          byName('NetworkPolicy', name).spec?.ingress as Array<{
            from?: Array<{ podSelector: { matchLabels: Record<string, string> } }>;
          }>
        )[0]?.from ?? []
      ).map((f) => f.podSelector.matchLabels['app.kubernetes.io/component']);
    expect(from('orthanc-http')).toEqual(['viewer']);
    expect(from('orthanc-ingest-http')).toEqual(['viewer']);
    expect(from('postgres')).toEqual(['orthanc-web', 'orthanc-ingest']);
  });

  it('the README tells how to deploy on Kubernetes and nothing of docker compose', async () => {
    const { files } = await generate({ ...CASES['nginx-orthanc-postgres'], auth: 'basic' });
    const readme = files.get('README.md') as string;
    expect(readme).toContain('kubectl apply -k .');
    expect(readme).toContain('What was and was not verified');
    expect(readme).not.toMatch(/docker compose (up|build|exec)|docker-compose|compose network/);
    expect(files.has('docker-compose.yml')).toBe(false);
  });

  it('refuses what it cannot deploy, naming the option and the fix', async () => {
    await expect(synth({ variant: 'nginx-orthanc', orthancReplicas: 2 })).rejects.toThrow(
      /orthancReplicas: .*shared PostgreSQL index \(fix: use nginx-orthanc-postgres/,
    );
    await expect(synth({ variant: 'nginx-orthanc-postgres', orthancReplicas: 2 })).rejects.toThrow(
      /orthancReplicas: the docker compose recipe runs one Orthanc \(fix: add --target kubernetes/,
    );
    await expect(
      synth({ variant: 'nginx-orthanc-keycloak', target: 'kubernetes' }),
    ).rejects.toThrow(/target: .*\(fix: use --target compose/);
    await expect(
      synth({
        variant: 'nginx-orthanc',
        target: 'kubernetes',
        publicUrl: 'https://x.example/',
        tls: true,
      }),
    ).rejects.toThrow(/tls: .*Ingress terminates TLS/);
    // A DICOMweb cache nothing would tell what changed: on Kubernetes (one cache per viewer
    // pod), or for a PACS without a hook. Without the option both generate, with no cache.
    await expect(
      synth({ variant: 'nginx-orthanc', target: 'kubernetes', dicomwebCache: '1g' }),
    ).rejects.toThrow(
      /dicomwebCache: on Kubernetes each viewer pod .*\(fix: drop --dicomweb-cache/,
    );
    await expect(synth({ variant: 'nginx-dcm4chee', dicomwebCache: '1g' })).rejects.toThrow(
      /dicomwebCache: nginx-dcm4chee: the PACS cannot tell nginx what changed .*\(fix: drop --dicomweb-cache/,
    );
    await expect(
      synth({ variant: 'nginx-dcm4chee', ingestTranscoding: 'jpeg-ls' }),
    ).rejects.toThrow(
      /ingestTranscoding: nginx-dcm4chee: the archive's compression rules .*\(fix: drop --ingest-transcoding/,
    );
    for (const spec of [
      { variant: 'nginx-orthanc', target: 'kubernetes' as const },
      { variant: 'nginx-dcm4chee' },
      { variant: 'nginx-orthanc', dicomwebCache: '0' },
    ])
      expect((await synth(spec)).get('config/nginx.conf')).not.toContain('proxy_cache');
    expect((await synth({ variant: 'nginx-orthanc' })).get('config/nginx.conf')).toContain(
      'proxy_cache dicomweb;',
    );
  });
});
