import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { PacsModule } from '../pacs/types.js';
import { postgresBinDir } from './postgres.js';

/** Something `up` needs from the machine, and how to get it on Debian. */
export interface Prerequisite {
  what: string;
  found: boolean;
  install: string;
}

export function onPath(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/sbin'])) {
    const file = join(dir, cmd);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** Optional: serves the .br files prepare-dist writes when the brotli command exists. */
export const BROTLI_STATIC_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

export function nativePrerequisites(
  pacs: Pick<PacsModule, 'kind' | 'database' | 'native'>,
): Prerequisite[] {
  const list: Prerequisite[] = [
    { what: 'nginx', found: onPath('nginx') !== undefined, install: 'apt-get install nginx' },
    {
      what: 'npm (to fetch the OHIF viewer once)',
      found: onPath('npm') !== undefined,
      install: 'install Node.js 20 with npm',
    },
    {
      what: 'tar and gzip',
      found: onPath('tar') !== undefined && onPath('gzip') !== undefined,
      install: 'apt-get install tar gzip',
    },
  ];
  if (pacs.native) {
    for (const n of pacs.native.needs)
      list.push({
        what: n.what,
        found:
          (n.command ? onPath(n.command) !== undefined : true) &&
          (n.file ? existsSync(n.file) : true),
        install: n.install,
      });
  } else {
    list.push({
      what: `a native ${pacs.kind}`,
      found: false,
      install: `${pacs.kind} has no Debian package: use the docker recipe (ohif-recipes generate)`,
    });
  }
  if (pacs.database === 'postgres') {
    list.push({
      what: 'PostgreSQL server',
      found: postgresBinDir() !== undefined,
      install: 'apt-get install postgresql',
    });
  }
  return list;
}
