import { bashHttpCheck } from '../emit/compose-model.js';
import { orthancConfig, PUBLIC_ROOT_SINCE } from '../emit/orthanc.js';
import { orthancVersions } from '../model/target.js';
import { atLeast, IMAGES } from '../versions.js';
import { dicomPortMapping } from './ports.js';
import type { PacsModule } from './types.js';

export const orthanc: PacsModule = {
  kind: 'orthanc',
  defaults: { pacsPath: 'pacs', dicomPort: 4242, aeTitle: 'ORTHANC' },
  upstreams: (_spec, target) => [
    target.kind === 'docker'
      ? { name: 'orthanc', host: 'orthanc', port: 8042 }
      : { name: 'orthanc', host: '127.0.0.1', port: target.pacsHttpPort },
  ],
  routes: (spec) => [
    {
      id: 'pacs',
      path: spec.pacsPath,
      upstream: 'orthanc',
      upstreamPath: '/',
      uploads: true,
      description: 'Orthanc Explorer, REST API, DICOMweb (dicom-web) and WADO-URI (wado)',
    },
  ],
  dicomweb: (spec, target) => {
    const root = `${spec.pacsPath}dicom-web`;
    const hasPublicRoot = atLeast(orthancVersions(target).dicomweb, PUBLIC_ROOT_SINCE);
    return {
      qidoRoot: root,
      wadoRoot: root,
      wadoUriRoot: `${spec.pacsPath}wado`,
      // Without PublicRoot the plugin writes bulk-data URLs at its own /dicom-web/ root.
      ...(hasPublicRoot
        ? {}
        : {
            bulkDataRewrite: {
              startsWith: `${spec.publicUrl.origin}/dicom-web/`,
              prefixWith: `${root}/`,
            },
          }),
    };
  },
  dataSource: {
    qidoSupportsIncludeField: false,
    supportsReject: false,
    supportsStow: true,
    dicomUploadEnabled: true,
    imageRendering: 'wadors',
    thumbnailRendering: 'wadors',
    enableStudyLazyLoad: true,
    supportsFuzzyMatching: false,
    supportsWildcard: true,
    staticWado: true,
    singlepart: 'bulkdata,video',
    omitQuotationForMultipartRequest: true,
  },
  healthGate: 'orthanc',
  volumes: ['orthanc-db'],
  secrets: [],
  services: (model) => ({
    orthanc: {
      image: model.spec.images.orthanc ?? IMAGES.orthanc,
      restart: 'unless-stopped',
      environment: { DICOM_WEB_PLUGIN_ENABLED: 'true' },
      volumes: [
        'orthanc-db:/var/lib/orthanc/db',
        './config/orthanc.json:/etc/orthanc/orthanc.json:ro',
      ],
      ...dicomPortMapping(model.spec.dicom, model.spec.dicom.port),
      healthcheck: bashHttpCheck(8042, '/system'),
    },
  }),
  files: (model) => ({
    'config/orthanc.json': `${JSON.stringify(orthancConfig(model), null, 2)}\n`,
  }),
  notes: (model) => [
    `Send studies by DIMSE C-STORE to AE ${model.spec.dicom.aeTitle} on port ${model.spec.dicom.port}` +
      (model.spec.dicom.expose === 'none'
        ? ' (not published: set dicom.expose to loopback or all).'
        : model.spec.dicom.expose === 'loopback'
          ? ' of 127.0.0.1 only.'
          : ' of this host (all interfaces).'),
    'Orthanc has no authentication of its own here: its HTTP port is reachable only through nginx.',
  ],
};
