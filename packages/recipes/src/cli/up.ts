import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startNative, stopRecorded, defaultStateDir, type NativeStack } from '../runtime/native.js';
import { alive } from '../runtime/processes.js';
import { readRecord } from '../runtime/supervisor.js';
import { optionHelp } from '../input/option-table.js';
import { parseCommand } from './args.js';
import { OPTION_PARSING, specFromOptions, UsageError } from './options.js';
import { addUser, adminHtpasswdOf, htpasswdOf } from '../runtime/users.js';
import { addEnvUser } from '../runtime/env-users.js';

export const UP_USAGE = `usage:
  ohif-recipes up <variant> [options]
  ohif-recipes user add NAME --state-dir DIR    (password from OHIF_NEW_PASSWORD or stdin)
  ohif-recipes down --state-dir DIR

Runs the recipe natively on 127.0.0.1 (Debian's nginx and Orthanc, the prebuilt OHIF
viewer; nginx-orthanc-postgres adds a private PostgreSQL cluster), without Docker.
Ctrl-C stops everything it started; with --detach the servers
keep running until "ohif-recipes down". Data stays in the state directory.
With --auth basic, set OHIF_BASIC_AUTH_USERS=user:password[,...] (viewer users) and
optionally OHIF_BASIC_AUTH_ADMINS (PACS administrators) for the first start, or name files
holding them with OHIF_BASIC_AUTH_USERS_FILE / _ADMINS_FILE; they are hashed into
<state>/auth/htpasswd and admins.htpasswd (later: ohif-recipes user add). The recipe options mean what they mean for
generate: nginx listens on --http-port (with TLS: HTTPS on --https-port, and --http-port,
default a free one, redirects); the default public URL is http(s)://127.0.0.1:PORT/.

up options:
${optionHelp([
  ['--port N', "the public URL's port when no URL or port option names it (default 8080)"],
  [
    '--state-dir DIR',
    'data, logs and configuration (default /var/lib/ohif-recipes/<variant> as root)',
  ],
  ['--pacs-port N', "Orthanc's HTTP port on loopback (default: a free one)"],
  ['--db-port N', "the PostgreSQL index's port on loopback (default: a free one)"],
  ['--config FILE', 'a JSON recipe spec; command-line options override it'],
  ['--detach', 'leave the servers running; stop them with ohif-recipes down'],
])}`;

function int(v: string | undefined, option: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 65535)
    throw new UsageError(`${option}: "${v}" is not a port; fix: use a number from 1 to 65535`);
  return Number(v);
}

function banner(stack: NativeStack): string {
  const lines = [
    '',
    'ohif-recipes: up',
    ...stack.links.map((l) => `  ${l.label.padEnd(40)} ${l.url}`),
  ];
  lines.push(
    stack.dicom.enabled
      ? `  ${'DICOM C-STORE'.padEnd(40)} ${stack.dicom.aeTitle}@127.0.0.1:${stack.dicom.port} (Orthanc 1.10 listens on every interface; --expose-dicom none turns it off)`
      : `  ${'DICOM C-STORE'.padEnd(40)} off (--expose-dicom none)`,
    ...(stack.model.database
      ? [
          `  ${'PostgreSQL (Orthanc index)'.padEnd(40)} ${stack.model.database.host}:${stack.model.database.port} (password in ${stack.stateDir}/secrets/db-password)`,
        ]
      : []),
    `  ${'state (data, logs)'.padEnd(40)} ${stack.stateDir}`,
    '',
  );
  return lines.join('\n');
}

async function statusLine(stack: NativeStack): Promise<string> {
  // Probes that need no credentials and no certificate: nginx's own /healthz on plain HTTP,
  // the PACS on its loopback port.
  const check = async (url: string, headers: Record<string, string> = {}) => {
    try {
      return (await fetch(url, { headers, signal: AbortSignal.timeout(2_000) })).ok
        ? 'ok'
        : 'error';
    } catch {
      return 'down';
    }
  };
  let studies = '?';
  const count = stack.pacs.studies;
  if (count) {
    try {
      const r = await fetch(count.url, {
        headers: stack.pacsHeaders,
        signal: AbortSignal.timeout(2_000),
      });
      studies = String(((await r.json()) as Record<string, unknown>)[count.field] ?? '?');
    } catch {
      /* shown as ? */
    }
  }
  const restarts = Object.entries(stack.restarts)
    .map(([name, n]) => `${name} restarted ${n}x`)
    .join(', ');
  const [nginx, pacs] = await Promise.all([
    check(stack.model.healthUrl),
    check(stack.pacs.readyUrl, stack.pacsHeaders),
  ]);
  return `${new Date().toISOString().slice(11, 19)}  nginx ${nginx}  ${stack.pacs.name} ${pacs}  studies ${studies}${restarts ? `  (${restarts})` : ''}`;
}

/** Set in the environment of the background `up` that `up --detach` starts. */
const SUPERVISED = 'OHIF_RECIPES_SUPERVISED';

/**
 * `up --detach`: the same `up` in the background, its own session, output in
 * <state>/logs/up.log; this process relays its progress and returns once the stack serves.
 */
async function detach(args: string[], stateDir: string): Promise<number> {
  mkdirSync(join(stateDir, 'logs'), { recursive: true });
  const log = join(stateDir, 'logs', 'up.log');
  const errLog = join(stateDir, 'logs', 'up.err.log');
  const out = openSync(log, 'a');
  const err = openSync(errLog, 'w');
  let from = statSync(log).size;
  const child = spawn(
    process.execPath,
    [
      process.argv[1] as string,
      'up',
      ...args.filter((a) => a !== '--detach'),
      '--state-dir',
      stateDir,
    ],
    { detached: true, stdio: ['ignore', out, err], env: { ...process.env, [SUPERVISED]: '1' } },
  );
  closeSync(out);
  closeSync(err);
  child.unref();
  let code: number | undefined;
  child.once('exit', (c) => (code = c ?? 1));
  const relay = () => {
    const text = readFileSync(log);
    process.stdout.write(text.subarray(from));
    from = text.length;
  };
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    relay();
    const rec = readRecord(stateDir);
    if (rec?.ready && rec.supervisor === child.pid) break;
    if (code !== undefined) {
      process.stderr.write(readFileSync(errLog, 'utf8'));
      return code === 0 ? 1 : code;
    }
  }
  process.stdout.write(
    `ohif-recipes: running in the background (supervisor pid ${child.pid}: restarts a server that exits; log ${log}); stop with: ohif-recipes down --state-dir ${stateDir}\n`,
  );
  return 0;
}

export async function up(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    'up',
    {
      ...OPTION_PARSING,
      port: { type: 'string' },
      'state-dir': { type: 'string' },
      'pacs-port': { type: 'string' },
      'db-port': { type: 'string' },
      config: { type: 'string' },
      detach: { type: 'boolean' },
    },
    args,
  );
  if (values.help) {
    process.stdout.write(`${UP_USAGE}\n`);
    return 0;
  }
  const spec = specFromOptions(positionals[0], values);
  const stateDir = resolve(values['state-dir'] ?? defaultStateDir(spec.variant));
  const running = readRecord(stateDir)?.supervisor;
  if (running && running !== process.pid && alive(running))
    throw new UsageError(
      `a stack already runs from ${stateDir} (supervisor pid ${running}); fix: ohif-recipes down --state-dir ${stateDir}`,
    );
  if (values.detach) return detach(args, stateDir);
  const log = (line: string) => process.stdout.write(`ohif-recipes: ${line}\n`);
  const stack = await startNative({
    spec,
    port: int(values.port, '--port'),
    pacsPort: int(values['pacs-port'], '--pacs-port'),
    dbPort: int(values['db-port'], '--db-port'),
    stateDir,
    restart: true,
    log,
  });
  process.stdout.write(banner(stack));
  stack.ready();
  process.stdout.write(
    process.env[SUPERVISED]
      ? `ohif-recipes: supervising ${stack.processes.map((p) => p.name).join(', ')} (pid ${process.pid})\n`
      : `ohif-recipes: Ctrl-C stops ${stack.processes.map((p) => p.name).join(', ')}; a server that exits is started again\n`,
  );
  const tty = process.stdout.isTTY === true;
  let last = 0;
  const timer = setInterval(() => {
    void statusLine(stack).then((line) => {
      // A live line on a terminal; a line a minute in a log.
      if (tty) process.stdout.write(`\r${line}   `);
      else if (Date.now() - last >= 60_000) {
        last = Date.now();
        process.stdout.write(`${line}\n`);
      }
    });
  }, 5_000);
  const why = await new Promise<string>((done) => {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      process.once(sig, () => done(`received ${sig}`));
  });
  clearInterval(timer);
  process.stdout.write(`${tty ? '\n' : ''}ohif-recipes: ${why}; stopping...\n`);
  await stack.stop();
  process.stdout.write('ohif-recipes: stopped\n');
  return 0;
}

const USER_USAGE = `usage: ohif-recipes user add NAME --state-dir DIR [--admin]   (a native stack)
       ohif-recipes user add NAME --dir DIR [--admin]         (a docker compose recipe)

Adds (or changes the password of) a basic-authentication user of a recipe generated or
started with --auth basic; --admin makes a PACS administrator (the PACS UI and its write
API), who may use the viewer too. The password comes from OHIF_NEW_PASSWORD, else from
standard input, and only its SHA-512 crypt hash is kept:
  --state-dir: in <state>/auth/htpasswd, which nginx reads at each request;
  --dir: in DIR/.env (OHIF_BASIC_AUTH_USERS, OHIF_BASIC_AUTH_ADMINS); then recreate the
  viewer (docker compose up -d --force-recreate viewer).`;

const DOWN_USAGE = `usage: ohif-recipes down --state-dir DIR   (or: ohif-recipes down VARIANT, for its default state dir)

Stops a stack started with up --detach: its supervisor first, then any recorded server
still running its recorded binary.`;

/** `ohif-recipes user add NAME --state-dir DIR`: password from OHIF_NEW_PASSWORD or stdin. */
export async function user(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    'user',
    { 'state-dir': { type: 'string' }, dir: { type: 'string' }, admin: { type: 'boolean' } },
    args,
  );
  if (values.help) {
    process.stdout.write(`${USER_USAGE}\n`);
    return 0;
  }
  const [action, name] = positionals;
  if (action !== 'add' || !name)
    throw new UsageError(
      'user: name the user to add; fix: ohif-recipes user add NAME --state-dir DIR',
    );
  const stateDir = values['state-dir'];
  const dir = values.dir;
  if (!stateDir === !dir)
    throw new UsageError(
      'user add: give either --state-dir (the one up used, for a native stack) or --dir (a compose recipe folder)',
    );
  let password = process.env.OHIF_NEW_PASSWORD;
  if (password === undefined) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    password = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  const admin = values.admin === true;
  const who = admin ? 'PACS administrator' : 'user';
  if (dir) {
    const result = addEnvUser(dir, name, password, admin);
    process.stdout.write(
      `ohif-recipes: ${result} ${who} ${name} in ${join(dir, '.env')} (hash only); apply with: docker compose up -d --force-recreate viewer\n`,
    );
    return 0;
  }
  const state = stateDir as string;
  const result = addUser(state, name, password, admin);
  process.stdout.write(
    `ohif-recipes: ${result} ${who} ${name} in ${htpasswdOf(state)}${admin ? ` and ${adminHtpasswdOf(state)}` : ''}\n`,
  );
  return 0;
}

export async function down(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand('down', { 'state-dir': { type: 'string' } }, args);
  if (values.help) {
    process.stdout.write(`${DOWN_USAGE}\n`);
    return 0;
  }
  const stateDir =
    values['state-dir'] ?? (positionals[0] ? defaultStateDir(positionals[0]) : undefined);
  if (!stateDir)
    throw new UsageError(
      'down: --state-dir: missing; fix: give the --state-dir that up used (or the variant name for its default)',
    );
  const stopped = await stopRecorded(stateDir);
  process.stdout.write(
    stopped.length
      ? `ohif-recipes: stopped ${stopped.join(', ')}\n`
      : 'ohif-recipes: nothing was running\n',
  );
  return 0;
}
