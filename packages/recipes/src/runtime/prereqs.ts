import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

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

export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

export function nativePrerequisites(pacs: string): Prerequisite[] {
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
  if (pacs === 'orthanc') {
    list.push(
      {
        what: 'Orthanc',
        found: onPath('Orthanc') !== undefined,
        install: 'apt-get install orthanc',
      },
      {
        what: 'Orthanc DICOMweb plugin',
        found: existsSync(DICOMWEB_PLUGIN),
        install: 'apt-get install orthanc-dicomweb',
      },
    );
  } else {
    list.push({
      what: `a native ${pacs}`,
      found: false,
      install: `${pacs} has no Debian package: use the docker recipe (ohif-recipes generate)`,
    });
  }
  return list;
}
