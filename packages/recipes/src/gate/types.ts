import type { ComposeService } from '../emit/compose-model.js';
import type { GeneratedFile } from '../emit/generated-file.js';
import type { RouteModel, Upstream } from '../model/route-model.js';
import type { Target } from '../model/target.js';
import type { Secret } from '../pacs/types.js';

/**
 * An identity gate in front of viewer and PACS: nginx asks it about every request
 * (auth_request) and sends unauthenticated browsers to its sign-in page.
 */
export interface GateModule {
  kind: 'oidc';
  description: string;
  upstreams(target: Target): Upstream[];
  /** Compose services, keyed by name; the viewer waits for each with its condition. */
  services(model: RouteModel): Record<string, ComposeService>;
  dependsOn: Record<string, 'service_started' | 'service_healthy'>;
  volumes: string[];
  secrets: Secret[];
  /** Extra files (its configuration) for the recipe. */
  files(model: RouteModel): GeneratedFile[];
  notes(model: RouteModel): string[];
}
