import { keycloakGate } from '../gate/keycloak.js';
import { orthanc } from '../pacs/orthanc.js';
import type { Variant } from './types.js';

export const nginxOrthancKeycloak: Variant = {
  name: 'nginx-orthanc-keycloak',
  description:
    'OHIF behind nginx with Orthanc, Keycloak sign-in (oauth2-proxy) in front of viewer and PACS: viewer at /, Orthanc at /pacs/, Keycloak at /keycloak/',
  pacs: orthanc,
  gate: keycloakGate,
  appConfigName: 'docker-nginx-orthanc-keycloak.js',
};
