// The build context's ignore file: data, logs and secrets never reach an image.
import { BACKUP_DIR } from './operations.js';
export function dockerignore(): string {
  return [
    '# Keep the build context small: data, logs and secrets never go into an image.',
    '.git',
    '.env',
    'certs/',
    '*.pem',
    '*.key',
    '*.orig',
    'node_modules/',
    'volumes/',
    'logs/',
    'data/',
    `${BACKUP_DIR}/`,
    '*.log',
    '',
  ].join('\n');
}
