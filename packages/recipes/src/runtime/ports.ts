// Loopback ports for the native stack: free ones when not given, refused with the flag when busy.
import { createServer } from 'node:net';
import { NativeError } from './errors.js';

/** Whether nothing listens on 127.0.0.1:port. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

/** Ports this process has handed out: the OS may offer a just-closed port again. */
const handedOut = new Set<number>();

/** A port on 127.0.0.1 that was free a moment ago (the OS picks it), never one handed out before. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await osPort();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

function osPort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** `wanted` if it is free (else a NativeError naming `flag`), or a free port when none was asked for. */
export async function claimPort(wanted: number | undefined, flag: string): Promise<number> {
  if (wanted === undefined) return freePort();
  if (!(await portFree(wanted)))
    throw new NativeError(`port ${wanted} on 127.0.0.1 is in use; choose another with ${flag}`);
  // Claimed: a free port picked later must not be this one.
  handedOut.add(wanted);
  return wanted;
}
