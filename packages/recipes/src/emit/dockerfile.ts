import type { RouteModel } from '../model/route-model.js';
import { OHIF_GIT_URL } from '../versions.js';
import { HASH_BANNER } from './banner.js';

/** A Dockerfile as data: stages of instructions, rendered one per line. */
export interface DockerInstruction {
  op:
    | 'ARG'
    | 'FROM'
    | 'WORKDIR'
    | 'RUN'
    | 'COPY'
    | 'ENV'
    | 'EXPOSE'
    | 'HEALTHCHECK'
    | 'USER'
    | 'LABEL'
    | 'CMD';
  args: string;
  comment?: string;
}

export interface DockerStage {
  from: string;
  as?: string;
  comment?: string;
  instructions: DockerInstruction[];
}

export interface DockerfileModel {
  /** ARGs before the first FROM (usable in FROM lines and redeclared in stages). */
  globalArgs: DockerInstruction[];
  stages: DockerStage[];
}

/**
 * Where the viewer's OHIF dist comes from, and the Dockerfile that builds it: the prebuilt
 * npm package (default) or a source build. Two files rather than one with a stage chosen by
 * a build argument: builders other than BuildKit (buildah, Docker's legacy builder that
 * docker-compose 1.x drives) cannot resolve `FROM stage-${ARG}` and build every stage.
 */
export const OHIF_SOURCES = { npm: 'Dockerfile', git: 'Dockerfile.source' } as const;
export type OhifSource = keyof typeof OHIF_SOURCES;

/** The compose variable that picks the Dockerfile (`Dockerfile.source` for a source build). */
export const DOCKERFILE_VARIABLE = 'OHIF_VIEWER_DOCKERFILE';

/** Every port nginx listens on in the image (the eviction listener too; compose publishes none of it). */
export const viewerPorts = (model: RouteModel): number[] =>
  [model.redirectListen?.port, model.dicomwebCache?.evict.listen.port, model.listen.port]
    .filter((p): p is number => p !== undefined)
    .sort((a, b) => a - b);

/** The viewer image's health probe: nginx-unprivileged (Debian) ships curl, not wget. */
export const viewerHealthCommand = (model: RouteModel): string[] => [
  'curl',
  '-fsS',
  '-o',
  '/dev/null',
  model.healthUrl,
];

/** Secrets are made at container start only when the recipe needs them. */
const needsSecrets = (model: RouteModel): boolean =>
  model.secrets.htpasswd !== undefined || model.tls.mode === 'self-signed';

/** The stages that fetch OHIF's prebuilt dist from npm into /ohif (seconds, any builder). */
function npmStages(node: string): DockerStage[] {
  return [
    {
      from: node,
      as: 'ohif',
      comment: 'The prebuilt viewer from npm: no source build.',
      instructions: [
        { op: 'ARG', args: 'OHIF_VERSION' },
        { op: 'WORKDIR', args: '/build' },
        {
          op: 'RUN',
          args: 'npm pack --silent "@ohif/app@${OHIF_VERSION}" && tar -xzf ohif-app-*.tgz package/dist && mv package/dist /ohif && rm -rf package ohif-app-*.tgz',
        },
      ],
    },
  ];
}

/** The stages that build OHIF from source into /ohif (10-20 minutes; cache mounts need BuildKit or buildah). */
function gitStages(node: string): DockerStage[] {
  return [
    {
      from: node,
      as: 'ohif-git-checkout',
      instructions: [
        { op: 'ARG', args: 'OHIF_GIT_REF' },
        {
          op: 'RUN',
          args: 'apt-get update && apt-get install -y --no-install-recommends ca-certificates git && rm -rf /var/lib/apt/lists/*',
        },
        {
          op: 'RUN',
          args: `git clone --depth 1 --branch "\${OHIF_GIT_REF}" ${OHIF_GIT_URL} /src`,
        },
      ],
    },
    {
      from: node,
      as: 'ohif-git-manifests',
      comment:
        'Only the manifests and the lockfile: the install layer stays cached while sources change.',
      instructions: [
        { op: 'COPY', args: '--from=ohif-git-checkout /src /src' },
        {
          op: 'RUN',
          args: "mkdir /manifests && cd /src && find . -name node_modules -prune -o \\( -name package.json -o -name yarn.lock -o -name '.yarnrc*' \\) -type f -print | tar -cf - -T - | tar -xf - -C /manifests",
        },
      ],
    },
    {
      from: node,
      as: 'ohif',
      instructions: [
        { op: 'WORKDIR', args: '/src' },
        { op: 'COPY', args: '--from=ohif-git-manifests /manifests/ ./' },
        {
          op: 'RUN',
          // No `sharing=locked`: buildah 1.28 (Debian 12's Podman) deadlocks on it.
          args: '--mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile --network-timeout 600000',
        },
        { op: 'COPY', args: '--from=ohif-git-checkout /src ./' },
        {
          op: 'ENV',
          args: 'QUICK_BUILD=true',
          comment: "OHIF's fast production build (no source maps, no PWA precache).",
        },
        {
          op: 'RUN',
          args: 'NODE_OPTIONS=--max-old-space-size=6144 yarn run build && mv platform/app/dist /ohif',
        },
      ],
    },
  ];
}

/** The stages every viewer image ends with: prepare-dist on /ohif, then unprivileged nginx. */
function servingStages(model: RouteModel, node: string): DockerStage[] {
  const webDir = `${model.viewer.webRoot}${model.viewer.basePath}`.replace(/\/$/, '') || '/';
  return [
    {
      from: node,
      as: 'ohif-dist',
      comment:
        'The app config, the sub-path and gzip, once, with the script the native runner uses too.',
      instructions: [
        { op: 'COPY', args: '--from=ohif /ohif /ohif' },
        {
          op: 'COPY',
          args: `scripts/prepare-dist.sh config/${model.viewer.appConfigName} /build/`,
        },
        {
          op: 'RUN',
          args: `sh /build/prepare-dist.sh /ohif /build/${model.viewer.appConfigName} ${model.viewer.basePath}`,
        },
      ],
    },
    {
      from: model.images.nginx,
      comment: 'nginx as an unprivileged user; the generated config; no secrets in any layer.',
      instructions: [
        { op: 'COPY', args: `--from=ohif-dist /ohif ${webDir}` },
        { op: 'COPY', args: 'config/nginx.conf /etc/nginx/nginx.conf' },
        ...(needsSecrets(model)
          ? ([
              {
                op: 'USER',
                args: 'root',
                comment: 'openssl hashes the users and makes a self-signed certificate at start.',
              },
              {
                op: 'RUN',
                args: 'apt-get update && apt-get install -y --no-install-recommends openssl && rm -rf /var/lib/apt/lists/*',
              },
              {
                op: 'COPY',
                args: '--chmod=755 scripts/make-secrets.sh /docker-entrypoint.d/40-ohif-recipes-secrets.sh',
              },
              // A named volume mounted here starts with this folder's owner: the nginx user.
              ...model.viewerVolumes.map((v): DockerInstruction => ({
                op: 'RUN',
                args: `install -d -o 101 -g 0 -m 0750 ${v.path}`,
              })),
            ] satisfies DockerInstruction[])
          : []),
        { op: 'USER', args: '101' },
        { op: 'EXPOSE', args: viewerPorts(model).join(' ') },
        {
          op: 'HEALTHCHECK',
          args: `--interval=30s --timeout=5s CMD ${viewerHealthCommand(model).join(' ')} || exit 1`,
        },
      ],
    },
  ];
}

/** The viewer image's Dockerfile for one OHIF source. */
export function viewerDockerfile(model: RouteModel, source: OhifSource = 'npm'): DockerfileModel {
  const node = model.images.node;
  return {
    globalArgs:
      source === 'npm'
        ? [{ op: 'ARG', args: `OHIF_VERSION=${model.ohifVersion}` }]
        : [
            {
              op: 'ARG',
              args: `OHIF_GIT_REF=v${model.ohifVersion}`,
              comment: `The ${OHIF_GIT_URL} tag or branch to build.`,
            },
          ],
    stages: [
      ...(source === 'npm' ? npmStages(node) : gitStages(node)),
      ...servingStages(model, node),
    ],
  };
}

export function renderDockerfile(d: DockerfileModel): string {
  const line = (i: DockerInstruction): string =>
    `${i.comment ? `# ${i.comment}\n` : ''}${i.op} ${i.args}`;
  const parts = ['# syntax=docker/dockerfile:1', HASH_BANNER.trimEnd(), ...d.globalArgs.map(line)];
  for (const s of d.stages) {
    parts.push(
      '',
      ...(s.comment ? [`# ${s.comment}`] : []),
      `FROM ${s.from}${s.as ? ` AS ${s.as}` : ''}`,
      ...s.instructions.map(line),
    );
  }
  return `${parts.join('\n')}\n`;
}
