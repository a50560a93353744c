import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { startProcess, type Started } from './process.js';

export const ORTHANC_BIN = process.env.ORTHANC_BIN ?? '/usr/sbin/Orthanc';

export interface RunningOrthanc {
  httpPort: number;
  dicomPort: number;
  url: string;
  process: Started;
  stop(): Promise<void>;
}

/** Polls `url` until it answers 200, or throws with `logFile`'s hint after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs = 30_000, what = url): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not become ready in ${timeoutMs} ms (last: ${last})`);
}

/**
 * Starts the real Orthanc with `config` on free ports with storage under `dir`.
 * Orthanc 1.10 has no bind-address option: RemoteAccessAllowed false makes it refuse
 * every client that is not on loopback, and its DICOM server stays off unless asked.
 * Resolves when `/system` answers.
 */
export async function startOrthanc(
  dir: string,
  config: Record<string, unknown>,
  opts: { dicom?: boolean } = {},
): Promise<RunningOrthanc> {
  mkdirSync(dir, { recursive: true });
  const httpPort = await freePort();
  const dicomPort = await freePort();
  const storage = join(dir, 'db');
  const effective = {
    ...config,
    HttpPort: httpPort,
    RemoteAccessAllowed: false,
    DicomPort: dicomPort,
    // Orthanc 1.10 cannot bind DICOM to loopback only: keep it off unless a test needs it.
    DicomServerEnabled: opts.dicom === true,
    StorageDirectory: storage,
    IndexDirectory: storage,
  };
  const file = join(dir, 'orthanc.json');
  writeFileSync(file, JSON.stringify(effective, null, 2));
  const proc = startProcess(
    ORTHANC_BIN,
    ['--logdir=' + dir, file],
    join(dir, 'orthanc.stdout.log'),
  );
  const url = `http://127.0.0.1:${httpPort}`;
  try {
    await waitForHttp(`${url}/system`, 30_000, 'Orthanc');
  } catch (e) {
    await proc.stop();
    throw e;
  }
  return { httpPort, dicomPort, url, process: proc, stop: () => proc.stop() };
}
