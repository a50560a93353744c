import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { nativeHtpasswd } from '../model/processes.js';
import { NativeError } from './native.js';

/** The htpasswd of a native state dir made with --auth basic. */
export const htpasswdOf = nativeHtpasswd;

/**
 * Adds or replaces a viewer user in a native stack's htpasswd (SHA-512 crypt by openssl).
 * nginx reads the file on every request: no reload needed.
 */
export function addUser(stateDir: string, name: string, password: string): 'added' | 'replaced' {
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name))
    throw new NativeError(`user name "${name}": use 1-64 letters, digits, ".", "_", "@" or "-"`);
  if (password.length < 8 || /[\r\n]/.test(password))
    throw new NativeError('the password must have at least 8 characters and no line breaks');
  const file = htpasswdOf(stateDir);
  if (!existsSync(file))
    throw new NativeError(
      `${file} does not exist: start the stack once with --auth basic (ohif-recipes up ... --auth basic)`,
    );
  const hash = execFileSync('openssl', ['passwd', '-6', '-stdin'], {
    input: password,
    encoding: 'utf8',
  }).trim();
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const had = lines.some((l) => l.startsWith(`${name}:`));
  const next = [...lines.filter((l) => !l.startsWith(`${name}:`)), `${name}:${hash}`].join('\n');
  const st = statSync(file);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${next}\n`, { mode: st.mode & 0o777 });
  chownSync(tmp, st.uid, st.gid);
  renameSync(tmp, file);
  return had ? 'replaced' : 'added';
}
