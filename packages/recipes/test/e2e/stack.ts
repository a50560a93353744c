import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { fetchFor, stow, type Series } from '@ohif-recipes/testing/e2e';
import { freePort, tempDir } from '@ohif-recipes/testing';
import type { RecipeSpec } from '../../src/input/types.js';
import { startNative, type NativeStack } from '../../src/runtime/native.js';
import { servedRoots, type Served } from './checks.js';

export interface E2eStack extends Served {
  stack: NativeStack;
  dicomPort: number;
  /** The test's own temp folder (the state dir is `state/` in it), removed by close(). */
  dir: string;
  close(): Promise<void>;
}

/**
 * Starts `ohif-recipes up`'s stack on free ports in a fresh state dir; roots are read back
 * from the generated app config. With `auth`, the stack runs --auth basic with these users
 * (and PACS administrators), and `fetch` signs in as the first user.
 */
export async function startE2eStack(
  variant: string,
  subPath = '',
  auth?: { users: string; admins?: string },
  extra: Partial<RecipeSpec> = {},
  native: { restart?: boolean } = {},
): Promise<E2eStack> {
  const tmp = tempDir(`e2e-${variant}`);
  // mkdtemp makes 0700 folders; nginx's workers (www-data, when we are root) must enter it.
  chmodSync(tmp.path, 0o755);
  const port = await freePort();
  const dicomPort = await freePort();
  const publicUrl = `http://127.0.0.1:${port}/${subPath}`;
  // Users are read at first start only (hashed into the state dir).
  const env = Object.entries({
    OHIF_BASIC_AUTH_USERS: auth?.users,
    OHIF_BASIC_AUTH_ADMINS: auth?.admins,
  }).filter((e): e is [string, string] => e[1] !== undefined);
  for (const [k, v] of env) process.env[k] = v;
  let stack: NativeStack;
  try {
    stack = await startNative({
      spec: {
        variant,
        publicUrl,
        dicom: { port: dicomPort },
        ...(auth ? { auth: 'basic' } : {}),
        ...extra,
      },
      stateDir: join(tmp.path, 'state'),
      ...native,
    });
  } finally {
    for (const [k] of env) delete process.env[k];
  }
  const fetch = fetchFor(auth ? { auth: auth.users.split(',')[0] as string } : {});
  return {
    stack,
    origin: `http://127.0.0.1:${port}`,
    href: publicUrl,
    roots: await servedRoots(publicUrl, fetch),
    fetch,
    dicomPort,
    dir: tmp.path,
    close: async () => {
      await stack.stop();
      tmp.remove();
    },
  };
}

/** STOW-RS of a whole series through nginx, at the WADO-RS root the served app config names. */
export function stowSeries(s: Served, series: Series): ReturnType<typeof stow> {
  return stow(
    `${s.origin}${s.roots.wadoRoot}`,
    series.instances.map((i) => i.file),
    s.fetch,
  );
}

/**
 * Orthanc's id of a DICOM UID (patient, study, series or instance), as its REST API and the
 * PACS UI address it: `rest` is Orthanc's REST root (through nginx's PACS route, or direct).
 */
export async function orthancId(f: typeof fetch, rest: string, uid: string): Promise<string> {
  const r = await f(`${rest}tools/lookup`, { method: 'POST', body: uid });
  return ((await r.json()) as Array<{ ID: string }>)[0]?.ID as string;
}

const BIN = fileURLToPath(new URL('../../bin/ohif-recipes.js', import.meta.url));

/** The built `ohif-recipes` CLI, run to completion. */
export const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000 });

/** `ohif-recipes up VARIANT --detach` on a free port, DICOM off, in `stateDir`. */
export async function upDetached(
  variant: string,
  stateDir: string,
  ...extra: string[]
): Promise<{ result: ReturnType<typeof cli>; port: number; origin: string }> {
  const port = await freePort();
  const result = cli(
    'up',
    variant,
    '--port',
    String(port),
    '--state-dir',
    stateDir,
    '--expose-dicom',
    'none',
    '--detach',
    ...extra,
  );
  return { result, port, origin: `http://127.0.0.1:${port}` };
}
