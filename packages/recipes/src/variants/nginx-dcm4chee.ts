import { dcm4chee } from '../pacs/dcm4chee.js';
import type { Variant } from './types.js';

export const nginxDcm4chee: Variant = {
  name: 'nginx-dcm4chee',
  description:
    'OHIF behind nginx with dcm4chee-arc (LDAP + PostgreSQL): viewer at /, archive UI at /pacs, DICOMweb at /dcm4chee-arc/',
  pacs: dcm4chee,
  appConfigName: 'docker-nginx-dcm4chee.js',
};
