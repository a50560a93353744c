import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newUid, SAMPLE_CT, type Series } from './dicom.js';

/**
 * One 512x512 slice of a synthetic chest CT in Hounsfield units (signed 16-bit): air around
 * a body outline whose size changes along the series, soft tissue with noise, two lungs in
 * the middle of the range, a spine and ribs of bone. Smooth regions and noise compress like
 * real CT, unlike a constant image.
 */
function slicePixels(z: number, seed: number): Buffer {
  const size = 512;
  const out = Buffer.alloc(size * size * 2);
  let state = seed >>> 0 || 1;
  const noise = (): number => {
    // xorshift32: cheap, deterministic per slice.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 0xffffffff - 0.5) * 40;
  };
  const bulge = Math.sin(Math.PI * z);
  const rx = 190 + 30 * bulge;
  const ry = 140 + 20 * bulge;
  const lungs = z > 0.2 && z < 0.85;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = (x - 256) / rx;
      const dy = (y - 266) / ry;
      const r = dx * dx + dy * dy;
      let hu = -1000;
      if (r < 1) {
        hu = 40 + noise();
        // Subcutaneous fat in a ring near the skin.
        if (r > 0.82) hu = -90 + noise();
        // Ribs: bright spots along an inner ring.
        if (r > 0.7 && r < 0.76 && Math.floor(Math.atan2(dy, dx) * 6) % 2 === 0) hu = 650 + noise();
        if (lungs) {
          for (const cx of [-0.45, 0.45]) {
            const lx = (dx - cx) / 0.33;
            const ly = (dy + 0.05) / 0.6;
            if (lx * lx + ly * ly < 1) hu = -820 + noise() * 2;
          }
        }
        // The spine: a vertebral body behind the mediastinum.
        const sx = (x - 256) / 22;
        const sy = (y - 360) / 20;
        if (sx * sx + sy * sy < 1) hu = 700 + noise();
      }
      out.writeInt16LE(Math.round(hu), (y * size + x) * 2);
    }
  }
  return out;
}

/**
 * A CT series of `slices` 512x512 16-bit slices (1.25 mm apart) made from the sample slice's
 * header with dcmtk's dcmodify, pixel data written from `slicePixels`.
 */
export function makeCtSeries(dir: string, slices: number, patientName = 'RECIPES^CT'): Series {
  mkdirSync(dir, { recursive: true });
  const studyUid = newUid();
  const seriesUid = newUid();
  const instances: Series['instances'] = [];
  const raw = join(dir, 'pixels.raw');
  for (let i = 1; i <= slices; i++) {
    const file = join(dir, `ct-${String(i).padStart(4, '0')}.dcm`);
    copyFileSync(SAMPLE_CT, file);
    writeFileSync(raw, slicePixels((i - 1) / Math.max(1, slices - 1), i * 2654435761));
    const sopUid = newUid();
    const z = (-200 + 1.25 * i).toFixed(2);
    const set = (tag: string, value: string | number) => ['-i', `${tag}=${value}`];
    execFileSync('dcmodify', [
      '-nb',
      ...set('(0010,0010)', patientName),
      ...set('(0010,0020)', 'RECIPES-CT'),
      ...set('(0020,000D)', studyUid),
      ...set('(0020,000E)', seriesUid),
      ...set('(0008,0018)', sopUid),
      ...set('(0020,0013)', i),
      ...set('(0020,0032)', `-179.2\\-179.2\\${z}`),
      ...set('(0020,1041)', z),
      ...set('(0028,0010)', 512),
      ...set('(0028,0011)', 512),
      ...set('(0028,0030)', '0.7\\0.7'),
      ...set('(0018,0050)', '1.25'),
      ...set('(0028,0100)', 16),
      ...set('(0028,0101)', 16),
      ...set('(0028,0102)', 15),
      ...set('(0028,0103)', 1),
      ...set('(0028,1052)', 0),
      ...set('(0028,1053)', 1),
      ...set('(0028,1050)', 40),
      ...set('(0028,1051)', 400),
      '-if',
      `(7fe0,0010)=${raw}`,
      file,
    ]);
    instances.push({ file, sopUid });
  }
  return { studyUid, seriesUid, instances, patientName };
}
