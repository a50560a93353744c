// The build context's ignore file: data, logs and secrets never reach an image.
export function dockerignore(): string {
  return [
    '# Keep the build context small: data and logs never go into an image.',
    '.git',
    '.env',
    'node_modules/',
    'volumes/',
    'logs/',
    'data/',
    '*.log',
    '',
  ].join('\n');
}
