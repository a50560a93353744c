import type { ComposeService } from '../model/compose-service.js';
import type { GeneratedFile } from '../model/generated-file.js';
import type { CoreModel, Secret, Upstream } from '../model/route-model.js';
import type { Target } from '../model/target.js';

/**
 * An identity gate in front of viewer and PACS: nginx asks it about every request
 * (auth_request) and sends unauthenticated browsers to its sign-in page.
 */
export interface GateModule {
  kind: 'oidc';
  description: string;
  upstreams(target: Target): Upstream[];
  /** Compose services, keyed by name; the viewer waits for each with its condition. */
  services(model: CoreModel): Record<string, ComposeService>;
  dependsOn: Record<string, 'service_started' | 'service_healthy'>;
  volumes: string[];
  secrets: Secret[];
  /** Extra files (its configuration) for the recipe. */
  files(model: CoreModel): GeneratedFile[];
  notes(model: CoreModel): string[];
}
