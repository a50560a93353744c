// The recipe README's day-2 section: running it for months. Every command is derived from
// the route model and the compose file, so it names this recipe's services, paths and ports.
import type { RouteModel } from '../model/route-model.js';
import { composeModel } from './compose.js';
import { SPEC_FILE } from './spec-file.js';

/** Where a backup of the named volumes goes, beside the recipe. */
export const BACKUP_DIR = 'backup';

/** A named volume and where a service mounts it. */
interface Mount {
  service: string;
  volume: string;
  path: string;
}

function namedMounts(model: RouteModel): Mount[] {
  const compose = composeModel(model);
  const named = new Set(Object.keys(compose.volumes));
  return Object.entries(compose.services).flatMap(([service, svc]) =>
    (svc.volumes ?? []).flatMap((v) => {
      const [volume, path] = v.split(':') as [string, string];
      return named.has(volume) ? [{ service, volume, path }] : [];
    }),
  );
}

/** `docker compose run` of a one-off root container of `service` with ./backup mounted. */
const oneOff = (service: string, entrypoint: string) =>
  `docker compose run --rm --no-deps --user 0 -v "$PWD/${BACKUP_DIR}:/${BACKUP_DIR}" --entrypoint ${entrypoint} ${service}`;

function backupRestore(model: RouteModel): string {
  const mounts = namedMounts(model);
  const backup = mounts.map(
    (m) => `${oneOff(m.service, 'tar')} -czf /${BACKUP_DIR}/${m.volume}.tar.gz -C ${m.path} .`,
  );
  const restore = mounts.map(
    (m) =>
      `${oneOff(m.service, 'sh')} -c 'find ${m.path} -mindepth 1 -delete && tar -xzf /${BACKUP_DIR}/${m.volume}.tar.gz -C ${m.path}'`,
  );
  const db = model.database;
  return `Everything the recipe keeps lives in named volumes (${mounts.map((m) => `\`${m.volume}\``).join(', ')}); the recipe folder itself is regenerated from \`${SPEC_FILE}\`, and \`.env\` belongs in your secret store. A cold backup copies every volume while nothing writes (a few seconds of downtime per GB):

### Back up

\`\`\`sh
mkdir -p ${BACKUP_DIR}
docker compose stop
${backup.join('\n')}
docker compose start
\`\`\`

### Restore

Into the same recipe (also after \`docker compose down -v\` or on a new host with the same \`.env\`):

\`\`\`sh
docker compose stop
${restore.join('\n')}
docker compose up -d
\`\`\`
${
  db
    ? `
For a backup without downtime, dump the index online and copy the files; restore both together:
\`docker compose exec -T ${db.host} pg_dump -U ${db.user} -Fc ${db.name} > ${BACKUP_DIR}/${db.name}.dump\`
(restore with \`pg_restore -U ${db.user} -d ${db.name} --clean --if-exists\` through \`docker compose exec -T ${db.host}\`).
`
    : ''
}`;
}

function upload(model: RouteModel): string {
  const stow = `${model.publicUrl.origin}${model.dicomweb.wadoRoot}/studies`;
  const credentials = model.auth === 'basic' ? ' -u "$USER:$PASSWORD"' : '';
  const host = model.dicom.expose === 'all' ? model.publicUrl.host : '127.0.0.1';
  const lines = [
    `- **In the viewer**: the study list's Upload button sends files by STOW-RS to \`${stow}\`.`,
    `- **The PACS UI**: ${model.links[1] ? `<${model.links[1].url}>` : 'see Routes'}.`,
  ];
  const curl = model.gate
    ? `With the ${model.gateDescription ?? 'sign-in gate'}, STOW-RS needs a signed-in browser session: upload in the viewer, or use C-STORE below.`
    : `**STOW-RS with curl**, one file (\`f\`) per request:

\`\`\`sh
f=image.dcm; b=ohif-recipes-stow
{ printf -- "--$b\\r\\nContent-Type: application/dicom\\r\\n\\r\\n"; cat "$f"; printf "\\r\\n--$b--\\r\\n"; } |
  curl -fsS${credentials} -X POST --data-binary @- -H "Content-Type: multipart/related; type=\\"application/dicom\\"; boundary=$b" ${stow}
\`\`\``;
  const dimse =
    model.dicom.expose === 'none'
      ? `**C-STORE** is off (\`dicom.expose\` none): regenerate with \`--expose-dicom loopback\` or \`all\` to receive from modalities.`
      : `**C-STORE** (dcmtk's \`storescu\`), a folder of files:

\`\`\`sh
storescu -aec ${model.dicom.aeTitle} +sd +r ${host} ${model.dicom.port} ./studies/
\`\`\``;
  return `${lines.join('\n')}\n\n${curl}\n\n${dimse}`;
}

function certificates(model: RouteModel): string {
  const tls = model.tls;
  if (tls.mode === 'off')
    return 'TLS is off in nginx: renew certificates on the TLS terminator in front.';
  if (tls.mode === 'files')
    return `Replace \`${tls.certificate}\` and \`${tls.key}\` (same paths), then \`docker compose exec viewer nginx -s reload\`. Check the dates with \`openssl x509 -noout -dates -in ${tls.certificate}\`.`;
  const dir = model.viewerVolumes[0]?.path ?? '';
  return `The self-signed certificate (825 days) lives in the \`${model.viewerVolumes[0]?.name ?? ''}\` volume; to make a new one: \`docker compose exec viewer rm ${dir}/tls.crt ${dir}/tls.key && docker compose restart viewer\`. For a real certificate, regenerate with \`--tls-cert\`/\`--tls-key\`.`;
}

function users(model: RouteModel): string {
  if (model.gate)
    return `Users and roles live in Keycloak: its admin console is at \`${model.publicUrl.origin}${model.gate.urls.keycloakPath}/admin/\` (admin password in \`.env\`).`;
  if (model.auth === 'basic')
    return '`ohif-recipes user add NAME --dir .` (add `--admin` for a PACS administrator) reads the password from standard input and keeps only its hash in `.env`; then `docker compose up -d --force-recreate viewer`.';
  return 'There are no users: regenerate with `--auth basic` (or use the Keycloak variant) before the viewer leaves a trusted network.';
}

/** The README's "Operations" section. */
export function operations(model: RouteModel): string {
  const services = Object.keys(composeModel(model).services);
  return `## Operations

Check the folder at any time: \`npx ohif-recipes check .\` (files as generated, \`.env\` complete and private, lint, \`nginx -t\`, compose).

### Upload studies

${upload(model)}

### Logs

\`docker compose logs -f --tail 100 viewer\` (nginx's access and error log), likewise ${services
    .filter((s) => s !== 'viewer')
    .map((s) => `\`${s}\``)
    .join(', ')}. Each container keeps at most 5 rotated files of 10 MB.

## Backup and restore

${backupRestore(model)}
## Upgrade

1. Back up (above).
2. Change \`ohifVersion\` or an image in \`${SPEC_FILE}\` (the pins this version of ohif-recipes was tested with are its defaults: \`npx ohif-recipes@latest generate --config ${SPEC_FILE} --out . --diff\` shows a newer tool's changes).
3. \`npx ohif-recipes generate --config ${SPEC_FILE} --out . --diff\`, then the same without \`--diff\`.
4. \`docker compose pull && docker compose up -d --build\`, then \`npx ohif-recipes check .\`.

## Certificates

${certificates(model)}

## Users

${users(model)}

## Exposing DICOM to modalities

DICOM (DIMSE) has no encryption or passwords here, only AE titles. Keep \`dicom.expose\` at \`loopback\` (default) and route modalities through a VPN or a DICOM router, or set it to \`all\` and allow only the modalities' addresses to port ${model.dicom.port} in the host firewall. Regenerate after the change.

## Troubleshooting

- **Exit 137** (\`docker compose ps\`): the container was killed, usually out of memory (\`docker inspect --format '{{.State.OOMKilled}}' <container>\`). The source build (\`Dockerfile.source\`) needs about 8 GB; the default image build needs little.
- **Port already in use** on \`up\`: \`ss -ltnp 'sport = :${model.ports.http}'\` names the process; stop it or regenerate with \`--http-port\`.
- **Cannot connect to the Docker daemon**: start it (\`systemctl start docker\`), check with \`docker info\`.
- **"host not found in upstream"** in the viewer's log: nginx resolves the PACS's service name at start. Start the recipe with \`docker compose up\` (not \`docker run\`), keep the service names of \`docker-compose.yml\`, and let the viewer wait for a healthy PACS (it does).
- **413 Request Entity Too Large** on upload: the limit is ${model.maxUploadSize === '0' ? 'off' : model.maxUploadSize}; regenerate with \`--max-upload\`. A proxy in front has its own limit.
- **Blank page under a sub-path**: the public URL's path must be the one browsers use (${model.viewer.basePath}); regenerate with the right \`--public-url\`, then reload without cache (the old service worker may still answer).
- **"SharedArrayBuffer is not defined"**: the viewer needs a secure context (HTTPS or localhost) and the COOP/COEP headers nginx sends; a proxy in front must keep them.
`;
}
