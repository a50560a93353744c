import type { Directive } from '../types.js';
import { simple } from './core.js';

export function authBasic(realm: string | false, userFile?: string): Directive[] {
  if (realm === false) return [simple('auth_basic', 'off')];
  return userFile
    ? [simple('auth_basic', realm), simple('auth_basic_user_file', userFile)]
    : [simple('auth_basic', realm)];
}
