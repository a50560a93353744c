// The recipe folder's .gitignore: a recipe is meant to live in git; its secrets are not.
import { BACKUP_DIR } from './operations.js';
export function gitignore(): string {
  return [
    '# Secrets and certificates stay out of git; keep them in your secret store.',
    '.env',
    'certs/',
    '*.pem',
    '*.key',
    '*.crt',
    '# Volume backups (see README: Backup and restore).',
    `${BACKUP_DIR}/`,
    '# Copies ohif-recipes keeps when --force replaces a file you edited.',
    '*.orig',
    '*.orig.*',
    '',
  ].join('\n');
}
