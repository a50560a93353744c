import type { DicomWebConfiguration } from '@ohif-recipes/viewer-config';
import type { ComposeService } from '../emit/compose-model.js';
import type { GeneratedFile } from '../emit/generated-file.js';
import type { DicomWebRoots, ProxyRoute, RouteModel, Upstream } from '../model/route-model.js';
import type { Target } from '../model/target.js';
import type { ResolvedSpec } from '../input/types.js';

/** A secret the recipe needs; it lives in `.env`, never in a shipped file. */
export interface Secret {
  name: string;
  description: string;
}

/** What a PACS contributes to a recipe: its routes, its browser-facing roots and its services. */
export interface PacsModule {
  kind: string;
  /** A database service the PACS keeps its index in (besides its own storage). */
  database?: 'postgres';
  defaults: { pacsPath: string; dicomPort: number; aeTitle: string };
  upstreams(spec: ResolvedSpec, target: Target): Upstream[];
  routes(spec: ResolvedSpec): ProxyRoute[];
  dicomweb(spec: ResolvedSpec, target: Target): DicomWebRoots;
  /** OHIF data-source options this PACS needs besides the roots. */
  dataSource: Omit<DicomWebConfiguration, 'name' | 'qidoRoot' | 'wadoRoot' | 'wadoUriRoot'>;
  /** Compose services, keyed by name; the viewer service depends on `healthGate`. */
  services(model: RouteModel): Record<string, ComposeService>;
  healthGate: string;
  volumes: string[];
  secrets: Secret[];
  /** Extra files (its configuration) for the recipe. */
  files(model: RouteModel): GeneratedFile[];
  /** README lines about this PACS. */
  notes(model: RouteModel): string[];
}
