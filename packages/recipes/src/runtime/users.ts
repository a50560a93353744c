import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { nativeHtpasswd } from '../model/processes.js';
import { NativeError } from './native.js';

/** The htpasswd of a native state dir made with --auth basic. */
export const htpasswdOf = nativeHtpasswd;

/** The PACS administrators' htpasswd beside it (the PACS UI and its write API). */
export const adminHtpasswdOf = (stateDir: string): string =>
  htpasswdOf(stateDir).replace(/htpasswd$/, 'admins.htpasswd');

/**
 * Adds or replaces a user in a native stack's htpasswd (SHA-512 crypt by openssl), and with
 * `admin` in the administrators' file too. nginx reads the files on every request: no reload.
 */
export function addUser(
  stateDir: string,
  name: string,
  password: string,
  admin = false,
): 'added' | 'replaced' {
  const file = htpasswdOf(stateDir);
  if (!existsSync(file))
    throw new NativeError(
      `${file} does not exist: start the stack once with --auth basic (ohif-recipes up ... --auth basic)`,
    );
  const hash = cryptHash(name, password);
  if (admin) setEntry(adminHtpasswdOf(stateDir), name, hash);
  return setEntry(file, name, hash);
}

/** A SHA-512 crypt hash of a checked user's password (by openssl, as the container does). */
export function cryptHash(name: string, password: string): string {
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name))
    throw new NativeError(`user name "${name}": use 1-64 letters, digits, ".", "_", "@" or "-"`);
  if (password.length < 8 || /[\r\n]/.test(password))
    throw new NativeError('the password must have at least 8 characters and no line breaks');
  return execFileSync('openssl', ['passwd', '-6', '-stdin'], {
    input: password,
    encoding: 'utf8',
  }).trim();
}

/** `name:hash` in `file` (replacing `name`'s line), owner and mode kept, written atomically. */
function setEntry(file: string, name: string, hash: string): 'added' | 'replaced' {
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
