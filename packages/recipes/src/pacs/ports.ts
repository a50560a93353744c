import type { ComposeService } from '../model/compose-service.js';
import type { Upstream } from '../model/route-model.js';
import type { Target } from '../model/target.js';
import type { ResolvedSpec } from '../input/types.js';

/** The compose `ports` entry for a PACS's DICOM port: none, loopback only, or all interfaces. */
export function dicomPortMapping(
  dicom: ResolvedSpec['dicom'],
  containerPort: number,
): Pick<ComposeService, 'ports'> {
  if (dicom.expose === 'none') return {};
  const host = dicom.expose === 'loopback' ? '127.0.0.1:' : '';
  return { ports: [`${host}${dicom.port}:${containerPort}`] };
}

/** The PACS's HTTP upstream: its compose service by name, or the native runner's loopback ports. */
export function pacsUpstream(
  name: string,
  containerPort: number,
  target: Target,
  nativePorts: readonly number[],
): Upstream {
  return target.kind === 'docker'
    ? { name, servers: [{ host: name, port: containerPort }] }
    : { name, servers: nativePorts.map((port) => ({ host: '127.0.0.1', port })) };
}
