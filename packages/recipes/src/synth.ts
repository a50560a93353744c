import { findProblems, lint, render } from '@ohif-recipes/nginx-dsl';
import { toAppConfigJs } from '@ohif-recipes/viewer-config';
import { MAKE_SECRETS_SH } from './assets/make-secrets.js';
import { PREPARE_DIST_SH } from './assets/prepare-dist.js';
import { composeModel, composeYaml } from './emit/compose.js';
import { OHIF_SOURCES, renderDockerfile, viewerDockerfile } from './emit/dockerfile.js';
import { dockerignore, envExample, readme } from './emit/files.js';
import { nginxConfig, RECIPES_CATALOG } from './emit/nginx.js';
import { appConfig } from './emit/viewer.js';
import { RecipeError } from './errors.js';
import { deriveRouteModel } from './model/derive.js';
import type { RouteModel } from './model/route-model.js';
import { DOCKER, type Target } from './model/target.js';
import { resolveSpec } from './input/resolve.js';
import { findVariant, VARIANTS, type Variant } from './variants/index.js';
import { GENERATED, HASH_BANNER } from './emit/banner.js';

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
    variant?.pacs.defaults ?? { pacsPath: 'pacs', dicomPort: 4242, aeTitle: 'ORTHANC' },
  );
  const v = variant as Variant; // resolveSpec has thrown for unknown variants
  if (v.gate && spec.auth === 'basic') {
    throw new RecipeError([
      {
        field: 'auth',
        message: `${v.name} signs users in with ${v.gate.description}; basic authentication would ask twice`,
        fix: 'drop --auth basic (manage users in Keycloak)',
      },
    ]);
  }
  return { model: deriveRouteModel(spec, v, target), variant: v };
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
 * Every file of a recipe, by relative path. Pure and deterministic: no I/O, the same
 * spec gives the same bytes. The docker target gives the whole recipe; the native target
 * the configuration files the native runner uses.
 */
export async function synth(input: unknown, target: Target = DOCKER): Promise<Map<string, string>> {
  const { model, variant } = resolveRecipe(input, target);
  const banner = `${GENERATED}\nRecipe: ${variant.name} for ${model.publicUrl.href}.`;
  const files: Record<string, string> = {
    'config/nginx.conf': nginxText(model),
    [`config/${variant.appConfigName}`]: await toAppConfigJs(appConfig(model, variant.pacs), {
      banner,
    }),
    'scripts/prepare-dist.sh': PREPARE_DIST_SH,
    'scripts/make-secrets.sh': MAKE_SECRETS_SH,
    ...variant.pacs.files(model),
    ...(variant.gate?.files(model) ?? {}),
  };
  if (target.kind === 'docker') {
    Object.assign(files, {
      'docker-compose.yml': composeYaml(composeModel(model, variant)),
      [OHIF_SOURCES.npm]: renderDockerfile(viewerDockerfile(model, variant, 'npm')),
      [OHIF_SOURCES.git]: renderDockerfile(viewerDockerfile(model, variant, 'git')),
      '.dockerignore': dockerignore(),
      '.env.example': envExample(variant, model),
      'README.md': readme(model, variant),
    });
  }
  return new Map(
    Object.keys(files)
      .sort()
      .map((k) => [k, files[k] as string]),
  );
}

export { RecipeError };
