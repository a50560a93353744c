// The Kubernetes target's files: a Kustomize base, optional components, and the root
// kustomization that generates the ConfigMaps from the same config/ files the other targets
// use and the Secret from .env.
import { stringify } from 'yaml';
import type { GeneratedFile } from '../../model/generated-file.js';
import type { RouteModel } from '../../model/route-model.js';
import { HASH_BANNER } from '../banner.js';
import {
  baseObjects,
  certificateObjects,
  exposeDicomObjects,
  externalPostgresObjects,
  NGINX_CONFIG,
  ORTHANC_CONFIG,
  statefulObjects,
  SECRET,
  type KubeObject,
} from './objects.js';

const yaml = (docs: readonly object[]): string =>
  `${HASH_BANNER}${docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n')}`;

const resources = (path: string, description: string, objects: KubeObject[]): GeneratedFile => ({
  path,
  text: yaml(objects),
  description,
});

function component(name: string, description: string, objects: KubeObject[]): GeneratedFile[] {
  return [
    resources(`kubernetes/components/${name}/resources.yaml`, description, objects),
    {
      path: `kubernetes/components/${name}/kustomization.yaml`,
      text: yaml([
        {
          apiVersion: 'kustomize.config.k8s.io/v1alpha1',
          kind: 'Component',
          resources: ['resources.yaml'],
        },
      ]),
      description: `the \`${name}\` component`,
    },
  ];
}

/** Every file the Kubernetes target adds to the shared config/ files. */
export function kubernetesFiles(model: RouteModel): GeneratedFile[] {
  // Orthanc's PostgreSQL is optional (a component); another PACS's services are its base.
  const postgres = model.dataSource.name === 'orthanc' && model.database !== undefined;
  const components = [
    ...(postgres ? ['postgres'] : []),
    ...(model.dicom.expose === 'all' ? ['expose-dicom'] : []),
  ];
  const root = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['kubernetes/base'],
    ...(components.length
      ? { components: components.map((c) => `kubernetes/components/${c}`) }
      : {}),
    configMapGenerator: [
      { name: NGINX_CONFIG, files: ['nginx.conf=config/nginx.conf'] },
      ...(model.dataSource.name === 'orthanc'
        ? [
            {
              name: ORTHANC_CONFIG,
              files: model.pacsServer.processes.map(
                (p) => `${p.configFile}=config/${p.configFile}`,
              ),
            },
          ]
        : []),
    ],
    secretGenerator: [{ name: SECRET, envs: ['.env'] }],
    // The viewer image is built from this folder and pushed to your registry: name it here.
    images: [
      {
        name: model.images.viewer.split(':')[0],
        newName: model.images.viewer.split(':')[0],
        newTag: model.images.viewer.split(':')[1],
      },
    ],
  };
  return [
    {
      path: 'kustomization.yaml',
      text: yaml([root]),
      description:
        'what `kubectl apply -k .` deploys: the base, the chosen components, ConfigMaps from `config/`, the Secret from `.env`',
    },
    resources(
      'kubernetes/base/resources.yaml',
      'viewer, Orthanc, storage, Services, NetworkPolicies, PodDisruptionBudgets, Ingress',
      baseObjects(model),
    ),
    {
      path: 'kubernetes/base/kustomization.yaml',
      text: yaml([
        {
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          resources: ['resources.yaml'],
        },
      ]),
      description: 'the base',
    },
    ...(postgres
      ? [
          ...component(
            'postgres',
            'the bundled PostgreSQL (StatefulSet), reachable only from Orthanc',
            statefulObjects(model, 'postgres'),
          ),
          ...component(
            'external-postgres',
            'your own PostgreSQL instead: the name `postgres` points at it',
            externalPostgresObjects(),
          ),
        ]
      : []),
    ...component(
      'expose-dicom',
      'DICOM from outside the cluster (a LoadBalancer Service)',
      exposeDicomObjects(model),
    ),
    ...component(
      'cert-manager',
      "a cert-manager Certificate for the Ingress's TLS secret",
      certificateObjects(model),
    ),
  ];
}
