import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCtSeries, makeSeries, type Series } from '@ohif-recipes/testing/e2e';
import { JPEG_LS_LOSSLESS } from '../../src/pacs/orthanc-config.js';
import { orthancId, startE2eStack, stowSeries, type E2eStack } from './stack.js';

const EXPLICIT_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** A file's Pixel Data bytes, as dcmdump writes them out (the file must be uncompressed). */
function pixelData(file: string, dir: string): Buffer {
  const out = mkdtempSync(join(dir, 'pixels-'));
  const dump = execFileSync('dcmdump', ['+L', '+W', out, file], { encoding: 'utf8' });
  const raw = /^\(7fe0,0010\) O[BW] =(\S+)/m.exec(dump)?.[1];
  if (!raw) throw new Error(`${file}: no Pixel Data in\n${dump}`);
  return readFileSync(raw);
}

/** The one part of a single-frame multipart/related answer. */
function onlyPart(body: Buffer, contentType: string): Buffer {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1] as string;
  const start = body.indexOf('\r\n\r\n') + 4;
  const end = body.indexOf(`\r\n--${boundary}--`, start);
  return body.subarray(start, end);
}

/**
 * Ingest transcoding (`--ingest-transcoding jpeg-ls`, the Orthanc default): what Orthanc
 * stores is JPEG-LS lossless, and decoded it is the original pixel data, bit for bit.
 */
describe('ingest transcoding to JPEG-LS lossless', () => {
  let s: E2eStack;
  let ct: Series;
  let small: Series;
  beforeAll(async () => {
    s = await startE2eStack('nginx-orthanc');
    // A 512x512 synthetic chest CT, and pydicom's real 128x128 signed CT slices.
    ct = makeCtSeries(join(s.dir, 'ct'), 3, 'RECIPES^LOSSLESS');
    small = makeSeries(join(s.dir, 'small'), 2, 'RECIPES^LOSSLESS^SMALL');
    for (const series of [ct, small]) expect((await stowSeries(s, series)).status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  /** Orthanc's REST API directly, with the credential only nginx holds. */
  const orthanc: typeof fetch = (url, init = {}) =>
    fetch(url, {
      ...init,
      headers: { ...s.stack.pacsHeaders, ...(init.headers as Record<string, string>) },
    });
  const rest = () => `${new URL(s.stack.pacs.readyUrl).origin}/`;

  it('stores JPEG-LS lossless whose decoded pixels equal the originals', async () => {
    let stored = 0;
    let received = 0;
    for (const series of [ct, small])
      for (const i of series.instances) {
        const id = await orthancId(orthanc, rest(), i.sopUid);
        const syntax = await (
          await orthanc(`${rest()}instances/${id}/metadata/TransferSyntax`)
        ).text();
        expect(syntax, i.sopUid).toBe(JPEG_LS_LOSSLESS);
        const file = join(s.dir, `${i.sopUid}.dcm`);
        writeFileSync(
          file,
          Buffer.from(await (await orthanc(`${rest()}instances/${id}/file`)).arrayBuffer()),
        );
        const decoded = join(s.dir, `${i.sopUid}-decoded.dcm`);
        execFileSync('dcmdjpls', [file, decoded]);
        const original = pixelData(i.file, s.dir);
        expect(pixelData(decoded, s.dir).equals(original), i.sopUid).toBe(true);
        stored += readFileSync(file).length;
        received += readFileSync(i.file).length;
      }
    console.log(
      `JPEG-LS lossless: stored ${stored} bytes for ${received} received (${(stored / received).toFixed(2)}x)`,
    );
    expect(stored).toBeLessThan(received);
  });

  it("OHIF's frames come as stored; a client asking for uncompressed gets the original pixels", async () => {
    const i = ct.instances[1] as Series['instances'][number];
    const url = `${s.origin}${s.roots.wadoRoot}/studies/${ct.studyUid}/series/${ct.seriesUid}/instances/${i.sopUid}/frames/1`;
    const asStored = await s.fetch(url, {
      headers: { Accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*' },
    });
    expect(asStored.status).toBe(200);
    expect(asStored.headers.get('content-type')).toContain(`transfer-syntax=${JPEG_LS_LOSSLESS}`);
    const plain = await s.fetch(url, {
      headers: {
        Accept: `multipart/related; type=application/octet-stream; transfer-syntax=${EXPLICIT_LITTLE_ENDIAN}`,
        'Accept-Encoding': 'identity',
      },
    });
    expect(plain.status).toBe(200);
    const type = plain.headers.get('content-type') as string;
    expect(type).toContain(`transfer-syntax=${EXPLICIT_LITTLE_ENDIAN}`);
    const frame = onlyPart(Buffer.from(await plain.arrayBuffer()), type);
    expect(frame.equals(pixelData(i.file, s.dir))).toBe(true);
  });
});
