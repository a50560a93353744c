// Starts, keeps running, stops and records the native stack's processes (the record lets
// `down` stop them later).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RouteModel } from '../model/route-model.js';
import { NativeError } from './errors.js';
import { alive, commandLine, launch, stopPid, type ManagedProcess } from './processes.js';
import { waitReady, type ServiceSpec } from './services.js';

export interface Supervisor {
  /** The processes running now, in start order. */
  processes: ManagedProcess[];
  /** Restarts so far, by service, of processes that exited on their own. */
  restarts: Record<string, number>;
  /** Starts one service (again), waiting until it is ready unless told not to. */
  start(name: string, waitForHealth?: boolean): Promise<void>;
  /** Stops one service: SIGTERM (or its own stop signal) with a grace period, or another signal at once. */
  kill(name: string, signal?: NodeJS.Signals): Promise<void>;
  /** Stops every service, nginx first, and restarts nothing more. */
  stop(): Promise<void>;
  /** Records that the stack is up (a detached `up` waits for this). */
  ready(): void;
}

/** What `stack.json` holds. */
export interface StackRecord {
  processes: Array<{ name: string; pid: number; bin: string; stopSignal?: NodeJS.Signals }>;
  links?: RouteModel['links'];
  /** The `up` process keeping the services running, when it does. */
  supervisor?: number;
  ready?: boolean;
}

/** Restart delays as `restart: unless-stopped` grows them: 1 s doubling to 30 s. */
export const BACKOFF = { firstMs: 1_000, maxMs: 30_000, stableMs: 30_000 };

/**
 * A liveness probe, as Kubernetes runs one: a server that keeps failing its health check
 * while running (Orthanc answering 503 for good after its index database restarted) is
 * stopped, and so started again.
 */
export const LIVENESS = { intervalMs: 5_000, failures: 3, graceMs: 10_000 };

/**
 * Keeps the services' processes: one that exits on its own is started again after a
 * backoff (doubling while it keeps failing, reset once it stays up), while the others go on
 * serving (nginx answers 503 for a PACS that is down). Records them in
 * `<state>/run/stack.json` after every change, so `down` can stop them by PID.
 */
export function supervise(
  services: readonly ServiceSpec[],
  stateDir: string,
  links: RouteModel['links'],
  opts: { log: (line: string) => void; restart?: boolean },
): Supervisor {
  const processes: ManagedProcess[] = [];
  const restarts: Record<string, number> = {};
  const delays: Record<string, number> = {};
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;
  let isReady = false;
  const failing: Record<string, number> = {};
  /** Processes that have answered their health check once: only they can fail it. */
  const served = new Set<number>();
  const find = (name: string): ServiceSpec => {
    const svc = services.find((x) => x.name === name);
    if (!svc) throw new NativeError(`no service named ${name}`);
    return svc;
  };
  const record = (): void => {
    const rank = (p: ManagedProcess) => services.findIndex((x) => x.name === p.name);
    const data: StackRecord = {
      // In start order, whatever order restarts left them in.
      processes: [...processes]
        .sort((a, b) => rank(a) - rank(b))
        .map((p) => {
          const { bin, stopSignal } = find(p.name);
          return { name: p.name, pid: p.pid, bin, stopSignal };
        }),
      links,
      ...(opts.restart ? { supervisor: process.pid, ready: isReady } : {}),
    };
    writeFileSync(join(stateDir, 'run', 'stack.json'), JSON.stringify(data, null, 2));
  };
  const launchOne = (svc: ServiceSpec): ManagedProcess => {
    const p = launch(svc.name, svc.bin, svc.args, svc.log, svc.spawn);
    const startedAt = Date.now();
    processes.push(p);
    record();
    p.child?.once('exit', (code, signal) => {
      const i = processes.indexOf(p);
      // Gone from the list: stopped on purpose (kill, stop), not a crash.
      if (i < 0 || stopping) return;
      processes.splice(i, 1);
      record();
      if (!opts.restart) return;
      const ran = Date.now() - startedAt;
      const delay =
        ran >= BACKOFF.stableMs
          ? BACKOFF.firstMs
          : Math.min(BACKOFF.maxMs, (delays[svc.name] ?? BACKOFF.firstMs / 2) * 2);
      delays[svc.name] = delay;
      opts.log(
        `${svc.name} exited (${signal ?? `code ${code}`}) after ${Math.round(ran / 1000)} s; restarting in ${delay / 1000} s (log: ${svc.log})`,
      );
      const t = setTimeout(() => {
        timers.delete(t);
        if (stopping) return;
        restarts[svc.name] = (restarts[svc.name] ?? 0) + 1;
        launchOne(svc);
      }, delay);
      timers.add(t);
    });
    return p;
  };
  const checkLiveness = (): void => {
    for (const p of [...processes]) {
      const svc = find(p.name);
      if (!svc.liveness) continue;
      void svc.ready().then((problem) => {
        if (stopping || !processes.includes(p)) return;
        if (problem === undefined) served.add(p.pid);
        // Still starting (or never up): the restart backoff, not this probe, deals with it.
        if (!served.has(p.pid)) return;
        failing[p.name] = problem === undefined ? 0 : (failing[p.name] ?? 0) + 1;
        if ((failing[p.name] ?? 0) < LIVENESS.failures) return;
        failing[p.name] = 0;
        opts.log(
          `${p.name} failed ${LIVENESS.failures} health checks in a row (last: ${problem}); restarting it`,
        );
        // Its exit is a crash to the exit handler: started again with the usual backoff.
        process.kill(p.pid, 'SIGTERM');
        const hard = setTimeout(
          () => alive(p.pid) && process.kill(p.pid, 'SIGKILL'),
          LIVENESS.graceMs,
        );
        hard.unref();
      });
    }
  };
  // Liveness goes with restarts: a server stopped for failing it must be started again.
  const probe = opts.restart ? setInterval(checkLiveness, LIVENESS.intervalMs) : undefined;
  probe?.unref();
  return {
    processes,
    restarts,
    async start(name, waitForHealth = true) {
      const svc = find(name);
      opts.log(`starting ${name} on ${svc.where}...`);
      launchOne(svc);
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
      stopping = true;
      clearInterval(probe);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      // nginx first, so no request reaches a stopping PACS.
      for (const svc of [...services].reverse()) {
        for (const p of processes.filter((x) => x.name === svc.name))
          await stopPid(p.pid, undefined, svc.stopSignal);
      }
      processes.length = 0;
      isReady = false;
      record();
    },
    ready() {
      isReady = true;
      record();
    },
  };
}

export function readRecord(stateDir: string): StackRecord | undefined {
  const file = join(stateDir, 'run', 'stack.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StackRecord;
  } catch {
    return undefined;
  }
}

/**
 * Stops a stack recorded in `stateDir/run/stack.json`: its supervising `up` first (it stops
 * its services and restarts nothing more), then any recorded process still running.
 */
export async function stopRecorded(stateDir: string): Promise<string[]> {
  const file = join(stateDir, 'run', 'stack.json');
  const rec = readRecord(stateDir);
  if (!rec)
    throw new NativeError(
      `no running stack recorded in ${file}; was it started with --state-dir ${stateDir}?`,
    );
  // A recorded PID may have been reused since: only stop it if it still runs our binary.
  // Recorded in start order: stop nginx first, so no request reaches a stopping PACS.
  const ours = rec.processes
    .filter((p) => alive(p.pid) && commandLine(p.pid).includes(p.bin))
    .reverse();
  if (rec.supervisor && alive(rec.supervisor) && commandLine(rec.supervisor).includes(' up '))
    await stopPid(rec.supervisor, 60_000);
  for (const p of ours) await stopPid(p.pid, undefined, p.stopSignal);
  writeFileSync(file, JSON.stringify({ processes: [] }));
  return ours.map((p) => `${p.name} (pid ${p.pid})`);
}
