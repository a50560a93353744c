// Basic-auth users of a compose recipe live in its .env. `user add --dir` keeps only hashes
// there, single-quoted so neither docker compose v1 (python-dotenv) nor v2 expands the "$"
// of a crypt hash.
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRYPT_HASH } from '../assets/make-secrets.js';
import { envVariables } from './dotenv.js';
import { NativeError } from './native.js';
import { cryptHash } from './users.js';

export const USERS_VARIABLE = 'OHIF_BASIC_AUTH_USERS';
export const ADMINS_VARIABLE = 'OHIF_BASIC_AUTH_ADMINS';

/** The `user:secret` entries of a variable in dotenv text, and the line holding it (-1: none). */
function entries(text: string, variable: string): { line: number; list: string[] } {
  const v = envVariables(text).get(variable);
  return { line: v?.line ?? -1, list: (v?.value ?? '').split(',').filter((e) => e !== '') };
}

/** Users of the variables whose password is written in plain text (for `check`). */
export function plainTextUsers(text: string): string[] {
  return [USERS_VARIABLE, ADMINS_VARIABLE].flatMap((v) =>
    entries(text, v)
      .list.filter((e) => !CRYPT_HASH.test(e.slice(e.indexOf(':') + 1)))
      .map((e) => `${e.split(':')[0] ?? ''} (${v})`),
  );
}

function setVariable(text: string, variable: string, list: string[]): string {
  const lines = text.replace(/\n$/, '').split('\n');
  const line = `${variable}='${list.join(',')}'`;
  const at = entries(text, variable).line;
  if (at >= 0) lines[at] = line;
  else lines.push(line);
  return `${lines.join('\n')}\n`;
}

/**
 * Adds or replaces `name` in the recipe's .env with a SHA-512 crypt hash, as a viewer user,
 * and with `admin` as a PACS administrator too (without it, no longer one). The .env stays
 * private.
 */
export function addEnvUser(
  dir: string,
  name: string,
  password: string,
  admin = false,
): 'added' | 'replaced' {
  const file = join(dir, '.env');
  if (!existsSync(file))
    throw new NativeError(
      `${file} does not exist: copy .env.example to .env (chmod 600) in the recipe folder first`,
    );
  let text = readFileSync(file, 'utf8');
  if (!/^\s*#?\s*OHIF_BASIC_AUTH_USERS\s*=/m.test(readFileSync(join(dir, '.env.example'), 'utf8')))
    throw new NativeError(
      `${dir} is not a recipe with --auth basic (its .env.example has no ${USERS_VARIABLE}); fix: generate it with --auth basic`,
    );
  const hash = cryptHash(name, password);
  const mine = (e: string): boolean => e.split(':')[0] === name;
  const users = entries(text, USERS_VARIABLE).list;
  const admins = entries(text, ADMINS_VARIABLE).list;
  const had = [...users, ...admins].some(mine);
  const entry = `${name}:${hash}`;
  // Administrators stay listed as users too: compose requires a non-empty user list.
  text = setVariable(text, USERS_VARIABLE, [...users.filter((e) => !mine(e)), entry]);
  if (admin || admins.some(mine))
    text = setVariable(
      text,
      ADMINS_VARIABLE,
      admin ? [...admins.filter((e) => !mine(e)), entry] : admins.filter((e) => !mine(e)),
    );
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, statSync(file).mode & 0o777 & ~0o077);
  renameSync(tmp, file);
  return had ? 'replaced' : 'added';
}
