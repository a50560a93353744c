import { Ajv, type ErrorObject } from 'ajv';
import { closest } from '@ohif-recipes/viewer-config';
import { RecipeError, type Problem } from '../errors.js';
import { DEFAULT_OHIF_VERSION } from '../versions.js';
import { parsePublicUrl, pathSegments } from './public-url.js';
import { optionFor } from './option-table.js';
import { recipeSpecSchema } from './schema.js';
import { semanticProblems } from './semantics.js';
import type { PacsDefaults, RecipeSpec, ResolvedSpec, TlsMode } from './types.js';

/**
 * Top-level paths of the OHIF app (routes, dist folders, the files the app is made of) and
 * of the recipe (its health check) that the PACS must not shadow.
 */
const OHIF_OWNED = new Set([
  'index.html',
  'app-config.js',
  'sw.js',
  'init-service-worker.js',
  'manifest.json',
  'healthz',
  'viewer',
  'local',
  'assets',
  'customizations',
  'ort',
  'dicom-microscopy-viewer',
  'dicomweb',
  'dicomjson',
  'dicomwebproxy',
  'dicomlocal',
  'segmentation',
  'tmtv',
  'microscopy',
  'notfound',
]);

const check = new Ajv({ allErrors: true, verbose: true }).compile(recipeSpecSchema);

/**
 * A field with alternative forms (`tls`: true, or an object) fails every branch. When the
 * value took one form (an object), its own errors say what is wrong; the branches it did not
 * take (`must be boolean`) are noise. Else one line says the form is wrong.
 */
function collapseAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const alternatives = new Set(
    errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath),
  );
  const specific = (path: string) =>
    errors.some(
      (o) => o.keyword !== 'oneOf' && o.keyword !== 'type' && o.instancePath.startsWith(path),
    );
  return errors.filter((e) => {
    if (!alternatives.has(e.instancePath)) return true;
    if (specific(e.instancePath)) return e.keyword !== 'oneOf' && e.keyword !== 'type';
    return e.keyword === 'oneOf';
  });
}

/** What a schema error says, in this project's words (never ajv's). */
function inOurWords(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'oneOf':
      return 'is not one of the accepted forms';
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => String(v)).join(', ')}`;
    case 'type':
      return p.type === 'integer' ? 'must be a whole number' : `must be a ${String(p.type)}`;
    case 'minimum':
      return `must be at least ${String(p.limit)}`;
    case 'maximum':
      return `must be at most ${String(p.limit)}`;
    case 'minLength':
      return 'must not be empty';
    default:
      return 'is not in the accepted form';
  }
}

function schemaProblems(input: unknown): Problem[] {
  if (check(input)) return [];
  return collapseAlternatives(check.errors ?? []).map((e) => {
    const field = e.instancePath.split('/').slice(1).join('.');
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys(
        (e.parentSchema as { properties?: Record<string, unknown> }).properties ?? {},
      );
      const guess = closest(key, known);
      return {
        path: field ? `${field}.${key}` : key,
        message: 'is not a recipe option',
        fix: guess
          ? `did you mean "${guess}"?`
          : `remove it; ${field || 'a spec'} takes ${known.join(', ')}`,
      };
    }
    if (e.keyword === 'required') {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      return field
        ? {
            path: `${field}.${key}`,
            message: 'is required',
            fix: optionFor(field)?.fix ?? `add "${key}"`,
          }
        : { path: key, message: 'is required', fix: 'name a variant (ohif-recipes list)' };
    }
    const fix = optionFor(field)?.fix ?? 'see the recipe spec schema';
    return { path: field || '(spec)', message: inOurWords(e), fix };
  });
}

/**
 * Checks user options and fills in defaults. Throws `RecipeError` listing every
 * problem; nothing downstream sees an unchecked value.
 */
export function resolveSpec(
  input: unknown,
  variants: readonly string[],
  defaults: PacsDefaults,
): ResolvedSpec {
  const problems = schemaProblems(input);
  if (problems.length > 0) throw new RecipeError(problems);
  const spec = input as RecipeSpec;
  if (!variants.includes(spec.variant)) {
    problems.push({
      path: 'variant',
      message: `unknown variant ${JSON.stringify(spec.variant)}`,
      fix: `use one of: ${variants.join(', ')}`,
    });
  }
  const publicUrl = parsePublicUrl(spec.publicUrl ?? 'http://localhost/', problems);
  const pacsSegs = pathSegments(spec.pacsPath ?? defaults.pacsPath, 'pacsPath', problems);
  if (pacsSegs[0] && OHIF_OWNED.has(pacsSegs[0])) {
    problems.push({
      path: 'pacsPath',
      message: `"${pacsSegs[0]}" is a path the OHIF viewer uses itself`,
      fix: 'choose another name, such as pacs',
    });
  }
  if (pacsSegs.length === 0)
    problems.push({
      path: 'pacsPath',
      message: 'is empty',
      fix: 'name a path such as pacs; the viewer owns the public URL itself',
    });
  const tls: TlsMode =
    spec.tls === true
      ? { mode: 'self-signed' }
      : typeof spec.tls === 'object'
        ? { mode: 'files', ...spec.tls }
        : { mode: 'off' };
  if (tls.mode === 'files') {
    for (const k of ['certificate', 'key'] as const) {
      if (!tls[k].startsWith('/') || /[\s:'"$]/.test(tls[k]))
        problems.push({
          path: `tls.${k}`,
          message: 'must be an absolute path without spaces, quotes, ":" or "$"',
          fix: 'give the full path of the PEM file',
        });
    }
  }
  if (tls.mode !== 'off' && publicUrl && publicUrl.scheme !== 'https') {
    problems.push({
      path: 'publicUrl',
      message: 'must start with https:// when TLS is on',
      fix: `use ${publicUrl.href.replace(/^http:/, 'https:')}`,
    });
  }
  if (problems.length > 0 || !publicUrl) throw new RecipeError(problems);
  const images = Object.fromEntries(
    Object.entries(spec.images ?? {}).sort(([a], [b]) => a.localeCompare(b)),
  );
  const resolved: ResolvedSpec = {
    variant: spec.variant,
    publicUrl,
    pacsPath: `${publicUrl.basePath}${pacsSegs.join('/')}/`,
    // With TLS the public URL's port is the HTTPS one; plain HTTP stays on 80 to redirect.
    httpPort: spec.httpPort ?? (tls.mode === 'off' ? publicUrl.port : 80),
    httpsPort: spec.httpsPort ?? publicUrl.port,
    auth: spec.auth ?? 'none',
    tls,
    dicom: {
      port: spec.dicom?.port ?? defaults.dicomPort,
      expose: spec.dicom?.expose ?? 'loopback',
      aeTitle: spec.dicom?.aeTitle ?? defaults.aeTitle,
    },
    maxUploadSize: spec.maxUploadSize ?? '4g',
    // Kubernetes has no DICOMweb cache (see deploymentProblems).
    dicomwebCache:
      spec.dicomwebCache ?? (spec.target === 'kubernetes' ? '0' : defaults.dicomwebCache),
    ingestTranscoding: spec.ingestTranscoding ?? defaults.ingestTranscoding,
    ohifVersion: spec.ohifVersion ?? DEFAULT_OHIF_VERSION,
    images,
    target: spec.target ?? 'compose',
    orthancReplicas: spec.orthancReplicas ?? 1,
  };
  const meaning = semanticProblems(spec, resolved);
  if (meaning.length > 0) throw new RecipeError(meaning);
  return resolved;
}
