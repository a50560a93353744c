import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startOrthanc, tempDir } from '@ohif-recipes/testing';
import { CASES, recipe, type CaseName } from './cases.js';
import {
  dockerComposeConfig,
  materialise,
  nginxTestDocker,
  validateCompose,
} from './real-tools.js';

const ALL = Object.keys(CASES) as CaseName[];
describe.each(ALL)('%s against the real tools', (name) => {
  const tmp = tempDir(`recipe-${name}`);
  afterAll(() => tmp.remove());

  it('docker-compose config -q accepts docker-compose.yml (with .env filled in)', async () => {
    const dir = join(tmp.path, 'compose');
    materialise((await recipe(name)).files, dir);
    const r = dockerComposeConfig(dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('docker-compose refuses to start without the secrets (no silent defaults)', async () => {
    const dir = join(tmp.path, 'no-env');
    materialise((await recipe(name)).files, dir);
    writeFileSync(join(dir, '.env'), '');
    const r = dockerComposeConfig(dir);
    const secrets = [
      ...(await recipe(name)).files.get('.env.example')!.matchAll(/^([A-Z_]+)=$/gm),
    ].map((m) => m[1]);
    if (secrets.length > 0) {
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(new RegExp(`set (${secrets.join('|')}) in .env`));
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
    const res = nginxTestDocker(r.files, join(tmp.path, 'nginx'));
    expect(res.output).toBe('');
    expect(res.status).toBe(0);
  });

  if (name.startsWith('nginx-orthanc')) {
    it('the real Orthanc starts with orthanc.json and answers /system', async () => {
      const r = await recipe(name);
      const config = JSON.parse(r.files.get('config/orthanc.json') as string) as Record<
        string,
        unknown
      >;
      // The DICOMweb cache's script, from where the real Orthanc can read it: a syntax
      // error in it would stop Orthanc from starting.
      const lua = r.files.get('config/dicomweb-cache.lua');
      expect(config.LuaScripts !== undefined).toBe(lua !== undefined);
      if (lua) {
        mkdirSync(join(tmp.path, 'orthanc'), { recursive: true });
        const file = join(tmp.path, 'orthanc', 'dicomweb-cache.lua');
        writeFileSync(file, lua);
        config.LuaScripts = [file];
      }
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
