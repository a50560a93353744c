// The two stacks every benchmark compares, on one set of OHIF files: the generated
// nginx-orthanc stack (ohif-recipes up) and a baseline nginx that behaves like upstream's
// hand-written recipe, in front of the same Orthanc, or of its own upstream-style one.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from '@ohif-recipes/nginx-dsl';
import { TEMP_PATHS } from '@ohif-recipes/recipes';
import { startNative, type NativeStack } from '@ohif-recipes/recipes/runtime';
import {
  freePort,
  NGINX_BIN,
  startOrthanc,
  startProcess,
  tempDir,
  waitForPort,
  type RunningOrthanc,
  type Started,
} from '@ohif-recipes/testing';
import { baselineNginx } from './baseline.js';

export interface BenchStacks {
  tmp: { path: string; remove(): void };
  stack: NativeStack;
  baseline: Started;
  port: number;
  basePort: number;
  /** Our Orthanc's own HTTP port. */
  pacsPort: number;
  /** The baseline's own Orthanc (`ownPacs`): storing as received, as upstream's recipe does. */
  basePacs?: RunningOrthanc;
  /** Stops both stacks and removes the temp folder. */
  stop(): Promise<void>;
}

export async function startBenchStacks(
  name: string,
  log: (line: string) => void,
  opts: { ownPacs?: boolean } = {},
): Promise<BenchStacks> {
  const tmp = tempDir(name);
  chmodSync(tmp.path, 0o755);
  const port = await freePort();
  const pacsPort = await freePort();
  log('starting the generated stack (ohif-recipes up)...');
  const stack = await startNative({
    spec: { variant: 'nginx-orthanc', dicom: { expose: 'none' } },
    port,
    pacsPort,
    stateDir: join(tmp.path, 'ours'),
    log,
  });
  const baseDir = join(tmp.path, 'baseline');
  mkdirSync(baseDir, { recursive: true });
  const basePort = await freePort();
  const asRoot = process.getuid?.() === 0;
  let basePacs: RunningOrthanc | undefined;
  if (opts.ownPacs) {
    log("starting the baseline's own Orthanc (upstream's settings: files stored as received)...");
    basePacs = await startOrthanc(join(tmp.path, 'baseline-orthanc'), {
      Name: 'baseline',
      AuthenticationEnabled: false,
      Plugins: ['/usr/share/orthanc/plugins/libOrthancDicomWeb.so'],
      DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: true, WadoRoot: '/wado' },
    });
  }
  writeFileSync(
    join(baseDir, 'nginx.conf'),
    render(
      baselineNginx({
        dir: baseDir,
        port: basePort,
        webRoot: join(stack.stateDir, 'web'),
        pacsPort: basePacs?.httpPort ?? pacsPort,
        pacsPath: '/pacs/',
        ...(basePacs ? {} : { pacsHeaders: stack.pacsHeaders }),
        ...(asRoot ? { workerUser: 'www-data www-data' } : {}),
      }),
    ),
  );
  // The baseline's workers (www-data, when we are root) write their temp files here.
  if (asRoot)
    for (const t of TEMP_PATHS) {
      mkdirSync(join(baseDir, t), { recursive: true });
      chmodSync(join(baseDir, t), 0o777);
    }
  chmodSync(baseDir, 0o755);
  const baseline = startProcess(
    NGINX_BIN,
    [
      '-p',
      baseDir,
      '-e',
      join(baseDir, 'error.log'),
      '-c',
      join(baseDir, 'nginx.conf'),
      '-g',
      'daemon off;',
    ],
    join(baseDir, 'stdout.log'),
  );
  await waitForPort(basePort);
  return {
    tmp,
    stack,
    baseline,
    port,
    basePort,
    pacsPort,
    ...(basePacs ? { basePacs } : {}),
    stop: async () => {
      await baseline.stop();
      await basePacs?.stop();
      await stack.stop();
      tmp.remove();
    },
  };
}
