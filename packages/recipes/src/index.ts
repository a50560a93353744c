/**
 * The pure API: options in, a route model, generated files out (no processes, no I/O but
 * the writer). The native runner lives behind `@ohif-recipes/recipes/runtime`.
 */
export type { RecipeSpec, ResolvedSpec, PublicUrl, DicomExposure } from './input/types.js';
export { recipeSpecSchema } from './input/schema.js';
export { resolveSpec } from './input/resolve.js';
export { RecipeError, type Problem } from './errors.js';
export type { RouteModel, ProxyRoute, Upstream, DicomWebRoots } from './model/route-model.js';
export {
  DOCKER,
  DEBIAN_ORTHANC,
  type Target,
  type DockerTarget,
  type NativeTarget,
} from './model/target.js';
export { deriveRouteModel } from './model/derive.js';
export { VARIANTS, findVariant, type Variant } from './variants/index.js';
export type { PacsModule, Secret } from './pacs/types.js';
export { nginxConfig, APP_HEADERS, TEMP_PATHS } from './emit/nginx.js';
export { appConfig } from './emit/viewer.js';
export { orthancConfig, type OrthancConfig } from './pacs/orthanc-config.js';
export { composeModel, composeYaml } from './emit/compose.js';
export type { ComposeModel, ComposeService } from './model/compose-service.js';
export {
  viewerDockerfile,
  renderDockerfile,
  DOCKERFILE_VARIABLE,
  type DockerfileModel,
  type OhifSource,
} from './emit/dockerfile.js';
export { synth, synthModel, resolveRecipe, GeneratedConfigError } from './synth.js';
export { writeRecipe, type WriteResult } from './output/write.js';
export {
  planRecipe,
  WriteError,
  type WritePlan,
  type PlannedFile,
  type Conflict,
} from './output/plan.js';
export { MANIFEST, type Manifest } from './output/manifest.js';
export { PREPARE_DIST_SH } from './assets/prepare-dist.js';
export { IMAGES, IMAGE_PINS, DEFAULT_OHIF_VERSION, type ImagePin } from './versions.js';
export { recipeImages, runsInContainerTests } from './emit/verification.js';
export {
  viewerPorts,
  OHIF_SOURCES,
  type DockerInstruction,
  type DockerStage,
} from './emit/dockerfile.js';
