import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, makeSeries, type Series } from '@ohif-recipes/testing/e2e';
import { tempDir } from '@ohif-recipes/testing';
import { postgresBinDir } from '../../src/runtime/postgres.js';
import { checkDicomWeb, checkViewerRenders } from './checks.js';
import { startE2eStack, stowSeries, type E2eStack } from './stack.js';

/**
 * nginx-orthanc-postgres natively: Debian's PostgreSQL as a private cluster in the state
 * dir, Orthanc with the PostgreSQL index plugin, nginx and the OHIF viewer.
 */
describe('nginx-orthanc-postgres end to end (native PostgreSQL index)', () => {
  const dcm = tempDir('e2e-postgres');
  let s: E2eStack;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let series: Series;

  /** One value from PostgreSQL itself, with psql as the database user. */
  const psql = (query: string): string => {
    const db = s.stack.model.database;
    if (!db) throw new Error('no database in the route model');
    const r = spawnSync(
      join(postgresBinDir() as string, 'psql'),
      ['-h', db.host, '-p', String(db.port), '-U', db.user, '-d', db.name, '-tAc', query],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          PGPASSWORD: readFileSync(join(s.stack.stateDir, 'secrets', 'db-password'), 'utf8'),
        },
      },
    );
    expect(r.stderr).toBe('');
    return r.stdout.trim();
  };
  /** Rows of Orthanc's Resources table (patients, studies, series, instances). */
  const indexRows = (): number => Number(psql('SELECT count(*) FROM resources'));

  beforeAll(async () => {
    [s, browser] = await Promise.all([startE2eStack('nginx-orthanc-postgres'), launchBrowser()]);
    series = makeSeries(join(dcm.path, 'stow'), 32, 'RECIPES^POSTGRES');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
    dcm.remove();
  });

  it('Orthanc runs on the PostgreSQL index: the plugin is loaded and no SQLite index is written', async () => {
    const system = (await (
      await fetch(`${s.origin}${s.stack.model.routes[0]?.path}system`)
    ).json()) as {
      DatabaseBackendPlugin: string | null;
    };
    expect(system.DatabaseBackendPlugin).toMatch(/libOrthancPostgreSQLIndex/);
    expect(existsSync(join(s.stack.stateDir, 'orthanc-db', 'index'))).toBe(false);
    expect(s.stack.processes.map((p) => p.name)).toEqual(['postgres', 'orthanc', 'nginx']);
  });

  it('upload (STOW-RS, 1.25 MB) and query through nginx; the index rows are in PostgreSQL', async () => {
    const before = indexRows();
    const r = await stowSeries(s, series);
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    // patient + study + series + 32 instances
    expect(indexRows() - before).toBe(35);
    await checkDicomWeb(s, series);
  });

  it('the OHIF viewer lists the study and renders it', async () => {
    await checkViewerRenders(browser.browser, s, series, 'orthanc-postgres');
  });

  it('data survives restarting both Orthanc and PostgreSQL (and a kill -9 of PostgreSQL)', async () => {
    const rows = indexRows();
    await s.stack.kill('orthanc');
    await s.stack.kill('postgres');
    await s.stack.start('postgres');
    await s.stack.start('orthanc');
    expect(indexRows()).toBe(rows);
    await checkDicomWeb(s, series);

    // A crash: PostgreSQL replays its WAL, Orthanc reconnects on its restart.
    await s.stack.kill('orthanc', 'SIGKILL');
    await s.stack.kill('postgres', 'SIGKILL');
    await s.stack.start('postgres');
    await s.stack.start('orthanc');
    expect(indexRows()).toBe(rows);
    await checkDicomWeb(s, series);
    const log = readFileSync(join(s.stack.stateDir, 'logs', 'postgres.log'), 'utf8');
    expect(log).toMatch(/database system was interrupted|not properly shut down/);
  });

  it('the cluster listens on loopback TCP only and its files belong to the postgres user', () => {
    expect(readdirSync(join(s.stack.stateDir, 'postgres'))).toContain('PG_VERSION');
    expect(psql('SHOW listen_addresses')).toBe('127.0.0.1');
    expect(psql('SHOW unix_socket_directories')).toBe('');
    expect(psql('SHOW password_encryption')).toBe('scram-sha-256');
    if (process.getuid?.() === 0) {
      const owner = spawnSync('stat', ['-c', '%U', join(s.stack.stateDir, 'postgres')], {
        encoding: 'utf8',
      }).stdout.trim();
      expect(owner).toBe('postgres');
    }
  });
});
