import type { RouteModel } from '../model/route-model.js';
import { IMAGE_PINS, type ImagePin } from '../versions.js';
import { composeModel } from './compose.js';
import { viewerDockerfile } from './dockerfile.js';

/** Every image the recipe pulls: its compose services' and the viewer Dockerfile's bases. */
export function recipeImages(model: RouteModel): string[] {
  const services = Object.values(composeModel(model).services)
    .filter((s) => !s.build)
    .map((s) => s.image as string);
  const dockerfile = viewerDockerfile(model);
  const stages = new Set(dockerfile.stages.map((s) => s.as));
  const bases = dockerfile.stages.map((s) => s.from).filter((f) => !stages.has(f));
  return [...new Set([...bases, ...services])];
}

const pinOf = (image: string): ImagePin | undefined =>
  Object.values(IMAGE_PINS).find((p: ImagePin) => p.image === image);

/** Whether the project's container tests run this recipe (every image has a stand-in). */
export function runsInContainerTests(model: RouteModel): boolean {
  return recipeImages(model).every((i) => pinOf(i)?.standIn);
}

/** The README's account of what the project's tests ran for this recipe, and what they did not. */
export function verificationNotes(model: RouteModel): string {
  const images = recipeImages(model);
  const stoodIn = images.filter((i) => pinOf(i)?.standIn);
  const notRun = images.filter((i) => !pinOf(i)?.standIn);
  const code = (list: string[]) => list.map((i) => `\`${i}\``).join(', ');
  const lines = [
    "- Every file is generated from one route model and checked by the project's tests: `config/nginx.conf` with the real nginx (`nginx -t`) and its lint rules, the app config against OHIF's schema, `docker-compose.yml` with `docker-compose config` and the Compose Specification.",
  ];
  if (notRun.length === 0)
    lines.push(
      `- In containers: the tests build this Dockerfile and start this compose project with docker-compose (driving Podman), then upload, query and render a study in Chromium through the published port. They run stand-ins of ${code(stoodIn)}, built from Debian packages under the same names and implementing each image's documented contract (user, paths, ports, environment, entrypoint), because upstream images cannot be pulled on the test machines.`,
    );
  else
    lines.push(
      `- Not run by the tests: ${code(notRun)} cannot be stood in for honestly, so this recipe is verified statically only${stoodIn.length ? ` (its other images, ${code(stoodIn)}, are run in the container tests of other recipes)` : ''}. Start it once on a test host before relying on it.`,
    );
  const overridden = images.filter((i) => !pinOf(i));
  if (overridden.length)
    lines.push(`- Image overrides (${code(overridden)}) are yours: the tests never ran them.`);
  return lines.join('\n');
}
