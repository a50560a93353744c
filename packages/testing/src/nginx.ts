import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports.js';
import { startProcess, type Started } from './process.js';

export const NGINX_BIN = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

/**
 * Main-context and http-context lines that keep a test nginx inside `dir`: its own pid,
 * logs and temp paths, so it needs no root-owned paths and leaves nothing behind.
 */
export function isolatedMain(dir: string): string {
  return [
    'daemon off;',
    'master_process on;',
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    // As root, workers would switch to nobody and could not read the temp dir.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'events { worker_connections 256; }',
  ].join('\n');
}

export function isolatedHttp(dir: string): string {
  return [
    `access_log ${join(dir, 'access.log')};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
      (t) => `${t}_temp_path ${join(dir, `${t}_temp`)};`,
    ),
  ].join('\n');
}

export interface NginxTestResult {
  ok: boolean;
  output: string;
}

/** `nginx -t` on a full configuration file. */
export function nginxTest(confFile: string, prefix: string): NginxTestResult {
  const r = spawnSync(
    NGINX_BIN,
    ['-t', '-q', '-p', prefix, '-e', join(prefix, 'error.log'), '-c', confFile],
    { encoding: 'utf8' },
  );
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

export interface RunningNginx {
  port: number;
  url: string;
  process: Started;
  stop(): Promise<void>;
}

/**
 * Starts nginx in `dir` with `httpBody(port)` as the http block's content (after the
 * isolation lines), and waits until it listens.
 */
export async function startNginx(
  dir: string,
  httpBody: (port: number) => string,
): Promise<RunningNginx> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, `${isolatedMain(dir)}\nhttp {\n${isolatedHttp(dir)}\n${httpBody(port)}\n}\n`);
  const test = nginxTest(conf, dir);
  if (!test.ok) throw new Error(`nginx -t failed:\n${test.output}`);
  const proc = startProcess(
    NGINX_BIN,
    ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf],
    join(dir, 'stdout.log'),
  );
  await waitForPort(port);
  return { port, url: `http://127.0.0.1:${port}`, process: proc, stop: () => proc.stop() };
}
