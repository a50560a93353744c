import { readdirSync, readFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

function stat(pid: number): { ppid: number; cpu: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICKS };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) of an nginx master and its workers. */
export function nginxCpuSeconds(masterPid: number): number {
  let total = stat(masterPid)?.cpu ?? 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = stat(Number(d));
    if (s && s.ppid === masterPid) total += s.cpu;
  }
  return total;
}

/** CPU seconds (user + system) of one process (Orthanc: all its threads). */
export function processCpuSeconds(pid: number): number {
  return stat(pid)?.cpu ?? 0;
}
