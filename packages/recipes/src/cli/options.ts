import { readFileSync } from 'node:fs';
import type { RecipeSpec } from '../input/types.js';

/** CLI option <-> spec field, so errors name what the user typed. */
export const OPTION_FIELDS: Record<string, string> = {
  'public-url': 'publicUrl',
  'pacs-path': 'pacsPath',
  'http-port': 'httpPort',
  'dicom-port': 'dicom.port',
  'expose-dicom': 'dicom.expose',
  'ae-title': 'dicom.aeTitle',
  'max-upload': 'maxUploadSize',
  auth: 'auth',
  'https-port': 'httpsPort',
  'tls-cert': 'tls.certificate',
  'tls-key': 'tls.key',
  'ohif-version': 'ohifVersion',
};

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function integer(value: string): number | string {
  // A non-number goes through as text so the schema names the option and the fix.
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Builds the spec from `--config` (if any) with command-line options on top. */
export function specFromOptions(
  variant: string,
  values: Record<string, string | boolean | undefined>,
): RecipeSpec {
  let base: Record<string, unknown> = {};
  const config = values.config;
  if (typeof config === 'string') {
    let text: string;
    try {
      text = readFileSync(config, 'utf8');
    } catch (e) {
      throw new UsageError(
        `--config: cannot read ${config} (${(e as NodeJS.ErrnoException).code ?? e}); fix: give the path of a JSON spec file`,
      );
    }
    try {
      base = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(
        `--config: ${config} is not valid JSON (${(e as Error).message}); fix: correct the file`,
      );
    }
    if (typeof base !== 'object' || base === null || Array.isArray(base))
      throw new UsageError(
        `--config: ${config} must hold a JSON object; fix: see the recipe spec schema`,
      );
  }
  const spec: Record<string, unknown> = { ...base, variant };
  const dicom: Record<string, unknown> = {
    ...((base.dicom as Record<string, unknown> | undefined) ?? {}),
  };
  const str = (k: string): string | undefined =>
    typeof values[k] === 'string' ? (values[k] as string) : undefined;
  if (str('public-url') !== undefined) spec.publicUrl = str('public-url');
  if (str('pacs-path') !== undefined) spec.pacsPath = str('pacs-path');
  if (str('http-port') !== undefined) spec.httpPort = integer(str('http-port') as string);
  if (str('max-upload') !== undefined) spec.maxUploadSize = str('max-upload');
  if (str('ohif-version') !== undefined) spec.ohifVersion = str('ohif-version');
  if (str('auth') !== undefined) spec.auth = str('auth');
  if (str('https-port') !== undefined) spec.httpsPort = integer(str('https-port') as string);
  const cert = str('tls-cert');
  const key = str('tls-key');
  if ((cert === undefined) !== (key === undefined))
    throw new UsageError('--tls-cert and --tls-key go together; fix: give both PEM files');
  if (cert !== undefined && key !== undefined) spec.tls = { certificate: cert, key };
  else if (values.tls === true) spec.tls = true;
  if (str('dicom-port') !== undefined) dicom.port = integer(str('dicom-port') as string);
  if (str('expose-dicom') !== undefined) dicom.expose = str('expose-dicom');
  if (str('ae-title') !== undefined) dicom.aeTitle = str('ae-title');
  if (Object.keys(dicom).length > 0) spec.dicom = dicom;
  return spec as unknown as RecipeSpec;
}

/** `publicUrl` -> `--public-url` when the value came from that option, else the spec field. */
export function optionName(field: string, given: Record<string, unknown>): string {
  const entry = Object.entries(OPTION_FIELDS).find(([, f]) => f === field);
  return entry && given[entry[0]] !== undefined ? `--${entry[0]}` : field;
}
