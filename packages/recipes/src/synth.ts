import { findProblems, lint, render } from '@ohif-recipes/nginx-dsl';
import { toAppConfigJs } from '@ohif-recipes/viewer-config/node';
import { MAKE_SECRETS_SH } from './assets/make-secrets.js';
import { PREPARE_DIST_SH } from './assets/prepare-dist.js';
import { composeModel, composeYaml } from './emit/compose.js';
import {
  DOCKERFILE_VARIABLE,
  OHIF_SOURCES,
  renderDockerfile,
  viewerDockerfile,
} from './emit/dockerfile.js';
import { dockerignore } from './emit/dockerignore.js';
import { kubernetesFiles } from './emit/kubernetes/kustomize.js';
import { gitignore } from './emit/gitignore.js';
import { envExample } from './emit/env.js';
import type { GeneratedFile } from './model/generated-file.js';
import { readme } from './emit/readme.js';
import { SCHEMA_FILE, schemaFile, SPEC_FILE, specFile } from './emit/spec-file.js';
import { nginxConfig, RECIPES_CATALOG } from './emit/nginx.js';
import { appConfig } from './emit/viewer.js';
import { RecipeError, type Problem } from './errors.js';
import type { ResolvedSpec } from './input/types.js';
import { oidcUrls } from './model/oidc.js';
import { deriveRouteModel } from './model/derive.js';
import type { RouteModel } from './model/route-model.js';
import { DOCKER, type Target } from './model/target.js';
import { resolveSpec } from './input/resolve.js';
import { findVariant, VARIANTS, type Variant } from './variants/index.js';
import { orthanc } from './pacs/orthanc.js';
import { GENERATED, HASH_BANNER } from './emit/banner.js';

/**
 * Two locations with one path make `nginx -t` fail (or one silently shadows the other): the
 * PACS routes must differ from each other and from the gate's sign-in and Keycloak paths.
 */
function routeCollisions(spec: ResolvedSpec, variant: Variant): Problem[] {
  const gate = variant.gate ? oidcUrls(spec.publicUrl) : undefined;
  const taken = new Map<string, string>(
    gate
      ? [
          [`${gate.proxyPrefix}/`, 'the sign-in (oauth2-proxy) path'],
          [`${gate.keycloakPath}/`, "Keycloak's path"],
        ]
      : [],
  );
  const problems: Problem[] = [];
  for (const r of variant.pacs.routes(spec)) {
    const other = taken.get(r.path);
    if (other)
      problems.push({
        path: 'pacsPath',
        message: `${r.path} is already ${other}`,
        fix: 'choose another PACS path, such as pacs',
      });
    taken.set(r.path, `the route for ${r.description}`);
  }
  return problems;
}

/** Checks and resolves user options for a variant (defaults come from its PACS). */
export function resolveRecipe(
  input: unknown,
  target: Target = DOCKER,
): { model: RouteModel; variant: Variant } {
  const name =
    typeof input === 'object' && input !== null
      ? (input as { variant?: unknown }).variant
      : undefined;
  const variant = typeof name === 'string' ? findVariant(name) : undefined;
  const spec = resolveSpec(
    input,
    VARIANTS.map((v) => v.name),
    variant?.pacs.defaults ?? orthanc.defaults,
  );
  const v = variant as Variant; // resolveSpec has thrown for unknown variants
  const collisions = routeCollisions(spec, v);
  if (collisions.length > 0) throw new RecipeError(collisions);
  if (v.gate && spec.auth === 'basic') {
    throw new RecipeError([
      {
        path: 'auth',
        message: `${v.name} signs users in with ${v.gate.description}; basic authentication would ask twice`,
        fix: 'drop --auth basic (manage users in Keycloak)',
      },
    ]);
  }
  const deployment = deploymentProblems(spec, v, target);
  if (deployment.length > 0) throw new RecipeError(deployment);
  return { model: deriveRouteModel(spec, v, target), variant: v };
}

/** What runs where: replicas need a shared index and a runner that can start several. */
function deploymentProblems(spec: ResolvedSpec, variant: Variant, target: Target): Problem[] {
  const problems: Problem[] = [];
  if (spec.orthancReplicas > 1 && variant.pacs.database !== 'postgres')
    problems.push({
      path: 'orthancReplicas',
      message: `${variant.name} keeps its index in ${variant.pacs.kind === 'orthanc' ? "Orthanc's SQLite file" : 'its own database'}; several Orthancs need one shared PostgreSQL index`,
      fix: 'use nginx-orthanc-postgres (or drop --orthanc-replicas)',
    });
  else if (spec.orthancReplicas > 1 && target.kind === 'docker' && spec.target === 'compose')
    problems.push({
      path: 'orthancReplicas',
      message: 'the docker compose recipe runs one Orthanc',
      fix: 'add --target kubernetes, or run the replicas on this machine with ohif-recipes up',
    });
  if (spec.target === 'kubernetes' && spec.tls.mode !== 'off')
    problems.push({
      path: 'tls',
      message:
        "on Kubernetes the Ingress terminates TLS (with the secret ohif-tls); the viewer's own TLS would sit behind it",
      fix: 'drop --tls (keep https:// in --public-url)',
    });
  if (spec.ingestTranscoding !== 'off' && variant.pacs.kind !== 'orthanc')
    problems.push({
      path: 'ingestTranscoding',
      message: `${variant.name}: the archive's compression rules are its own configuration, not the recipe's`,
      fix: 'drop --ingest-transcoding (configure compression in the archive)',
    });
  // A cache nothing would tell what changed.
  if (spec.dicomwebCache !== '0' && !variant.pacs.cache)
    problems.push({
      path: 'dicomwebCache',
      message: `${variant.name}: the PACS cannot tell nginx what changed (a deleted instance's frames, a series' new instances), so a cache would keep serving what is gone or old`,
      fix: 'drop --dicomweb-cache (or set it to 0)',
    });
  else if (spec.dicomwebCache !== '0' && spec.target === 'kubernetes')
    problems.push({
      path: 'dicomwebCache',
      message:
        'on Kubernetes each viewer pod would keep its own DICOMweb cache, and what the PACS tells nginx reaches only one of them',
      fix: 'drop --dicomweb-cache (or set it to 0)',
    });
  if (spec.target === 'kubernetes' && variant.gate)
    problems.push({
      path: 'target',
      message: `the Kubernetes target does not generate ${variant.gate.description} (${variant.name})`,
      fix: 'use --target compose for this variant',
    });
  return problems;
}

/** An internal invariant broke: generated nginx config that nginx's catalog or our lint rejects. */
export class GeneratedConfigError extends Error {
  override readonly name = 'GeneratedConfigError';
}

function nginxText(model: RouteModel): string {
  const config = nginxConfig(model);
  const problems = findProblems(config, { catalog: RECIPES_CATALOG });
  const findings = lint(config);
  if (problems.length > 0 || findings.length > 0) {
    const lines = [
      ...problems.map((p) => `${p.path}: ${p.message}`),
      ...findings.map((f) => `${f.rule} at ${f.path}: ${f.message}`),
    ];
    throw new GeneratedConfigError(`generated nginx.conf is not clean:\n${lines.join('\n')}`);
  }
  return `${HASH_BANNER}${render(config)}`;
}

/**
 * Every file of a recipe, by relative path, from user options: `resolveRecipe` (check,
 * resolve, derive) then `synthModel`. The docker target gives the whole recipe; the
 * native target the configuration files the native runner uses.
 */
export async function synth(input: unknown, target: Target = DOCKER): Promise<Map<string, string>> {
  return synthModel(resolveRecipe(input, target).model);
}

/**
 * Every file of a recipe from its route model alone. Pure and deterministic: no I/O, the
 * same model gives the same bytes (sorted by path).
 */
export async function synthModel(model: RouteModel): Promise<Map<string, string>> {
  const banner = `${GENERATED}\nRecipe: ${model.variant} for ${model.publicUrl.href}.`;
  const appConfigFile = `config/${model.viewer.appConfigName}`;
  const configuration: GeneratedFile[] = [
    { path: 'config/nginx.conf', text: nginxText(model), description: 'the reverse proxy' },
    {
      path: appConfigFile,
      text: await toAppConfigJs(appConfig(model), { banner }),
      description: `OHIF \`window.config\` (served as \`${model.viewer.basePath}app-config.js\`)`,
    },
    ...model.files,
    {
      path: 'scripts/prepare-dist.sh',
      text: PREPARE_DIST_SH,
      description: 'installs the app config, rewrites a sub-path, precompresses assets',
    },
    {
      path: 'scripts/make-secrets.sh',
      text: MAKE_SECRETS_SH,
      description:
        'at first start: hashed htpasswd from `OHIF_BASIC_AUTH_USERS`, a self-signed certificate',
    },
  ];
  const kubernetes = model.input.target === 'kubernetes';
  const files =
    model.outputs === 'recipe'
      ? [
          ...(kubernetes
            ? kubernetesFiles(model)
            : [
                {
                  path: 'docker-compose.yml',
                  text: composeYaml(composeModel(model)),
                  description: 'services with pinned images, health checks and named volumes',
                },
              ]),
          {
            path: OHIF_SOURCES.npm,
            text: renderDockerfile(viewerDockerfile(model, 'npm')),
            description: `the viewer image: prebuilt OHIF dist + \`config/nginx.conf\` + \`${appConfigFile}\``,
          },
          {
            path: OHIF_SOURCES.git,
            text: renderDockerfile(viewerDockerfile(model, 'git')),
            description: `the same image with OHIF built from source (\`${kubernetes ? `docker build -f ${OHIF_SOURCES.git} .` : `${DOCKERFILE_VARIABLE}=${OHIF_SOURCES.git} docker compose build`}\`; 10-20 minutes, about 8 GB of memory)`,
          },
          ...configuration,
          {
            path: '.env.example',
            text: envExample(model),
            description: 'every secret the recipe needs (copy to `.env`)',
          },
          {
            path: SPEC_FILE,
            text: specFile(model),
            description: `the options this recipe was generated from, every one explicit: \`ohif-recipes generate --config ${SPEC_FILE} --out .\` regenerates it`,
          },
          {
            path: SCHEMA_FILE,
            text: schemaFile(),
            description: `the JSON Schema of \`${SPEC_FILE}\` (editor completion)`,
          },
          {
            path: '.gitignore',
            text: gitignore(),
            description: 'keeps `.env`, certificates and `--force` backups out of git',
          },
          {
            path: '.dockerignore',
            text: dockerignore(),
            description: 'keeps data, logs, `.env` and `.git` out of the image build context',
          },
        ]
      : configuration;
  // The README's file table lists every other file, from this list.
  const all =
    model.outputs === 'recipe'
      ? [...files, { path: 'README.md', text: readme(model, files), description: '' }]
      : files;
  return new Map(
    all.map((f) => [f.path, f.text] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

export { RecipeError };
