// Starts, stops and records the native stack's processes (the record lets `down` stop them later).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RouteModel } from '../model/route-model.js';
import { NativeError } from './errors.js';
import { alive, commandLine, launch, stopPid, type ManagedProcess } from './processes.js';
import { waitReady, type ServiceSpec } from './services.js';

export interface Supervisor {
  /** The processes running now, in start order. */
  processes: ManagedProcess[];
  /** Starts one service (again), waiting until it is ready unless told not to. */
  start(name: string, waitForHealth?: boolean): Promise<void>;
  /** Stops one service: SIGTERM (or its own stop signal) with a grace period, or another signal at once. */
  kill(name: string, signal?: NodeJS.Signals): Promise<void>;
  /** Stops every service, nginx first. */
  stop(): Promise<void>;
}

/**
 * Keeps the services' processes and records them in `<state>/run/stack.json` after every
 * change, so `down` can stop a detached stack by PID.
 */
export function supervise(
  services: readonly ServiceSpec[],
  stateDir: string,
  links: RouteModel['links'],
  opts: { detach: boolean; log: (line: string) => void },
): Supervisor {
  const processes: ManagedProcess[] = [];
  const find = (name: string): ServiceSpec => {
    const svc = services.find((x) => x.name === name);
    if (!svc) throw new NativeError(`no service named ${name}`);
    return svc;
  };
  const record = (): void =>
    writeFileSync(
      join(stateDir, 'run', 'stack.json'),
      JSON.stringify(
        {
          processes: processes.map((p) => {
            const { bin, stopSignal } = find(p.name);
            return { name: p.name, pid: p.pid, bin, stopSignal };
          }),
          links,
        },
        null,
        2,
      ),
    );
  return {
    processes,
    async start(name, waitForHealth = true) {
      const svc = find(name);
      opts.log(`starting ${name} on ${svc.where}...`);
      const p = launch(name, svc.bin, svc.args, svc.log, opts.detach, svc.spawn);
      processes.push(p);
      record();
      if (waitForHealth) {
        await waitReady(svc);
        svc.afterStart?.();
      }
    },
    async kill(name, signal = 'SIGTERM') {
      const i = processes.findIndex((p) => p.name === name);
      const p = processes[i];
      if (!p) return;
      processes.splice(i, 1);
      if (signal === 'SIGTERM') await stopPid(p.pid, undefined, find(name).stopSignal);
      else {
        process.kill(p.pid, signal);
        while (alive(p.pid)) await new Promise((r) => setTimeout(r, 20));
      }
      record();
    },
    async stop() {
      // nginx first, so no request reaches a stopping PACS.
      for (const svc of [...services].reverse()) {
        for (const p of processes.filter((x) => x.name === svc.name))
          await stopPid(p.pid, undefined, svc.stopSignal);
      }
      processes.length = 0;
      record();
    },
  };
}

/** Stops a stack recorded in `stateDir/run/stack.json` (from a detached `up`). */
export async function stopRecorded(stateDir: string): Promise<string[]> {
  const file = join(stateDir, 'run', 'stack.json');
  if (!existsSync(file))
    throw new NativeError(
      `no running stack recorded in ${file}; was it started with --state-dir ${stateDir}?`,
    );
  const { processes } = JSON.parse(readFileSync(file, 'utf8')) as {
    processes: Array<{ name: string; pid: number; bin: string; stopSignal?: NodeJS.Signals }>;
  };
  const stopped: string[] = [];
  // nginx first, so no request reaches a stopping PACS.
  for (const p of [...processes].reverse()) {
    // A recorded PID may have been reused since: only stop it if it still runs our binary.
    if (alive(p.pid) && commandLine(p.pid).includes(p.bin)) {
      await stopPid(p.pid, undefined, p.stopSignal);
      stopped.push(`${p.name} (pid ${p.pid})`);
    }
  }
  writeFileSync(file, JSON.stringify({ processes: [] }));
  return stopped;
}
