import { orthanc } from '../pacs/orthanc.js';
import type { Variant } from './types.js';

export const nginxOrthanc: Variant = {
  name: 'nginx-orthanc',
  description: 'OHIF behind nginx with Orthanc (DICOMweb plugin): viewer at /, Orthanc at /pacs/',
  pacs: orthanc,
  appConfigName: 'docker-nginx-orthanc.js',
};
