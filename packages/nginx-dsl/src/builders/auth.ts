import type { Directive } from '../types.js';
import { block, simple } from './core.js';

export function authBasic(realm: string | false, userFile?: string): Directive[] {
  if (realm === false) return [simple('auth_basic', 'off')];
  return userFile
    ? [simple('auth_basic', realm), simple('auth_basic_user_file', userFile)]
    : [simple('auth_basic', realm)];
}

/** `limit_except METHODS { deny all; }`: only these methods (GET brings HEAD) are served. */
export const onlyMethods = (...methods: string[]): Directive =>
  block('limit_except', methods, [simple('deny', 'all')]);
