import type { RecipeSpec, ResolvedSpec } from './types.js';

/**
 * The one table of recipe options. Each row is a command-line flag and the spec field it
 * sets; from these rows come the spec file's JSON Schema, the CLI's parsing and --help, the
 * fix in every error message, and the regenerate command a recipe's README prints.
 */
export interface RecipeOption {
  /** The flag without dashes: `public-url`. */
  flag: string;
  /** The spec field it sets, dotted for nested ones: `dicom.port`. */
  path: string;
  /** How the flag's text becomes the field's value. */
  kind: 'text' | 'port' | 'count' | 'switch' | 'image';
  /** Shown after the flag in --help: `URL`, `N`. */
  placeholder?: string;
  /** One line for --help. */
  help: string;
  /** What to do when the value is refused. */
  fix: string;
  /** The JSON Schema of the field (absent: another row's schema covers it, as tls covers tls-cert). */
  schema?: object;
  /** The flag's value that gives this resolved spec's field (undefined: no flag). */
  value(spec: ResolvedSpec): FlagValue | undefined;
}

/** A flag as parsed: text, a switch, or repeated text. */
export type FlagValue = string | boolean | string[];
export type FlagValues = Record<string, FlagValue | undefined>;

const PORT = { type: 'integer', minimum: 1, maximum: 65535 } as const;
/** An nginx size (`500m`, `2g`) or 0. */
const NGINX_SIZE = { type: 'string', pattern: '^(0|[1-9][0-9]*[kKmMgG]?)$' } as const;

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?';
/** A pinned image reference: registry host (and port) optional; a tag or a digest required. */
export const IMAGE_REFERENCE = `^${HOST}${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127}(?:@sha256:[a-f0-9]{64})?|@sha256:[a-f0-9]{64})$`;

export const RECIPE_OPTIONS: readonly RecipeOption[] = [
  {
    flag: 'public-url',
    path: 'publicUrl',
    kind: 'text',
    placeholder: 'URL',
    help: 'where browsers reach the viewer (default http://localhost/), e.g. https://pacs.example.org/ohif/',
    fix: 'use an absolute http(s) URL such as https://pacs.example.org/ohif/',
    schema: { type: 'string' },
    value: (s) => s.publicUrl.href,
  },
  {
    flag: 'pacs-path',
    path: 'pacsPath',
    kind: 'text',
    placeholder: 'P',
    help: "PACS mount point under the public URL's path (default pacs)",
    fix: 'use a path such as pacs',
    schema: { type: 'string' },
    value: (s) => s.pacsPath.slice(s.publicUrl.basePath.length).replace(/\/$/, ''),
  },
  {
    flag: 'http-port',
    path: 'httpPort',
    kind: 'port',
    placeholder: 'N',
    help: "host port nginx is published on (default: the public URL's port)",
    fix: 'use a port number from 1 to 65535',
    schema: PORT,
    value: (s) => String(s.httpPort),
  },
  {
    flag: 'https-port',
    path: 'httpsPort',
    kind: 'port',
    placeholder: 'N',
    help: "host port of HTTPS (default: the public URL's port); --http-port then redirects",
    fix: 'use a port number from 1 to 65535',
    schema: PORT,
    value: (s) => (s.tls.mode === 'off' ? undefined : String(s.httpsPort)),
  },
  {
    flag: 'dicom-port',
    path: 'dicom.port',
    kind: 'port',
    placeholder: 'N',
    help: 'DICOM (C-STORE) port of the PACS (default 4242 for Orthanc, 11112 for dcm4chee)',
    fix: 'use a port number from 1 to 65535',
    schema: PORT,
    value: (s) => String(s.dicom.port),
  },
  {
    flag: 'expose-dicom',
    path: 'dicom.expose',
    kind: 'text',
    placeholder: 'M',
    help: 'none | loopback (default, 127.0.0.1 only) | all',
    fix: 'use none, loopback or all',
    schema: { enum: ['none', 'loopback', 'all'] },
    value: (s) => s.dicom.expose,
  },
  {
    flag: 'ae-title',
    path: 'dicom.aeTitle',
    kind: 'text',
    placeholder: 'T',
    help: "the PACS's AE title",
    fix: 'use 1 to 16 characters A-Z, 0-9 or _',
    schema: { type: 'string', pattern: '^[A-Z0-9_]{1,16}$' },
    value: (s) => s.dicom.aeTitle,
  },
  {
    flag: 'max-upload',
    path: 'maxUploadSize',
    kind: 'text',
    placeholder: 'SIZE',
    help: 'largest upload through nginx (default 4g; 0 = no limit)',
    fix: 'use an nginx size such as 500m or 2g (0 for no limit)',
    schema: NGINX_SIZE,
    value: (s) => s.maxUploadSize,
  },
  {
    flag: 'dicomweb-cache',
    path: 'dicomwebCache',
    kind: 'text',
    placeholder: 'SIZE',
    help: 'disk nginx may fill with DICOMweb frames and series metadata (Orthanc; default 2g; 0 = no cache)',
    fix: 'use an nginx size such as 500m or 20g (0 for no cache)',
    schema: NGINX_SIZE,
    value: (s) => s.dicomwebCache,
  },
  {
    flag: 'ingest-transcoding',
    path: 'ingestTranscoding',
    kind: 'text',
    placeholder: 'T',
    help: 'jpeg-ls: Orthanc stores uncompressed images as JPEG-LS lossless (default); off: as received',
    fix: 'use jpeg-ls or off',
    schema: { enum: ['jpeg-ls', 'off'] },
    value: (s) => s.ingestTranscoding,
  },
  {
    flag: 'ohif-version',
    path: 'ohifVersion',
    kind: 'text',
    placeholder: 'V',
    help: '@ohif/app version to serve (default pinned)',
    fix: 'use an exact @ohif/app version such as 3.13.2',
    schema: { type: 'string', pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.]+)?$' },
    value: (s) => s.ohifVersion,
  },
  {
    flag: 'auth',
    path: 'auth',
    kind: 'text',
    placeholder: 'basic',
    help: 'basic authentication on every route (users from OHIF_BASIC_AUTH_USERS at start)',
    fix: 'use none or basic',
    schema: { enum: ['none', 'basic'] },
    value: (s) => s.auth,
  },
  {
    flag: 'tls',
    path: 'tls',
    kind: 'switch',
    help: 'HTTPS with a self-signed certificate made at first start (public URL must be https)',
    fix: 'use true (self-signed at first start) or { "certificate": PATH, "key": PATH }',
    schema: {
      oneOf: [
        { type: 'boolean' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['certificate', 'key'],
          properties: {
            certificate: { type: 'string', minLength: 1 },
            key: { type: 'string', minLength: 1 },
          },
        },
      ],
    },
    value: (s) => s.tls.mode === 'self-signed' || undefined,
  },
  {
    flag: 'tls-cert',
    path: 'tls.certificate',
    kind: 'text',
    placeholder: 'F',
    help: 'HTTPS with this PEM certificate (mounted read-only; with --tls-key)',
    fix: 'give the full path of the PEM file',
    value: (s) => (s.tls.mode === 'files' ? s.tls.certificate : undefined),
  },
  {
    flag: 'tls-key',
    path: 'tls.key',
    kind: 'text',
    placeholder: 'F',
    help: 'the PEM key that goes with --tls-cert',
    fix: 'give the full path of the PEM file',
    value: (s) => (s.tls.mode === 'files' ? s.tls.key : undefined),
  },
  {
    flag: 'target',
    path: 'target',
    kind: 'text',
    placeholder: 'T',
    help: 'compose (default: docker compose) or kubernetes (Kustomize manifests)',
    fix: 'use compose or kubernetes',
    schema: { enum: ['compose', 'kubernetes'] },
    value: (s) => s.target,
  },
  {
    flag: 'orthanc-replicas',
    path: 'orthancReplicas',
    kind: 'count',
    placeholder: 'N',
    help: 'Orthanc web replicas on one PostgreSQL index, plus one ingest Orthanc (default 1; kubernetes, up)',
    fix: 'use a whole number from 1 to 16',
    schema: { type: 'integer', minimum: 1, maximum: 16 },
    value: (s) => String(s.orthancReplicas),
  },
  {
    flag: 'image',
    path: 'images',
    kind: 'image',
    placeholder: 'ROLE=REF',
    help: 'use another image for a role (viewer, nginx, node, orthanc, postgres, ...); repeatable',
    fix: 'use a pinned image reference such as nginx:1.28.0',
    schema: {
      type: 'object',
      additionalProperties: {
        type: 'string',
        // The distribution reference grammar: [host[:port]/]path, then a tag, a digest or both.
        pattern: IMAGE_REFERENCE,
      },
    },
    value: (s) => {
      const refs = Object.entries(s.images).map(([role, ref]) => `${role}=${ref}`);
      return refs.length ? refs : undefined;
    },
  },
];

/** The row for a spec field (nested ones under their dotted path), if a flag sets it. */
export function optionFor(path: string): RecipeOption | undefined {
  return (
    RECIPE_OPTIONS.find((o) => o.path === path) ??
    RECIPE_OPTIONS.find((o) => path.startsWith(`${o.path}.`))
  );
}

/** `--flag PLACEHOLDER   help`, one line per option (and per `extra` [flag, help]), for --help. */
export function optionHelp(
  extra: ReadonlyArray<readonly [string, string]> = [],
  indent = '  ',
): string {
  const rows = [
    ...RECIPE_OPTIONS.map(
      (o) => [`--${o.flag}${o.placeholder ? ` ${o.placeholder}` : ''}`, o.help] as const,
    ),
    ...extra,
  ];
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, help]) => `${indent}${left.padEnd(width)}${help}`).join('\n');
}

/** Thrown for flags that cannot make a spec at all (the schema checks the values later). */
export class FlagError extends Error {
  override readonly name = 'FlagError';
}

/** Sets `value` at a dotted path, making the objects on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = target;
  for (const k of keys.slice(0, -1)) {
    const next = at[k];
    at[k] = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...next } : {};
    at = at[k] as Record<string, unknown>;
  }
  at[keys.at(-1) as string] = value;
}

/** A spec from flags, row by row, on top of `base` (a spec file's contents). */
export function specFromFlags(
  variant: string,
  values: FlagValues,
  base: Record<string, unknown> = {},
): RecipeSpec {
  const spec: Record<string, unknown> = { ...base, variant };
  const cert = values['tls-cert'];
  const key = values['tls-key'];
  if ((cert === undefined) !== (key === undefined))
    throw new FlagError('--tls-cert and --tls-key go together; fix: give both PEM files');
  for (const o of RECIPE_OPTIONS) {
    const v = values[o.flag];
    if (v === undefined || v === false) continue;
    if (o.kind === 'switch') {
      // --tls-cert/--tls-key name the files; --tls alone asks for a self-signed certificate.
      if (cert === undefined) setPath(spec, o.path, true);
    } else if (o.kind === 'image') {
      for (const entry of [v].flat()) {
        const ref = String(entry);
        const eq = ref.indexOf('=');
        if (eq < 1)
          throw new FlagError(
            `--image: "${ref}" is not ROLE=REF; fix: e.g. --image orthanc=orthancteam/orthanc:26.8.1`,
          );
        setPath(spec, `${o.path}.${ref.slice(0, eq)}`, ref.slice(eq + 1));
      }
    } else if (o.kind === 'port' || o.kind === 'count') {
      // A non-number goes through as text so the schema names the option and the fix.
      setPath(spec, o.path, /^\d+$/.test(String(v)) ? Number(v) : v);
    } else setPath(spec, o.path, v);
  }
  return spec as unknown as RecipeSpec;
}
