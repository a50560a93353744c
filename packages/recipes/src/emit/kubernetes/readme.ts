// The README sections of the Kubernetes target: how to deploy, what to choose, and what was
// and was not verified.
import type { RouteModel } from '../../model/route-model.js';
import { TLS_SECRET } from './objects.js';

export function kubernetesStart(model: RouteModel): string {
  const orthanc = model.dataSource.name === 'orthanc';
  const scaled = orthanc && model.pacsServer.replicas > 1;
  const stateful = Object.keys(model.clusterPorts);
  return `## Start (Kubernetes)

\`\`\`sh
docker build -t REGISTRY/ohif-viewer:${model.ohifVersion} .   # the viewer image (prebuilt OHIF dist, seconds)
docker push REGISTRY/ohif-viewer:${model.ohifVersion}
# then set images[0].newName in kustomization.yaml to REGISTRY/ohif-viewer
cp .env.example .env && chmod 600 .env   # then fill in every value (the Secret is generated from it)
kubectl apply -k .
\`\`\`

Browsers reach ${model.publicUrl.href} through the cluster's Ingress controller (any one: the Ingress has no controller-specific annotations). Give the Ingress the TLS secret \`${TLS_SECRET}\` (or add the \`kubernetes/components/cert-manager\` component and name your ClusterIssuer), and let the controller accept uploads as large as ${model.maxUploadSize === '0' ? 'any study' : model.maxUploadSize} (its own body-size limit sits in front of nginx's).

Choose in \`kustomization.yaml\` (\`components:\`):
${model.database ? '- `kubernetes/components/postgres` (default): PostgreSQL as a StatefulSet with its own volume; or `kubernetes/components/external-postgres` instead, with `externalName` set to your server (same database, user and password as in `.env`).\n' : ''}- \`kubernetes/components/expose-dicom\`: DICOM (C-STORE) from outside the cluster through a LoadBalancer Service${model.dicom.expose === 'all' ? ' (on: --expose-dicom all)' : ''}; inside the cluster \`${orthanc ? 'orthanc-dicom' : 'arc'}:${model.dicom.port}\` receives it.
- \`kubernetes/components/cert-manager\`: a Certificate for \`${TLS_SECRET}\`.

${
  scaled
    ? `Orthanc runs scaled out: ${model.pacsServer.replicas} \`orthanc\` replicas serve DICOMweb and WADO-URI; one \`orthanc-ingest\` owns the DICOM port, jobs, Lua and the PACS UI (\`${model.pacsPath}\`). They share the PostgreSQL index (no lock, one DatabaseServerIdentifier each: the pod name) and the storage volume \`orthanc-storage\`, which must be ReadWriteMany (NFS, CephFS, EFS, Azure Files, Filestore): choose its storageClassName.`
    : orthanc
      ? 'Orthanc runs as one pod (`orthanc`); `--orthanc-replicas N` (with nginx-orthanc-postgres) scales its DICOMweb side out.'
      : `The archive runs as one replica of each StatefulSet (${stateful.map((n) => `\`${n}\``).join(', ')}), each with its own volumes; NetworkPolicies let only the viewer reach the archive's HTTP port and only the archive reach its directory and database.`
}

### When to move from one host to Kubernetes

One host (docker compose or \`ohif-recipes up\`) is simpler to run, back up and upgrade, and \`--orthanc-replicas\` already uses several cores there. Move when one machine is not enough for the readers or the archive, when the site requires rolling upgrades without downtime, or when the hospital already runs its services on a cluster with shared storage and backups.

### What was and was not verified

Verified by this project's tests, offline: every object against the Kubernetes API schemas, \`kubectl kustomize\` on every component, no removed API versions, selectors that match their pods, Service ports that match container ports, probes on every container, the scaled-out Orthanc settings, and \`config/nginx.conf\` in the ConfigMap equal to the file the native and container tests ran. The scaled-out topology itself (several Orthancs on one PostgreSQL behind nginx, a replica killed under load, PostgreSQL restarted, the viewer rendering) runs live on one machine with \`ohif-recipes up nginx-orthanc-postgres --orthanc-replicas N\`. Not verified (no API server runs there): scheduling, rolling updates, PodDisruptionBudgets, NetworkPolicy enforcement, Ingress controllers and ReadWriteMany volumes.
`;
}
