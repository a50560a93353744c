import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFor, makeSeries, stowBody, type Series } from '@ohif-recipes/testing/e2e';
import { startE2eStack, type E2eStack } from './stack.js';

const READER = 'reader:reader-password';
const ADMIN = 'admin:admin-password';

/**
 * Viewer users are not PACS administrators: on the live native stack with --auth basic,
 * each route x role x method, and the status each gets.
 */
describe('roles behind the proxy (--auth basic)', () => {
  let s: E2eStack;
  let series: Series;
  beforeAll(async () => {
    s = await startE2eStack('nginx-orthanc', '', { users: READER, admins: ADMIN });
    series = makeSeries(join(s.dir, 'dcm'), 3, 'RECIPES^ROLES');
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it('each route x role x method answers as the role allows', async () => {
    const [a, b] = series.instances;
    const stow = (file: string) => {
      const { body, contentType } = stowBody([file]);
      return {
        method: 'POST',
        body: new Uint8Array(body),
        headers: { 'Content-Type': contentType },
      };
    };
    const wado = `/pacs/wado?requestType=WADO&studyUID=${series.studyUid}&seriesUID=${series.seriesUid}&objectUID=${a?.sopUid}&contentType=application/dicom`;
    // [what, path, init, expected for anonymous, reader, admin]
    const cases: Array<[string, string, () => RequestInit, number, number, number]> = [
      ['viewer', '/', () => ({}), 401, 200, 200],
      ['STOW-RS', '/pacs/dicom-web/studies', () => stow(a?.file as string), 401, 200, 200],
      [
        'QIDO-RS',
        `/pacs/dicom-web/studies?StudyInstanceUID=${series.studyUid}`,
        () => ({}),
        401,
        200,
        200,
      ],
      ['WADO-URI', wado, () => ({}), 401, 200, 200],
      ['system', '/pacs/system', () => ({}), 401, 401, 200],
      ['plugins', '/pacs/plugins', () => ({}), 401, 401, 200],
      ['jobs', '/pacs/jobs', () => ({}), 401, 401, 200],
      ['modalities', '/pacs/modalities', () => ({}), 401, 401, 200],
      ['peers', '/pacs/peers', () => ({}), 401, 401, 200],
      ['explorer', '/pacs/app/explorer.html', () => ({}), 401, 401, 200],
      [
        'REST upload',
        '/pacs/instances',
        () => ({ method: 'POST', body: new Uint8Array(readFileSync(b?.file as string)) }),
        401,
        401,
        200,
      ],
      // Host operations are not proxied at all, whatever the spelling.
      [
        'log level',
        '/pacs/tools/log-level',
        () => ({ method: 'PUT', body: 'default' }),
        404,
        404,
        404,
      ],
      [
        'Lua',
        '/pacs/tools/execute-script',
        () => ({ method: 'POST', body: 'print(1)' }),
        404,
        404,
        404,
      ],
      [
        'Lua (case)',
        '/pacs/tools/Execute-Script/',
        () => ({ method: 'POST', body: 'print(1)' }),
        404,
        404,
        404,
      ],
      [
        'Lua (%-enc)',
        '/pacs/tools/execute%2Dscript',
        () => ({ method: 'POST', body: 'print(1)' }),
        404,
        404,
        404,
      ],
      ['shutdown', '/pacs//tools/shutdown', () => ({ method: 'POST', body: '' }), 404, 404, 404],
      ['reset', '/pacs/tools/reset', () => ({ method: 'POST', body: '' }), 404, 404, 404],
      ['DELETE', '/pacs/instances/does-not-exist', () => ({ method: 'DELETE' }), 401, 401, 404],
    ];
    const as = {
      anonymous: fetch,
      reader: fetchFor({ auth: READER }),
      admin: fetchFor({ auth: ADMIN }),
    };
    const rows: string[] = [];
    for (const [what, path, init, ...expected] of cases) {
      const got = [];
      for (const f of Object.values(as)) {
        const r = await f(`${s.origin}${path}`, init());
        await r.arrayBuffer();
        got.push(r.status);
      }
      rows.push(`${what.padEnd(12)} ${got.join(' ')}`);
      expect(got, `${what} ${path} (anonymous, reader, admin)`).toEqual(expected);
    }
    console.log(`route x role (anonymous reader admin):\n${rows.join('\n')}`);
    // The 404 is nginx's: the request never reached Orthanc.
    const lua = await as.admin(`${s.origin}/pacs/tools/execute-script`, {
      method: 'POST',
      body: 'print(1)',
    });
    expect(await lua.text()).toContain('Not proxied');
  });
});
