import { orthancPacs } from '../pacs/orthanc.js';
import type { Variant } from './types.js';

export const nginxOrthancPostgres: Variant = {
  name: 'nginx-orthanc-postgres',
  description:
    'OHIF behind nginx with Orthanc keeping its index in PostgreSQL: viewer at /, Orthanc at /pacs/',
  pacs: orthancPacs('postgres'),
  appConfigName: 'docker-nginx-orthanc.js',
};
