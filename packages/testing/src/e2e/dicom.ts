import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** Real sample DICOM from Debian's python3-pydicom (a 128x128 16-bit CT slice). */
export const PYDICOM_FILES = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
export const SAMPLE_CT = join(PYDICOM_FILES, 'CT_small.dcm');

/** A DICOM UID under the 2.25 (UUID-derived) root. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomBytes(16).toString('hex')}`).toString()}`;
}

export interface Series {
  studyUid: string;
  seriesUid: string;
  instances: Array<{ file: string; sopUid: string }>;
  patientName: string;
}

/**
 * A multi-slice CT series made from the sample slice with dcmtk's dcmodify: shared study
 * and series UIDs, one SOP instance UID, instance number and slice position per slice.
 */
export function makeSeries(
  dir: string,
  slices: number,
  patientName = 'RECIPES^E2E',
  studyUid = newUid(),
): Series {
  mkdirSync(dir, { recursive: true });
  const seriesUid = newUid();
  const instances: Series['instances'] = [];
  for (let i = 1; i <= slices; i++) {
    const file = join(dir, `slice-${String(i).padStart(3, '0')}.dcm`);
    copyFileSync(SAMPLE_CT, file);
    const sopUid = newUid();
    execFileSync('dcmodify', [
      '-nb',
      '-m',
      `(0010,0010)=${patientName}`,
      '-m',
      '(0010,0020)=RECIPES-E2E',
      '-m',
      `(0020,000D)=${studyUid}`,
      '-m',
      `(0020,000E)=${seriesUid}`,
      '-m',
      `(0008,0018)=${sopUid}`,
      '-m',
      `(0020,0013)=${i}`,
      '-m',
      `(0020,0032)=-158.135803\\-179.035797\\${(-75.699997 + 5 * i).toFixed(6)}`,
      '-m',
      `(0020,1041)=${(-75.699997 + 5 * i).toFixed(6)}`,
      file,
    ]);
    instances.push({ file, sopUid });
  }
  return { studyUid, seriesUid, instances, patientName };
}
