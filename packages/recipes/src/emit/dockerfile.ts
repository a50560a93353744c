import type { RouteModel } from '../model/route-model.js';
import { IMAGES, OHIF_GIT_URL } from '../versions.js';
import type { Variant } from '../variants/types.js';

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

/** Where the viewer's OHIF dist comes from: the npm package (default) or a source build. */
export const OHIF_SOURCES = ['npm', 'git'] as const;

export const viewerImageName = (variant: Variant, model: RouteModel): string =>
  `ohif-recipes/viewer-${variant.name}:${model.spec.ohifVersion}`;

/** The ports the viewer container listens on: the app server and, with TLS, the redirect. */
export const viewerPorts = (model: RouteModel): number[] =>
  [model.redirectListen?.port, model.listen.port].filter((p): p is number => p !== undefined);

/** Secrets are made at container start only when the recipe needs them. */
const needsSecrets = (model: RouteModel): boolean =>
  model.secrets.htpasswd !== undefined || model.spec.tls.mode === 'self-signed';

export function viewerDockerfile(model: RouteModel, variant: Variant): DockerfileModel {
  const node = model.spec.images.node ?? IMAGES.node;
  const webDir = `${model.viewer.webRoot}${model.viewer.basePath}`.replace(/\/$/, '') || '/';
  return {
    globalArgs: [
      { op: 'ARG', args: `OHIF_VERSION=${model.spec.ohifVersion}` },
      {
        op: 'ARG',
        args: 'OHIF_SOURCE=npm',
        comment: `npm: the prebuilt dist of @ohif/app (seconds). git: build ${OHIF_GIT_URL} at OHIF_GIT_REF.`,
      },
      { op: 'ARG', args: `OHIF_GIT_REF=v${model.spec.ohifVersion}` },
    ],
    stages: [
      {
        from: node,
        as: 'ohif-npm',
        comment: 'Default: the prebuilt viewer from npm, no source build.',
        instructions: [
          { op: 'ARG', args: 'OHIF_VERSION' },
          { op: 'WORKDIR', args: '/build' },
          {
            op: 'RUN',
            args: '--mount=type=cache,target=/root/.npm npm pack --silent "@ohif/app@${OHIF_VERSION}" && tar -xzf ohif-app-*.tgz package/dist && mv package/dist /ohif && rm -rf package ohif-app-*.tgz',
          },
        ],
      },
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
        as: 'ohif-git',
        instructions: [
          { op: 'WORKDIR', args: '/src' },
          { op: 'COPY', args: '--from=ohif-git-manifests /manifests/ ./' },
          {
            op: 'RUN',
            args: '--mount=type=cache,target=/usr/local/share/.cache/yarn,sharing=locked yarn install --frozen-lockfile --network-timeout 600000',
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
      { from: 'ohif-${OHIF_SOURCE}', as: 'ohif-selected', instructions: [] },
      {
        from: node,
        as: 'ohif-dist',
        comment:
          'The app config, the sub-path and gzip, once, with the script the native runner uses too.',
        instructions: [
          { op: 'COPY', args: '--from=ohif-selected /ohif /ohif' },
          { op: 'COPY', args: `scripts/prepare-dist.sh config/${variant.appConfigName} /build/` },
          {
            op: 'RUN',
            args: `sh /build/prepare-dist.sh /ohif /build/${variant.appConfigName} ${model.viewer.basePath}`,
          },
        ],
      },
      {
        from: model.spec.images.nginx ?? IMAGES.nginx,
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
                { op: 'RUN', args: 'apk add --no-cache openssl' },
                {
                  op: 'COPY',
                  args: '--chmod=755 scripts/make-secrets.sh /docker-entrypoint.d/40-ohif-recipes-secrets.sh',
                },
              ] satisfies DockerInstruction[])
            : []),
          { op: 'USER', args: '101' },
          { op: 'EXPOSE', args: viewerPorts(model).join(' ') },
          {
            op: 'HEALTHCHECK',
            args: `--interval=30s --timeout=5s CMD wget -q -O /dev/null ${model.healthUrl} || exit 1`,
          },
        ],
      },
    ],
  };
}

export function renderDockerfile(d: DockerfileModel): string {
  const line = (i: DockerInstruction): string =>
    `${i.comment ? `# ${i.comment}\n` : ''}${i.op} ${i.args}`;
  const parts = [
    '# syntax=docker/dockerfile:1',
    '# Generated by ohif-recipes. Regenerate instead of editing: see README.md.',
    ...d.globalArgs.map(line),
  ];
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
