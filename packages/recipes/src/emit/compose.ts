import { stringify } from 'yaml';
import type { RouteModel } from '../model/route-model.js';
import { required, type ComposeModel, type ComposeService } from '../model/compose-service.js';
import { DOCKERFILE_VARIABLE, OHIF_SOURCES, viewerHealthCommand } from './dockerfile.js';
import { HASH_BANNER } from './banner.js';

function viewerPortMappings(model: RouteModel): string[] {
  const host = model.publishAddress
    ? `${model.publishAddress.includes(':') ? `[${model.publishAddress}]` : model.publishAddress}:`
    : '';
  return model.redirectListen
    ? [
        `${host}${model.ports.http}:${model.redirectListen.port}`,
        `${host}${model.ports.https}:${model.listen.port}`,
      ]
    : [`${host}${model.ports.http}:${model.listen.port}`];
}

/** Where the viewer container makes or finds its secrets (see scripts/make-secrets.sh). */
function viewerSecrets(model: RouteModel): Pick<ComposeService, 'environment' | 'volumes'> {
  const environment: Record<string, string> = {};
  const volumes: string[] = [];
  const { htpasswd, certificate } = model.secrets;
  if (htpasswd) {
    environment.OHIF_AUTH_FILE = htpasswd;
    environment.OHIF_BASIC_AUTH_USERS = required('OHIF_BASIC_AUTH_USERS');
  }
  if (model.secrets.adminHtpasswd) {
    environment.OHIF_ADMIN_AUTH_FILE = model.secrets.adminHtpasswd;
    // Optional: no administrators means nobody reaches the PACS UI through nginx.
    environment.OHIF_BASIC_AUTH_ADMINS = '${OHIF_BASIC_AUTH_ADMINS:-}';
  }
  if (model.tls.mode === 'self-signed' && certificate) {
    environment.OHIF_TLS_DIR = certificate.replace(/\/[^/]+$/, '');
    environment.OHIF_TLS_CN = model.publicUrl.host;
  }
  for (const v of model.viewerVolumes) volumes.push(`${v.name}:${v.path}`);
  // Mounted PEM files go where derivation told nginx to find them.
  if (model.tls.mode === 'files' && certificate && model.secrets.certificateKey) {
    volumes.push(
      `${model.tls.certificate}:${certificate}:ro`,
      `${model.tls.key}:${model.secrets.certificateKey}:ro`,
    );
  }
  return {
    ...(Object.keys(environment).length ? { environment } : {}),
    ...(volumes.length ? { volumes } : {}),
  };
}

/** Docker keeps container logs forever by default: months of running fill the disk. */
const ROTATED_LOGS = {
  driver: 'json-file',
  options: { 'max-size': '10m', 'max-file': '5' },
};

export function composeModel(model: RouteModel): ComposeModel {
  const services: Record<string, ComposeService> = {
    viewer: {
      build: {
        context: '.',
        // Dockerfile.source builds OHIF from source instead of the prebuilt npm dist.
        dockerfile: `\${${DOCKERFILE_VARIABLE}:-${OHIF_SOURCES.npm}}`,
        args: { OHIF_VERSION: model.ohifVersion },
      },
      image: model.images.viewer,
      restart: 'unless-stopped',
      // The only port published on all interfaces: everything else goes through nginx.
      ports: viewerPortMappings(model),
      ...viewerSecrets(model),
      depends_on: Object.fromEntries(
        Object.entries(model.viewerDependsOn).map(([name, condition]) => [name, { condition }]),
      ),
      healthcheck: {
        test: ['CMD', ...viewerHealthCommand(model)],
        interval: '30s',
        timeout: '5s',
        retries: 3,
        start_period: '10s',
      },
    },
    ...model.services,
  };
  return {
    services: Object.fromEntries(
      Object.entries(services).map(([name, svc]) => [name, { ...svc, logging: ROTATED_LOGS }]),
    ),
    volumes: Object.fromEntries(
      [...model.viewerVolumes.map((v) => v.name), ...model.volumes].map((v) => [v, {}]),
    ),
  };
}

export function composeYaml(compose: ComposeModel): string {
  return `${HASH_BANNER}${stringify(compose, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
