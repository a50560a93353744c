import type { GateModule } from '../gate/types.js';
import type { PacsModule } from '../pacs/types.js';

/** A recipe variant: a PACS module plus its naming. Adding a variant is one small file. */
export interface Variant {
  name: string;
  description: string;
  pacs: PacsModule;
  /** An identity gate in front of every route (OIDC sign-in), if the variant has one. */
  gate?: GateModule;
  /** The app config's file name in config/ (upstream's names are kept). */
  appConfigName: string;
}
