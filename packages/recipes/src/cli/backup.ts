import { backupState, restoreState } from '../runtime/backup.js';
import { parseCommand } from './args.js';
import { UsageError } from './options.js';

export const BACKUP_USAGE = `usage:
  ohif-recipes backup --state-dir DIR [--to FILE]    (default DIR/backups/backup-<time>.tar.gz)
  ohif-recipes restore FILE --state-dir DIR

A cold backup of a native stack (ohif-recipes up): the PACS's storage and index, the
PostgreSQL cluster, secrets, users and certificate, owners kept. Stop the stack first
(ohif-recipes down); restore replaces those folders with the backup's.`;

const stateDirOf = (v: string | undefined, command: string): string => {
  if (!v)
    throw new UsageError(
      `${command}: --state-dir: missing; fix: give the --state-dir that up used`,
    );
  return v;
};

export function backup(args: string[]): number {
  const { values } = parseCommand(
    'backup',
    { 'state-dir': { type: 'string' }, to: { type: 'string' } },
    args,
  );
  if (values.help) {
    process.stdout.write(`${BACKUP_USAGE}\n`);
    return 0;
  }
  const { file, dirs } = backupState(stateDirOf(values['state-dir'], 'backup'), values.to);
  process.stdout.write(`ohif-recipes: backed up ${dirs.join(', ')} to ${file}\n`);
  return 0;
}

export function restore(args: string[]): number {
  const { values, positionals } = parseCommand(
    'restore',
    { 'state-dir': { type: 'string' } },
    args,
  );
  if (values.help) {
    process.stdout.write(`${BACKUP_USAGE}\n`);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0)
    throw new UsageError(
      'restore: name one backup file; fix: ohif-recipes restore FILE --state-dir DIR',
    );
  const { dirs } = restoreState(stateDirOf(values['state-dir'], 'restore'), file);
  process.stdout.write(
    `ohif-recipes: restored ${dirs.join(', ')} from ${file}; start with ohif-recipes up\n`,
  );
  return 0;
}
