import type { ComposeService } from '../emit/compose-model.js';
import type { ResolvedSpec } from '../spec/types.js';

/** The compose `ports` entry for a PACS's DICOM port: none, loopback only, or all interfaces. */
export function dicomPortMapping(
  dicom: ResolvedSpec['dicom'],
  containerPort: number,
): Pick<ComposeService, 'ports'> {
  if (dicom.expose === 'none') return {};
  const host = dicom.expose === 'loopback' ? '127.0.0.1:' : '';
  return { ports: [`${host}${dicom.port}:${containerPort}`] };
}
