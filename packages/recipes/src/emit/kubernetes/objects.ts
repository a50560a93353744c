// The Kubernetes objects of a recipe, as data. Containers come from the same service
// definitions as the compose file (image, environment, health check), so both targets run
// the same configuration files the same way.
import type { ComposeHealthcheck, ComposeService } from '../../model/compose-service.js';
import type { PacsProcess, RouteModel } from '../../model/route-model.js';
import { composeModel } from '../compose.js';
import { processComponent } from '../../model/processes.js';

export type KubeObject = { apiVersion: string; kind: string; metadata: Metadata } & Record<
  string,
  unknown
>;
interface Metadata {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The Secret the root kustomization generates from `.env`. */
export const SECRET = 'ohif-secrets';
export const NGINX_CONFIG = 'nginx-config';
export const ORTHANC_CONFIG = 'orthanc-config';
export const TLS_SECRET = 'ohif-tls';
const STORAGE_CLAIM = 'orthanc-storage';

const labels = (component: string): Record<string, string> => ({
  'app.kubernetes.io/name': 'ohif-recipes',
  'app.kubernetes.io/component': component,
});

/** `${VAR:?...}` or `${VAR:-}` (compose interpolation) becomes a reference into the Secret. */
function env(environment: Record<string, string> = {}): object[] {
  return Object.entries(environment).map(([name, value]) => {
    const ref = /^\$\{([A-Z0-9_]+)(:([?-]).*)?\}$/.exec(value);
    return ref
      ? {
          name,
          valueFrom: {
            secretKeyRef: {
              name: SECRET,
              key: ref[1],
              ...(ref[3] === '-' ? { optional: true } : {}),
            },
          },
        }
      : { name, value };
  });
}

const seconds = (d: string): number => Number(/^(\d+)s$/.exec(d)?.[1] ?? 10);

/** The compose health check as probes: readiness and liveness, with a startup allowance. */
function probes(check: ComposeHealthcheck | undefined): object {
  if (!check) return {};
  const [form, ...rest] = check.test;
  const exec = { exec: { command: form === 'CMD-SHELL' ? ['sh', '-c', rest.join(' ')] : rest } };
  const timing = { periodSeconds: seconds(check.interval), timeoutSeconds: seconds(check.timeout) };
  return {
    startupProbe: {
      ...exec,
      ...timing,
      failureThreshold:
        Math.ceil(seconds(check.start_period) / timing.periodSeconds) + check.retries,
    },
    readinessProbe: { ...exec, ...timing, failureThreshold: 2 },
    livenessProbe: { ...exec, ...timing, failureThreshold: check.retries },
  };
}

/** No privilege escalation and no capabilities: what every container here runs with. */
const HARDENED = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

function container(
  name: string,
  svc: ComposeService,
  extra: { ports: object[]; volumeMounts?: object[]; resources: object; securityContext?: object },
): object {
  return {
    name,
    image: svc.image,
    ...(svc.command ? { args: svc.command } : {}),
    ports: extra.ports,
    env: env(svc.environment),
    ...probes(svc.healthcheck),
    resources: extra.resources,
    securityContext: { ...HARDENED, ...extra.securityContext },
    ...(extra.volumeMounts ? { volumeMounts: extra.volumeMounts } : {}),
  };
}

function deployment(
  name: string,
  component: string,
  replicas: number,
  pod: { containers: object[]; volumes?: object[]; securityContext?: object },
  recreate = false,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: labels(component) },
    spec: {
      replicas,
      selector: { matchLabels: labels(component) },
      // A single-writer volume cannot be attached to the old and the new pod at once.
      ...(recreate ? { strategy: { type: 'Recreate' } } : {}),
      template: {
        metadata: { labels: labels(component) },
        spec: {
          automountServiceAccountToken: false,
          ...(pod.securityContext ? { securityContext: pod.securityContext } : {}),
          containers: pod.containers,
          ...(pod.volumes ? { volumes: pod.volumes } : {}),
        },
      },
    },
  };
}

function service(
  name: string,
  component: string,
  ports: Array<{ name: string; port: number; targetPort: string }>,
  type?: string,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: labels(component) },
    spec: { ...(type ? { type } : {}), selector: labels(component), ports },
  };
}

function disruptionBudget(name: string, component: string, minAvailable: number): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, labels: labels(component) },
    spec: { minAvailable, selector: { matchLabels: labels(component) } },
  };
}

/** Ingress to `component` pods on `ports` only from pods of `from` (any pod: absent). */
function allowOnly(name: string, component: string, ports: number[], from?: string[]): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, labels: labels(component) },
    spec: {
      podSelector: { matchLabels: labels(component) },
      policyTypes: ['Ingress'],
      ingress: [
        {
          ...(from
            ? {
                from: from.map((c) => ({
                  podSelector: {
                    matchLabels: labels(c),
                  },
                })),
              }
            : {}),
          ports: ports.map((port) => ({ protocol: 'TCP', port })),
        },
      ],
    },
  };
}

/** The viewer: two nginx pods (the image the compose recipe builds), its nginx.conf from the ConfigMap. */
function viewer(model: RouteModel, svc: ComposeService): KubeObject[] {
  // TLS ends at the Ingress: the viewer serves plain HTTP inside the cluster.
  const port = model.listen.port;
  const pod = {
    // nginx-unprivileged's user; /tmp holds its pid, temp files and the users' htpasswd.
    securityContext: { runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, fsGroup: 101 },
    containers: [
      container('viewer', svc, {
        ports: [{ name: 'http', containerPort: port }],
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
        volumeMounts: [
          { name: 'nginx-config', mountPath: '/etc/nginx/nginx.conf', subPath: 'nginx.conf' },
          { name: 'tmp', mountPath: '/tmp' },
        ],
      }),
    ],
    volumes: [
      { name: 'nginx-config', configMap: { name: NGINX_CONFIG } },
      { name: 'tmp', emptyDir: {} },
    ],
  };
  return [
    deployment('viewer', 'viewer', 2, pod),
    service('viewer', 'viewer', [{ name: 'http', port: 80, targetPort: 'http' }]),
    disruptionBudget('viewer', 'viewer', 1),
    allowOnly('viewer', 'viewer', [port]),
  ];
}

const ORTHANC_RESOURCES = {
  requests: { cpu: '250m', memory: '512Mi' },
  limits: { memory: '2Gi' },
};

/** One Orthanc Deployment per process kind: `all`, or the web replicas and the ingest process. */
function orthancProcess(model: RouteModel, svc: ComposeService, p: PacsProcess): KubeObject[] {
  const dicom = p.role !== 'web' && model.dicom.expose !== 'none';
  const component = processComponent(p);
  const replicas = p.role === 'web' ? model.pacsServer.replicas : 1;
  const pod = {
    containers: [
      container('orthanc', svc, {
        ports: [
          { name: 'http', containerPort: p.httpPort },
          ...(dicom ? [{ name: 'dicom', containerPort: model.dicom.port }] : []),
        ],
        resources: ORTHANC_RESOURCES,
        volumeMounts: [
          { name: 'storage', mountPath: model.pacsServer.storageDir },
          { name: 'config', mountPath: '/etc/orthanc/orthanc.json', subPath: p.configFile },
        ],
      }),
    ],
    volumes: [
      { name: 'storage', persistentVolumeClaim: { claimName: STORAGE_CLAIM } },
      { name: 'config', configMap: { name: ORTHANC_CONFIG } },
    ],
  };
  const { id: name } = p;
  return [
    deployment(name, component, replicas, pod, p.role !== 'web'),
    service(name, component, [{ name: 'http', port: p.httpPort, targetPort: 'http' }]),
    ...(dicom
      ? [
          service('orthanc-dicom', component, [
            { name: 'dicom', port: model.dicom.port, targetPort: 'dicom' },
          ]),
        ]
      : []),
    ...(replicas > 1 ? [disruptionBudget(name, component, replicas - 1)] : []),
    // Only the viewer reaches Orthanc's HTTP port; DICOM senders reach the ingest process.
    allowOnly(`${name}-http`, component, [p.httpPort], ['viewer']),
    ...(dicom ? [allowOnly(`${name}-dicom`, component, [model.dicom.port])] : []),
  ];
}

function storageClaim(model: RouteModel): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: STORAGE_CLAIM, labels: labels('orthanc') },
    spec: {
      // Every replica reads every file: shared by all Orthanc pods when scaled out.
      accessModes: [model.pacsServer.replicas > 1 ? 'ReadWriteMany' : 'ReadWriteOnce'],
      resources: { requests: { storage: '100Gi' } },
    },
  };
}

/** Host routing and TLS at the cluster's Ingress controller (no controller-specific annotations). */
function ingress(model: RouteModel): KubeObject {
  const { host, basePath } = model.publicUrl;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'ohif', labels: labels('viewer') },
    spec: {
      ...(model.publicUrl.scheme === 'https'
        ? { tls: [{ hosts: [host], secretName: TLS_SECRET }] }
        : {}),
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: basePath,
                pathType: 'Prefix',
                backend: { service: { name: 'viewer', port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  };
}

/** The base: everything but PostgreSQL and the optional parts (components). */
export function baseObjects(model: RouteModel): KubeObject[] {
  const services = composeModel(model).services;
  const viewerSvc = services.viewer as ComposeService;
  const pacs =
    model.dataSource.name === 'orthanc'
      ? [
          storageClaim(model),
          ...model.pacsServer.processes.flatMap((p) =>
            orthancProcess(model, services.orthanc as ComposeService, p),
          ),
        ]
      : // Every stateful service of the PACS (dcm4chee: LDAP, its database, the archive).
        Object.keys(model.clusterPorts).flatMap((name) => statefulObjects(model, name));
  return [...viewer(model, viewerSvc), ...pacs, ingress(model)];
}

/** Entrypoints that start as root to own their data folder, then drop to their own user. */
const OWNS_ITS_DATA = {
  capabilities: { drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'] },
};

/**
 * A stateful service of the PACS (a database, a directory, an archive) as a StatefulSet with
 * a volume per named compose volume, a Service on its cluster ports, and NetworkPolicies
 * that admit only the components each port names.
 */
export function statefulObjects(model: RouteModel, name: string): KubeObject[] {
  const svc = composeModel(model).services[name] as ComposeService;
  const ports = model.clusterPorts[name] ?? [];
  const mounts = (svc.volumes ?? [])
    .map((v) => v.split(':'))
    .filter(([source]) => !source?.startsWith('.'))
    .map(([volume, path]) => ({ name: volume as string, mountPath: path as string }));
  // The postgres image wants an empty data folder; a fresh volume holds lost+found.
  const pgdata: Record<string, string> = mounts.some(
    (m) => m.mountPath === '/var/lib/postgresql/data',
  )
    ? { PGDATA: '/var/lib/postgresql/data/pgdata' }
    : {};
  const policies = [...new Set(ports.map((p) => (p.from ?? []).join(',')))].map((key, i) => {
    const group = ports.filter((p) => (p.from ?? []).join(',') === key);
    return allowOnly(
      i === 0 ? name : `${name}-${group[0]?.name}`,
      name,
      group.map((p) => p.port),
      key ? key.split(',') : undefined,
    );
  });
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, labels: labels(name) },
      spec: {
        serviceName: name,
        replicas: 1,
        selector: { matchLabels: labels(name) },
        template: {
          metadata: { labels: labels(name) },
          spec: {
            automountServiceAccountToken: false,
            containers: [
              container(
                name,
                { ...svc, environment: { ...svc.environment, ...pgdata } },
                {
                  ports: ports.map((p) => ({ name: p.name, containerPort: p.port })),
                  resources: {
                    requests: { cpu: '100m', memory: '256Mi' },
                    limits: { memory: name === 'arc' ? '4Gi' : '1Gi' },
                  },
                  volumeMounts: mounts,
                  securityContext: OWNS_ITS_DATA,
                },
              ),
            ],
          },
        },
        volumeClaimTemplates: mounts.map((m) => ({
          metadata: { name: m.name },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
        })),
      },
    },
    service(
      name,
      name,
      ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name })),
    ),
    ...policies,
  ];
}

/** Bring your own PostgreSQL: the name `postgres` points at it (set externalName). */
export function externalPostgresObjects(): KubeObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'postgres', labels: labels('postgres') },
      spec: { type: 'ExternalName', externalName: 'postgres.example.internal' },
    },
  ];
}

/** The component whose pods receive DICOM: a stateful service with a `dicom` port, or Orthanc's. */
function dicomReceiver(model: RouteModel): string {
  const stateful = Object.entries(model.clusterPorts).find(([, ports]) =>
    ports.some((p) => p.name === 'dicom'),
  );
  if (stateful) return stateful[0];
  return processComponent(model.pacsServer.processes.find((x) => x.role !== 'web') as PacsProcess);
}

/** DICOM from outside the cluster: a LoadBalancer in front of the process that receives it. */
export function exposeDicomObjects(model: RouteModel): KubeObject[] {
  return [
    service(
      'dicom-public',
      dicomReceiver(model),
      [{ name: 'dicom', port: model.dicom.port, targetPort: 'dicom' }],
      'LoadBalancer',
    ),
  ];
}

/** A cert-manager Certificate for the Ingress's TLS secret (set the issuer's name). */
export function certificateObjects(model: RouteModel): KubeObject[] {
  return [
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'ohif', labels: labels('viewer') },
      spec: {
        secretName: TLS_SECRET,
        dnsNames: [model.publicUrl.host],
        issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt' },
      },
    },
  ];
}
