import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface ManagedProcess {
  name: string;
  pid: number;
  child?: ChildProcess;
}

/** Starts a server with stdout/stderr appended to `logFile`. */
export function launch(
  name: string,
  cmd: string,
  args: readonly string[],
  logFile: string,
  options: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv } = {},
): ManagedProcess {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(cmd, args, { stdio: ['ignore', fd, fd], ...options });
    if (child.pid === undefined) throw new Error(`could not start ${name} (${cmd})`);
    return { name, pid: child.pid, child };
  } finally {
    closeSync(fd);
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of `pid`, to check a recorded PID still belongs to our server. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** `signal` (SIGTERM), then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopPid(
  pid: number,
  graceMs = 10_000,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (!alive(pid)) return;
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (alive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    while (alive(pid)) await new Promise((r) => setTimeout(r, 20));
  }
}
