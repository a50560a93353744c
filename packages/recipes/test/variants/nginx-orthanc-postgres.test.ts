import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { IMAGES, synth, type ComposeModel, type OrthancConfig } from '../../src/index.js';
import { variantSuite } from '../variant-suite.js';

variantSuite('nginx-orthanc-postgres');

describe('nginx-orthanc-postgres: the PostgreSQL index', () => {
  it('compose: a pinned, healthchecked postgres on a named volume; Orthanc waits for it; the password only from .env', async () => {
    const files = await synth({ variant: 'nginx-orthanc-postgres' });
    const compose = parseYaml(files.get('docker-compose.yml') as string) as ComposeModel;
    const pg = compose.services.postgres;
    expect(pg?.image).toBe(IMAGES.postgres);
    expect(pg?.image).toMatch(/^postgres:\d+\.\d+-/);
    expect(pg?.healthcheck?.test).toEqual(['CMD', 'pg_isready', '-U', 'orthanc', '-d', 'orthanc']);
    expect(pg?.volumes).toEqual(['orthanc-index:/var/lib/postgresql/data']);
    expect(pg?.ports).toBeUndefined();
    expect(compose.volumes).toHaveProperty('orthanc-index');
    const fromEnv = '${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env (see .env.example)}';
    expect(pg?.environment?.POSTGRES_PASSWORD).toBe(fromEnv);
    const orthanc = compose.services.orthanc;
    expect(orthanc?.environment?.ORTHANC_DB_PASSWORD).toBe(fromEnv);
    expect(orthanc?.environment?.POSTGRESQL_PLUGIN_ENABLED).toBe('true');
    expect(orthanc?.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(files.get('.env.example')).toMatch(/^POSTGRES_PASSWORD=$/m);
  });

  it('orthanc.json: index in PostgreSQL at the compose service, the password as an environment reference', async () => {
    const files = await synth({ variant: 'nginx-orthanc-postgres' });
    const config = JSON.parse(files.get('config/orthanc.json') as string) as OrthancConfig;
    expect(config.PostgreSQL).toEqual({
      EnableIndex: true,
      EnableStorage: false,
      Host: 'postgres',
      Port: 5432,
      Database: 'orthanc',
      Username: 'orthanc',
      Password: '${ORTHANC_DB_PASSWORD}',
    });
    // The sqlite variant has none of it.
    const plain = await synth({ variant: 'nginx-orthanc' });
    expect(JSON.parse(plain.get('config/orthanc.json') as string)).not.toHaveProperty('PostgreSQL');
    expect(plain.get('docker-compose.yml')).not.toContain('postgres');
  });
});
